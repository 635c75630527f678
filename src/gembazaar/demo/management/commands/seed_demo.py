"""`gembazaar seed-demo`: fill the database with a believable demo marketplace.

    gembazaar seed-demo [--listings 2000] [--seed 42] [--if-empty] [--no-pictures] [--quiet]

The same seed gives the same listings. `--if-empty` does nothing when any listing exists (used by
`make demo`). Every demo account's password is printed at the end.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from gembazaar.demo.constants import DEFAULT_LISTINGS, DEFAULT_SEED
from gembazaar.demo.run import SeedReport, seed_demo


class Command(BaseCommand):
    help = "Create demo sellers, accounts, listings and pictures (deterministic for a given --seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--listings", type=int, default=DEFAULT_LISTINGS,
                            help=f"how many listings to create (default {DEFAULT_LISTINGS})")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=f"random seed; the same seed gives the same listings (default {DEFAULT_SEED})")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if any listing exists")
        parser.add_argument("--no-pictures", action="store_true", help="create listings without pictures")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options) -> None:
        if options["listings"] < 0:
            raise CommandError("--listings cannot be negative.")
        show_progress = not options["quiet"] and sys.stderr.isatty()
        with tqdm(total=options["listings"], unit=" listings", file=sys.stderr, disable=not show_progress,
                  dynamic_ncols=True) as bar:
            report = seed_demo(listings=options["listings"], seed=options["seed"], if_empty=options["if_empty"],
                               pictures=not options["no_pictures"], on_progress=bar.update)
        if report.skipped:
            self.stdout.write("Listings already exist: nothing to do (--if-empty).")
            return
        self._print_report(report)

    def _print_report(self, report: SeedReport) -> None:
        totals = report.totals
        out = self.stdout.write
        out(self.style.SUCCESS(
            f"Created {totals.listings:,} listings ({totals.gems - totals.lots:,} gemstones, {totals.lots:,} lots, "
            f"{totals.jewelry:,} jewelry) for {report.sellers} sellers, with {totals.images:,} picture links."))
        out(f"Listings: {report.listing_seconds:.1f} s ({report.listings_per_second:,.0f} listings/s); "
            f"pictures: {report.pictures_drawn} drawn in {report.picture_seconds:.1f} s; "
            f"total {report.elapsed:.1f} s.")
        out(f"\nOpen {settings.SITE_URL}\n")
        out("Demo accounts (log in with the username; every account has the same demo password):")
        out(f"  {'username':<10} {'email':<26} {'password':<16} role")
        for account in report.accounts:
            out(f"  {account.username:<10} {account.email:<26} {account.password:<16} {account.role}")
