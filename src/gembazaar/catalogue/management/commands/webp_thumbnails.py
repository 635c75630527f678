"""`gembazaar webp_thumbnails`: WebP thumbnails for pictures stored before they existed."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from gembazaar.catalogue.thumbnails import thumbnails_make_webp, thumbnails_missing_webp


class Command(BaseCommand):
    help = "Make a WebP thumbnail beside every stored JPEG thumbnail that has none (safe to run again)."

    def handle(self, *args, **options):
        total = thumbnails_missing_webp()
        with tqdm(total=total, unit=" files", file=sys.stderr, disable=options["verbosity"] == 0 or not total) as bar:
            files, rows = thumbnails_make_webp(progress=bar.update)
        self.stdout.write(f"{files} WebP thumbnails for {rows} pictures.")
