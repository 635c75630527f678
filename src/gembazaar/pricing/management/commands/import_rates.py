"""`gembazaar import-rates FILE.csv [--confirm]`: record metal and FX rates from a CSV, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gembazaar.pricing import services


class Command(BaseCommand):
    help = ("Record metal and FX rates from a CSV (columns kind,metal,fineness,unit,price,currency,source,"
            "effective_at) and reprice metal-linked listings. All or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--confirm", action="store_true", help="accept rates more than 50 %% from the last")

    def handle(self, *args, file: Path, confirm: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            report = services.import_rates_csv(text=data, confirm=confirm)
        except ValidationError as exc:
            lines = [f"  {field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()]
            raise CommandError("Nothing was recorded:\n" + "\n".join(lines)) from exc
        self.stdout.write(f"Recorded {len(report.metal_rates)} metal rate(s) and {len(report.fx_rates)} FX rate(s); "
                          f"{report.repriced} listing(s) repriced.")
