"""Benchmark: reprice 1,000,000 metal-linked jewelry listings on PostgreSQL after a new gold rate.

    .venv/bin/python bench/reprice.py [--listings 1000000] [--postgres-url URL] [--fresh] [--runs 3]

Uses the database gbz_reprice_bench (created and migrated when missing; --fresh drops it first).
Listings are created once, set-based (INSERT … SELECT FROM generate_series: one seller, 22K/21K/18K
gold pieces of 2–60 g with every making-charge mode, wastage, stones and margin, a realistic
description and search text) and reused by later runs. Each run records a new 24K rate
(alternately +2 % and −2 %) through `services.record_metal_rate`, which reprices every listing in
one transaction, and prints the time of the whole call and of the repricing statements alone;
then it checks a random sample of listings against the Python engine (`quote_listing`).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "src"))

from seed import _admin_url, machine_facts, recreate_postgres  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gbz_reprice_bench"

SEARCH_TEXT = ("22k gold bangle handmade in lahore sarafa bazaar traditional kundan work with polki and "
               "emerald set stones bridal jewelry set necklace earrings tikka gold jewellery pakistan "
               "hallmarked pgjdc assay 916 karat yellow gold women wedding gift ")

DESCRIPTION = ("Handmade in the Sarafa Bazaar of Lahore by a third-generation karigar: a 22K yellow gold "
               "bangle with traditional kundan work, set with polki and small emeralds. Hallmarked and "
               "assayed; weight, making charge and stones are itemised on the price breakdown, and the "
               "price follows the day's Sarafa gold rate. Comes in a gift box with a certificate of "
               "purity. Sizes 2.4 to 2.8; other sizes made to order in ten days. ")
CREATE_LISTINGS = """
WITH created AS (
    INSERT INTO catalogue_listing (seller_id, sku, kind, title, slug, description, status, quantity, moq,
        price_mode, currency, hs_code, origin_country, origin_locality, is_featured, published_at, search_text,
        created_at, updated_at)
    SELECT %(seller)s, 'RB-' || g, 'jewelry', '22K gold bangle ' || g, 'gold-bangle', %(description)s, 'active', 1,
        1, 'metal_linked', 'PKR', '7113.19', 'PK', '', false, now(), %(text)s || g, now(), now()
    FROM generate_series(%(start)s, %(stop)s) AS g
    RETURNING id
)
INSERT INTO catalogue_listingprice (listing_id, price, reference_price) SELECT id, 100000, 355.24 FROM created
"""
CREATE_SPECS = """
INSERT INTO catalogue_jewelryspec (listing_id, jewelry_type, metal, fineness, karat, gross_weight_g,
    net_metal_weight_g, making_charge_mode, making_charge_value, wastage_percent, stone_value, margin_percent,
    stones, stone_weight_ct, size, hallmark, gender)
SELECT l.id, 'bangles', 'gold', f.fineness, f.karat, w.net + 1, w.net,
    (ARRAY['percent', 'per_gram', 'per_tola', 'fixed'])[1 + l.id %% 4],
    (ARRAY[10, 850, 9500, 12000])[1 + l.id %% 4], (l.id %% 5) * 1.25, (l.id %% 7) * 2500, (l.id %% 3) * 2.5,
    '', NULL, '', '', 'female'
FROM catalogue_listing l
CROSS JOIN LATERAL (SELECT (2 + (l.id * 7919) %% 58000 / 1000.0)::numeric(10, 3) AS net) w
CROSS JOIN LATERAL (SELECT (ARRAY[916, 875, 750])[1 + l.id %% 3] AS fineness,
                           (ARRAY[22, 21, 18])[1 + l.id %% 3] AS karat) f
