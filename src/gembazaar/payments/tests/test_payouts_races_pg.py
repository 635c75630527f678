"""Payouts under concurrency, on PostgreSQL with real threads: two staff requesting a payout at the
same moment never pay the same money twice (the seller's payout account row is locked).

Without PostgreSQL these tests are deselected (see conftest.py at the root)."""

from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection

from conftest import missing_service
from gembazaar.core.money import quantize
from gembazaar.payments import payout_selectors, payouts
from gembazaar.payments.models import Payout
from gembazaar.sellers.tests.conftest import make_council_user
from gembazaar.testing import race

from .payout_factories import complete, paid_order

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        missing_service("the payout race tests need PostgreSQL (DATABASE_URL=postgres://…)")


def test_two_staff_requesting_most_of_the_balance_at_once_pay_it_once(buyer, seller, staff):
    complete(paid_order(buyer=buyer, seller=seller, staff=staff), buyer=buyer)
    available = payout_selectors.seller_available(seller=seller)
    amount = quantize(available * Decimal("0.6"), "PKR")
    other = make_council_user("cashier")

    results = race(lambda who: payouts.payout_request(seller=seller, amount=str(amount), actor=who).pk,
                   [staff, other])

    assert Counter(code for code, _ in results) == {"ok": 1, "payout_exceeds_available": 1}, results
    assert Payout.objects.count() == 1
    assert payout_selectors.seller_available(seller=seller) == available - amount


def test_many_small_requests_at_once_never_take_more_than_available(buyer, seller, staff):
    complete(paid_order(buyer=buyer, seller=seller, staff=staff, price="100.00"), buyer=buyer)
    available = payout_selectors.seller_available(seller=seller)
    share = quantize(available / 4, "PKR")

    results = race(lambda i: payouts.payout_request(seller=seller, amount=str(share), actor=staff,
                                                    idempotency_key=f"race-{i}").pk, list(range(8)))

    assert Counter(code for code, _ in results) == {"ok": 4, "payout_exceeds_available": 4}, results
    assert payout_selectors.seller_available(seller=seller) == available - 4 * share >= 0


def test_one_key_sent_by_many_at_once_is_one_payout(buyer, seller, staff):
    complete(paid_order(buyer=buyer, seller=seller, staff=staff), buyer=buyer)

    results = race(lambda _: payouts.payout_request(seller=seller, amount="100.00", actor=staff,
                                                    idempotency_key="same").pk, list(range(6)))

    assert {code for code, _ in results} == {"ok"} and len({pk for _, pk in results}) == 1, results
    assert Payout.objects.count() == 1
