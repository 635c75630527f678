"""`gembazaar duty-rates-load [path]`: reload the duty-rate table from the shipped CSV (or a file)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gembazaar.shipping import duty_table
from gembazaar.shipping.models import DutyRate, DutyRateChange


class Command(BaseCommand):
    help = "Load import duty and VAT rates from shipping/data/duty_rates.csv (changed rows get a history row)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(duty_table.CSV_PATH))

    def handle(self, *args, path, **options):
        try:
            rows = duty_table.read_rows(Path(path))
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        with transaction.atomic():
            changed = duty_table.load(DutyRate, DutyRateChange, rows)
        self.stdout.write(f"{len(rows)} rows read, {changed} changed.")