WHERE l.seller_id = %(seller)s AND NOT EXISTS (SELECT 1 FROM catalogue_jewelryspec j WHERE j.listing_id = l.id)
"""


def ensure_database(url: str, fresh: bool) -> None:
    import psycopg
    from psycopg import sql

    admin_url, name = _admin_url(url)
    if fresh:
        recreate_postgres(url)
        return
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure_listings(target: int) -> float:
    """Create metal-linked listings up to `target`; returns the seconds spent (0 when reused)."""
    from django.db import connection, transaction

    from gembazaar.catalogue.models import Listing
    from gembazaar.sellers.models import Seller

    seller, _ = Seller.objects.get_or_create(
        slug="reprice-bench", defaults={"legal_name": "Reprice Bench (Pvt) Ltd", "trade_name": "Reprice Bench",
                                        "city": "Lahore", "status": Seller.Status.VERIFIED,
                                        "verified_at": "2026-01-01T00:00:00Z"})
    have = Listing.objects.filter(seller=seller).count()
    if have >= target:
        return 0.0
    started = time.perf_counter()
    batch = 250_000
    for start in range(have + 1, target + 1, batch):
        stop = min(start + batch - 1, target)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(CREATE_LISTINGS, {"seller": seller.pk, "text": SEARCH_TEXT, "description": DESCRIPTION,
                                             "start": start, "stop": stop})
            cursor.execute(CREATE_SPECS, {"seller": seller.pk})
        print(f"  created listings {start:,}–{stop:,}", flush=True)
    with connection.cursor() as cursor:
        for table in ("catalogue_listing", "catalogue_listingprice", "catalogue_jewelryspec"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_REPRICE_URL", DEFAULT_URL))
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the benchmark database")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", type=int, default=2000, help="listings compared with the engine after each run")
    parser.add_argument("--fx-runs", type=int, default=0,
                        help="then record this many PKR exchange rates (±1 %%), each moving every reference price")
    args = parser.parse_args()

    ensure_database(args.postgres_url, args.fresh)
    os.environ["DATABASE_URL"] = args.postgres_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gembazaar.settings")
    os.environ["DEBUG"] = "false"  # no query log
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from gembazaar.catalogue.models import Listing
    from gembazaar.pricing import repricing, selectors, services
    from gembazaar.pricing.models import ListingPriceChange

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_seconds = time.perf_counter() - started
    create_seconds = ensure_listings(args.listings)
    latest = selectors.latest_metal_rate(metal="gold", fineness=999, currency="PKR")
    price = latest.price if latest else Decimal("452300")
    facts = machine_facts()
    version = connection.pg_version
    print(f"reprice benchmark — {args.listings:,} metal-linked listings, PostgreSQL "
          f"{version // 10000}.{version % 100}")
    print(f"  machine: {facts['nproc']} CPU(s), {facts['cpu']}, {facts['ram']} RAM; {facts['os']}")
    if migrate_seconds > 5:
        print(f"  migrations applied in {migrate_seconds:.1f} s")
    if create_seconds:
        print(f"  listings created in {create_seconds:.1f} s")

    timings = []
    original = repricing._reprice_postgresql

    def timed(rows, history):
        started = time.perf_counter()
        result = original(rows, history)
        timings.append(time.perf_counter() - started)
        return result

    repricing._reprice_postgresql = timed
    for run in range(args.runs):
        price = (price * (Decimal("1.02") if run % 2 == 0 else Decimal("0.98"))).quantize(Decimal("0.01"))
        history_before = ListingPriceChange.objects.count()
        load = os.getloadavg()[0]
        started = time.perf_counter()
        # An outer transaction only to read this transaction's own table statistics before COMMIT
        # (record_metal_rate's atomic block becomes a savepoint); the time includes the commit.
        with transaction.atomic():
            services.record_metal_rate(metal="gold", fineness=999, unit="tola", price=price, currency="PKR",
                                       source="reprice benchmark", confirm=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
                               "WHERE relname = 'catalogue_listingprice'")
                updated, hot = cursor.fetchone()
        total = time.perf_counter() - started
        changed = ListingPriceChange.objects.count() - history_before
        print(f"  run {run + 1}: 24K = Rs {price:,}/tola → {changed:,} listings repriced; "
              f"record_metal_rate {total:.2f} s incl. commit ({changed / total:,.0f} listings/s; "
              f"repricing statement {timings[-1]:.2f} s); HOT updates {hot:,}/{updated:,} "
              f"({100 * hot / max(updated, 1):.1f} %); load average {load:.1f} → {os.getloadavg()[0]:.1f}",
              flush=True)
        sample = Listing.objects.filter(price_mode="metal_linked").select_related("jewelry").order_by("?")[:args.check]
        wrong = [x.pk for x in sample if selectors.quote_listing(x).amount != x.price]
        print(f"         {len(sample):,} random listings checked against the Python engine: {len(wrong)} differ"
              + (f" (e.g. {wrong[:5]})" if wrong else ""), flush=True)
    for run in range(args.fx_runs):
        from gembazaar.pricing.models import FXRate

        last = FXRate.objects.filter(currency="PKR").order_by("-effective_at", "-id").first()
        per_usd = (last.per_usd * (Decimal("1.01") if run % 2 == 0 else Decimal("0.99"))).quantize(Decimal("0.0001"))
        started = time.perf_counter()
        rate = services.record_fx_rate(currency="PKR", per_usd=per_usd, source="reprice benchmark", confirm=True)
        total = time.perf_counter() - started
        print(f"  fx run {run + 1}: 1 USD = {per_usd} PKR → {rate.repriced:,} listings repriced; record_fx_rate "
              f"{total:.2f} s incl. commit ({rate.repriced / total:,.0f} listings/s)", flush=True)
    connection.close()


if __name__ == "__main__":
    main()
