"""Seed the demo marketplace: sellers, accounts, listings in bulk, then the pictures they use.

The one code path shared by `gembazaar seed-demo` and `bench/seed.py`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from django.db import connection, transaction
from django.utils import translation

from gembazaar.catalogue.models import Listing

from . import rates
from .accounts import DemoAccount, ensure_accounts
from .businesses import ensure_sellers
from .constants import BATCH_SIZE, DEFAULT_LISTINGS, DEFAULT_SEED
from .generator import MarketplaceGenerator, PlannedListing
from .pictures import draw_missing_pictures
from .returns import ensure_returns_policies
from .writer import BatchWriter, WriteTotals


@dataclass
class SeedReport:
    skipped: bool = False
    sellers: int = 0
    accounts: tuple[DemoAccount, ...] = ()
    totals: WriteTotals = field(default_factory=WriteTotals)
    pictures_used: set[str] = field(default_factory=set)
    pictures_drawn: int = 0
    listing_seconds: float = 0.0
    picture_seconds: float = 0.0
    elapsed: float = 0.0

    @property
    def listings_per_second(self) -> float:
        return self.totals.listings / self.listing_seconds if self.listing_seconds else 0.0


def seed_demo(*, listings: int = DEFAULT_LISTINGS, seed: int = DEFAULT_SEED, if_empty: bool = False,
              pictures: bool = True, batch_size: int = BATCH_SIZE,
              on_progress: Callable[[int], None] | None = None) -> SeedReport:
    """Create the demo marketplace; with `if_empty`, do nothing when any listing exists.

    Sellers and accounts are created only if missing, and listing SKUs continue after the demo
    SKUs already there, so running it twice never fails. The same seed gives the same listings.
    """
    started = time.perf_counter()
    if if_empty and Listing.objects.exists():
        return SeedReport(skipped=True, elapsed=time.perf_counter() - started)
    report = SeedReport()
    # Demo text is English whatever the environment's language: labels are built into titles.
    with translation.override("en"):
        with transaction.atomic():
            sellers = ensure_sellers()
            ensure_returns_policies(sellers)
            report.accounts = ensure_accounts(sellers)
        report.sellers = len(sellers)
        writer = BatchWriter(sellers=sellers, with_pictures=pictures)
        report.totals = writer.totals

        loop_started = time.perf_counter()
        stream = MarketplaceGenerator(seed).listings(listings)
        while batch := list(islice(stream, batch_size)):
            if pictures:
                # Pictures first: a committed listing never points at a file that is not there yet,
                # even if the run is interrupted (and `--if-empty` would then never redraw it).
                _draw_pictures_for(batch, report)
            writer.write(batch)
            if on_progress:
                on_progress(len(batch))
        report.listing_seconds = time.perf_counter() - loop_started - report.picture_seconds
        # Today's demo metal rates; the pricing app reprices the metal-linked pieces from them.
        rates.seed_demo_rates()
    refresh_planner_statistics()
    report.elapsed = time.perf_counter() - started
    return report


def refresh_planner_statistics() -> None:
    """After a bulk load the planner knows nothing of the new rows until autovacuum comes by: on
    PostgreSQL a million fresh listings made the home page's featured query take 6 s instead of
    1 ms (estimates of 1 row), and counts read the heap instead of the index. So say it now."""
    # VACUUM (it also sets the visibility map, for index-only counts) cannot run in a transaction:
    # inside one (a test, a caller's atomic block) ANALYZE alone still gives the planner its numbers.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def _draw_pictures_for(batch: list[PlannedListing], report: SeedReport) -> None:
    started = time.perf_counter()
    new_names = sorted({name for planned in batch for name in planned.draft.pictures} - report.pictures_used)
    report.pictures_used.update(new_names)
    report.pictures_drawn += draw_missing_pictures(new_names)
    report.picture_seconds += time.perf_counter() - started
