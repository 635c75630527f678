"""Benchmark: checkout placements per second with concurrent buyers, and the oversell count.

    .venv/bin/python bench/checkout.py [--buyers 8] [--seconds 30] [--stones 1000] [--lots 100]

Makes a throwaway PostgreSQL database (gbz_checkout_bench, dropped afterwards), migrates it,
creates 5 verified sellers with --stones unique stones and --lots lots (stock 20 each), then runs
--buyers threads (or processes: --workers processes), each its own buyer with its own database
connection. Each thread loops: put
1–3 random listings in the cart (a lot 1–5 pieces), then place the checkout through the product's
own service (orders.services.checkout.checkout_place: price, take stock, write the orders, emails
after commit — rendered in-process, as with no Redis). Only the placement is timed.

Prints checkouts/s, orders/s (one order per seller), p50/p95/max placement latency, how many
placements were refused because a listing had just gone ("no longer available" or a cart showing
it sold), and the oversell count: listings whose ordered quantity exceeds their starting stock or
whose stock does not add up. It must be 0.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed import REPO, machine_facts, recreate_postgres

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/gbz_checkout_bench"
LOT_STOCK = 20
ADDRESS = {"name": "Bench Buyer", "line1": "1 Bench Street", "city": "Dubai", "country": "AE",
           "phone": "+971501234567"}


def make_catalogue(*, stones: int, lots: int):
    """Sellers and listings written in bulk (setup only; the timed part uses the real services)."""
    from django.utils import timezone

    from gembazaar.catalogue.models import GemSpec, Listing, ListingPrice
    from gembazaar.sellers.models import Seller

    now = timezone.now()
    sellers = [Seller.objects.create(legal_name=f"Bench Gems {i} (Pvt) Ltd", trade_name=f"Bench Gems {i}",
                                     slug=f"bench-gems-{i}", city="Peshawar", status=Seller.Status.VERIFIED,
                                     verified_at=now) for i in range(5)]
    listings = []
    for n in range(stones + lots):
        lot = n >= stones
        listings.append(Listing(
            seller=sellers[n % len(sellers)], sku=f"B-{n:05d}", kind="lot" if lot else "gemstone",
            title=f"{'Peridot parcel' if lot else 'Swat emerald'} {n}", slug=f"bench-{n}", status="active",
            quantity=LOT_STOCK if lot else 1, moq=1, price=Decimal(40 if lot else 500 + n), currency="USD",
            reference_price=Decimal(40 if lot else 500 + n), published_at=now))
    Listing.objects.bulk_create(listings, batch_size=500)
    prices = []  # bulk_create skips Listing.save(): write the price rows the constructor prepared
    for listing in listings:
        listing.pricing.listing = listing  # now that the listing has its id
        prices.append(listing.pricing)
    ListingPrice.objects.bulk_create(prices, batch_size=500)
    specs = []
    for listing in listings:
        lot = listing.kind == "lot"
        specs.append(GemSpec(listing=listing, species="olivine" if lot else "beryl",
                             variety="peridot" if lot else "emerald", nature="natural",
                             carat=Decimal("10.000" if lot else "1.250"), pieces=20 if lot else 1, shape="oval",
                             treatments="N" if lot else "O"))
    GemSpec.objects.bulk_create(specs, batch_size=500)
    return [listing.pk for listing in listings if listing.kind == "gemstone"], \
        [listing.pk for listing in listings if listing.kind == "lot"]


def buyer_loop(*, index, stone_ids, lot_ids, deadline, latencies, outcomes, lock, seed):
    from django.db import connections
    from django.utils import timezone

    from gembazaar.accounts.models import User
    from gembazaar.core.errors import DomainError
    from gembazaar.orders.services.cart import cart_acknowledge, cart_add_line
    from gembazaar.orders.services.checkout import checkout_place

    rng = random.Random(seed + index)
    user = User.objects.create_user(username=f"benchbuyer{index}", email=f"benchbuyer{index}@example.org",
                                    email_confirmed=True, email_confirmed_at=timezone.now())
    try:
        while time.monotonic() < deadline:
            for _ in range(rng.randint(1, 3)):
                try:
                    if rng.random() < 0.7:
                        cart_add_line(user=user, guest_token=None, listing_id=rng.choice(stone_ids))
                    else:
                        cart_add_line(user=user, guest_token=None, listing_id=rng.choice(lot_ids),
                                      quantity=rng.randint(1, 5))
                except DomainError:
                    pass  # sold before it reached the cart
            started = time.perf_counter()
            try:
                result = checkout_place(user=user, idempotency_key=uuid.uuid4().hex, currency="USD",
                                        shipping_address=ADDRESS)
                outcome = ("ok", len(result.orders))
            except DomainError as exc:
                outcome = (exc.code, 0)
                cart_acknowledge(user=user, guest_token=None)  # drop what was sold meanwhile
            elapsed = time.perf_counter() - started
            with lock:
                if outcome[0] != "cart_empty":
                    latencies.append(elapsed)
                outcomes.append(outcome)
    finally:
        connections.close_all()


def buyer_process(queue, **kwargs) -> None:
    latencies: list[float] = []
    outcomes: list[tuple[str, int]] = []
    buyer_loop(latencies=latencies, outcomes=outcomes, lock=threading.Lock(), **kwargs)
    queue.put((latencies, outcomes))


def oversell_count(initial: dict[int, int]) -> int:
    from django.db.models import Sum

    from gembazaar.catalogue.models import Listing
    from gembazaar.orders.models import OrderLine

    ordered = dict(OrderLine.objects.values("listing_id").annotate(total=Sum("quantity"))
                   .values_list("listing_id", "total"))
    bad = 0
    for listing_id, quantity in Listing.objects.filter(pk__in=initial).values_list("pk", "quantity"):
        taken = ordered.get(listing_id, 0)
        if taken > initial[listing_id] or quantity != initial[listing_id] - taken or quantity < 0:
            bad += 1
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--buyers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--stones", type=int, default=1000)
    parser.add_argument("--lots", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", choices=("threads", "processes"), default="threads",
                        help="one thread per buyer in one process (default: on a 2-core box this leaves a core to "
                             "PostgreSQL, as a separate database server would) or one process per buyer")
    parser.add_argument("--emails", choices=("inline", "queued"), default="inline",
                        help="inline: rendered and sent in the buyer's thread after commit (no Redis); "
                             "queued: only handed to the queue, as with Redis and a worker elsewhere")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gembazaar-bench-checkout-"))
    recreate_postgres(args.postgres_url)
    os.environ["DATABASE_URL"] = args.postgres_url
    os.environ["REDIS_URL"] = ""
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(workdir / "private")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gembazaar.settings")
    sys.path.insert(0, str(REPO / "src"))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if args.emails == "queued":
        from gembazaar.orders import tasks

        queued = []  # what a broker would hold for a worker on another machine
        tasks.send_order_status_email.delay = lambda *a: queued.append(a)
        tasks.send_seller_new_order_email.delay = lambda *a: queued.append(a)
    import logging

    logging.getLogger("celery").setLevel(logging.WARNING)
    try:
        call_command("migrate", verbosity=0)
        stone_ids, lot_ids = make_catalogue(stones=args.stones, lots=args.lots)
        initial = {pk: 1 for pk in stone_ids} | {pk: LOT_STOCK for pk in lot_ids}
        server = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 100}"
        connection.close()
        latencies: list[float] = []
        outcomes: list[tuple[str, int]] = []
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        deadline = started + args.seconds
        if args.workers == "threads":
            lock = threading.Lock()
            threads = [threading.Thread(target=buyer_loop, kwargs={
                "index": i, "stone_ids": stone_ids, "lot_ids": lot_ids, "deadline": deadline,
                "latencies": latencies, "outcomes": outcomes, "lock": lock, "seed": args.seed})
                for i in range(args.buyers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        else:
            # One process per buyer (like web workers): the GIL does not cap the machine at one core.
            context = multiprocessing.get_context("fork")
            queue = context.Queue()
            processes = [context.Process(target=buyer_process, args=(queue,), kwargs={
                "index": i, "stone_ids": stone_ids, "lot_ids": lot_ids, "deadline": deadline, "seed": args.seed})
                for i in range(args.buyers)]
            for process in processes:
                process.start()
            for _ in processes:
                part_latencies, part_outcomes = queue.get()
                latencies.extend(part_latencies)
                outcomes.extend(part_outcomes)
            for process in processes:
                process.join()
        wall = time.monotonic() - started
        load_after = os.getloadavg()[0]
        oversold = oversell_count(initial)
        from gembazaar.orders.models import Order

        orders_total = Order.objects.count()
    finally:
        connections.close_all()
        recreate_postgres(args.postgres_url, drop_only=True)
        shutil.rmtree(workdir, ignore_errors=True)

    placed = [n for code, n in outcomes if code == "ok"]
    refused = {}
    for code, _ in outcomes:
        if code != "ok":
            refused[code] = refused.get(code, 0) + 1
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else 0.0
    facts = machine_facts()
    print(f"checkout benchmark — {args.buyers} concurrent buyers, {args.seconds:.0f} s, emails {args.emails}, "
          f"{args.stones:,} unique stones + {args.lots} lots (stock {LOT_STOCK}), {server}")
    print(f"  machine: {facts['nproc']} CPU(s), {facts['cpu']}, {facts['ram']} RAM; {facts['os']}")
    print(f"  python {facts['python']}, django {django.get_version()}; buyers as {args.workers}; "
          f"load average {load_before:.1f} before, {load_after:.1f} after")
    print(f"  checkouts placed:   {len(placed):6,}  = {len(placed) / wall:7.1f} checkouts/s")
    print(f"  orders created:     {orders_total:6,}  = {orders_total / wall:7.1f} orders/s (one per seller)")
    if latencies:
        print(f"  placement latency:  p50 {statistics.median(latencies) * 1000:6.1f} ms   "
              f"p95 {p95 * 1000:6.1f} ms   max {latencies[-1] * 1000:6.1f} ms")
    print(f"  refused (item had just gone): {refused or 'none'}")
    print(f"  oversell count:     {oversold}  ({'OK' if oversold == 0 else 'OVERSOLD'})")
    if oversold:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
