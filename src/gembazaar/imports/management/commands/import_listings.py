"""`gembazaar import-listings FILE --seller SLUG [--kind gem|jewelry] [--update] [--images ZIP] [--publish]`.

Checks every row with a progress bar, prints the errors (row, column, reason) and writes nothing if
there are any; otherwise writes the whole file in one transaction. `--check` stops after the check.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from gembazaar.core.errors import DomainError
from gembazaar.imports.columns import KINDS
from gembazaar.imports.rows import CREATE, UPDATE
from gembazaar.imports.services import checking, writing
from gembazaar.sellers.models import Seller


class Command(BaseCommand):
    help = "Import listings for a seller from a CSV or XLSX file, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--seller", required=True, help="the seller's slug")
        parser.add_argument("--kind", choices=KINDS, default="gem")
        parser.add_argument("--update", action="store_true", help="update the seller's listings by SKU")
        parser.add_argument("--images", type=Path, help="a ZIP of pictures named by SKU")
        parser.add_argument("--publish", action="store_true", help="publish new listings (verified sellers)")
        parser.add_argument("--check", action="store_true", help="check only; write nothing")

    def handle(self, *args, **options):
        try:
            seller = Seller.objects.get(slug=options["seller"])
        except Seller.DoesNotExist:
            raise CommandError(f"No seller with slug {options['seller']!r}.") from None
        try:
            data = options["file"].read_bytes()
            images = options["images"].read_bytes() if options["images"] else None
        except OSError as exc:
            raise CommandError(str(exc)) from None
        mode = UPDATE if options["update"] else CREATE
        bar = tqdm(total=0, unit="row", desc="checking", file=self.stderr._out, disable=options["verbosity"] == 0)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            if options["check"]:
                checked = checking.import_check(seller=seller, kind=options["kind"], mode=mode, data=data,
                                                images=images, progress=progress, keep_rows=False)
                written = None
            else:
                checked, written = writing.import_listings(
                    seller=seller, kind=options["kind"], mode=mode, data=data, images=images,
                    publish=options["publish"], progress=progress)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        finally:
            bar.close()
        if checked.errors:
            for error in checked.errors[:1000]:
                where = f"row {error.row}" if error.row is not None else "file"
                self.stderr.write(f"{where}, {error.column or '-'}: {error.reason}")
            raise CommandError(f"{len(checked.errors)} error(s) in {checked.total_rows} rows; nothing was written.")
        if written is None:
            self.stdout.write(f"{checked.total_rows} rows are valid (checked only; nothing written).")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Imported {checked.total_rows} rows: {written.created} created, {written.updated} updated, "
                f"{written.images} pictures."))
