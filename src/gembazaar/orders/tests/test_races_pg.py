"""Stock under concurrency, on PostgreSQL with real threads and real transactions.

Each thread has its own database connection; a barrier releases them together so the
placements overlap inside the database, not one after another.
"""

import random
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.db.models import Sum

from gembazaar.catalogue.models import Listing
from gembazaar.orders.models import Checkout, IdempotencyKey, Order, OrderLine
from gembazaar.testing import make_gem_listing, make_seller, race

from .conftest import add, make_buyer, make_lot, place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_fifty_buyers_race_for_one_unique_stone():
    stone = make_gem_listing()
    buyers = [make_buyer(f"racer{i}") for i in range(50)]
    for buyer in buyers:
        add(buyer, stone)

    results = race(lambda buyer: place(buyer), buyers)

    outcomes = Counter(code for code, _ in results)
    assert outcomes == {"ok": 1, "unavailable": 49}, outcomes
    assert all("no longer available" in message for code, message in results if code == "unavailable")
    stone.refresh_from_db()
    assert (stone.quantity, stone.status) == (0, Listing.Status.SOLD)
    assert Order.objects.count() == 1 and Checkout.objects.count() == 1
    assert OrderLine.objects.get().listing_id == stone.pk


def test_many_buyers_many_lots_never_oversell():
    rng = random.Random(20261128)
    sellers = [make_seller() for _ in range(3)]
    lots = [make_lot(seller=rng.choice(sellers), quantity=rng.randint(3, 8)) for _ in range(8)]
    stones = [make_gem_listing(seller=rng.choice(sellers)) for _ in range(4)]
    initial = {lot.pk: lot.quantity for lot in lots}
    buyers = []
    for i in range(24):
        buyer = make_buyer(f"trader{i}")
        for lot in rng.sample(lots, rng.randint(1, 3)):
            add(buyer, lot, rng.randint(1, min(3, lot.quantity)))
        if rng.random() < 0.5:
            add(buyer, rng.choice(stones))
        buyers.append(buyer)

    results = race(lambda buyer: place(buyer), buyers)

    codes = Counter(code for code, _ in results)
    # Losers hear "no longer available", or "only n left" when a lot shrank below their line.
    assert set(codes) <= {"ok", "unavailable", "cart_changed"}, codes
    assert codes["ok"] >= 1
    assert codes["unavailable"] + codes["cart_changed"] >= 1  # demand exceeds stock (fixed seed)
    ordered = defaultdict(int)
    for row in OrderLine.objects.values("listing_id").annotate(total=Sum("quantity")):
        ordered[row["listing_id"]] = row["total"]
    for lot in Listing.objects.filter(pk__in=initial):
        assert ordered[lot.pk] <= initial[lot.pk], lot
        assert lot.quantity == initial[lot.pk] - ordered[lot.pk]
        assert (lot.status == Listing.Status.SOLD) == (lot.quantity == 0)
    for stone in Listing.objects.filter(pk__in=[s.pk for s in stones]):
        assert ordered[stone.pk] <= 1
        assert stone.quantity == 1 - ordered[stone.pk]
    # A failed checkout wrote nothing: every order has lines, every checkout has orders.
    assert not Order.objects.filter(lines__isnull=True).exists()
    assert not Checkout.objects.filter(orders__isnull=True).exists()


def test_one_key_sent_ten_times_at_once_places_one_checkout():
    stone = make_gem_listing()
    lot = make_lot(quantity=50)
    buyer = make_buyer("doubleclicker")
    add(buyer, stone)
    add(buyer, lot, 5)

    results = race(lambda _: place(buyer, key="same-key"), list(range(10)))

    assert all(code == "ok" for code, _ in results), results
    references = {result.checkout.reference for _, result in results}
    assert len(references) == 1
    assert sum(1 for _, result in results if not result.replayed) == 1
    assert Checkout.objects.count() == 1 and IdempotencyKey.objects.count() == 1
    lot.refresh_from_db()
    assert lot.quantity == 45


@pytest.mark.parametrize("tabs", [5, 10])
def test_one_cart_sent_with_many_keys_at_once_places_one_checkout(tabs):
    """Issue 11.1: one unit of a lot in the cart, POSTed at once under a fresh key per click."""
    lot = make_lot(quantity=5)
    stone = make_gem_listing(seller=lot.seller)
    buyer = make_buyer(f"clicker{tabs}")
    add(buyer, lot, 1)
    add(buyer, stone)

    results = race(lambda i: place(buyer, key=f"click-{i}"), list(range(tabs)))

    codes = Counter(code for code, _ in results)
    assert codes["ok"] == 1, results
    # Losers either lost the claim (409 naming the winner) or read the cart after it was emptied.
    assert set(codes) <= {"ok", "cart_already_placed", "cart_empty"}, results
    winner = next(result for code, result in results if code == "ok").checkout
    assert all(winner.reference in message for code, message in results if code == "cart_already_placed")
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1
    lot.refresh_from_db()
    stone.refresh_from_db()
    assert lot.quantity == 4 and stone.quantity == 0


def test_expiry_and_payment_racing_on_one_order_do_one_thing():
    from datetime import timedelta

    from django.utils import timezone

    from gembazaar.orders.models import StockReservation
    from gembazaar.orders.services import transitions
    from gembazaar.orders.services.holds import reservations_release_expired

    stone = make_gem_listing()
    buyer = make_buyer("slowpayer")
    staff = make_buyer("council")
    staff.is_superuser = staff.is_staff = True
    staff.save()
    add(buyer, stone)
    order = place(buyer).orders[0]
    StockReservation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    def work(which):
        if which == "pay":
            return transitions.order_mark_paid(order=order, actor=staff).status
        return reservations_release_expired()

    results = race(work, ["pay", "expire"])
    order.refresh_from_db()
    stone.refresh_from_db()
    if order.status == Order.Status.PAID:
        assert (stone.quantity, stone.status) == (0, Listing.Status.SOLD)
    else:
        assert order.status == Order.Status.CANCELLED
        assert (stone.quantity, stone.status) == (1, Listing.Status.ACTIVE)
    assert [code for code, _ in results].count("crash") == 0


def test_parallel_adds_of_one_listing_make_one_line():
    from gembazaar.orders.models import CartLine
    from gembazaar.orders.services.cart import cart_get_or_create

    lot = make_lot(quantity=50)
    buyer = make_buyer("tabs")
    cart_get_or_create(user=buyer, guest_token=None)

    results = race(lambda _: add(buyer, lot, 2).pk, list(range(6)))

    assert all(code == "ok" for code, _ in results), results
    assert CartLine.objects.get(cart__user=buyer).quantity == 12
