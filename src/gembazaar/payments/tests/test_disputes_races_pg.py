"""Disputes under concurrency, on PostgreSQL with real threads: double clicks and two people acting
at once open one dispute, ask for one refund, record one decision.

Without PostgreSQL these tests are deselected (see conftest.py at the root) and skip if reached
anyway, except with CI=true, where a missing database is a failure.
"""

from collections import Counter

import pytest
from django.db import connection

from conftest import missing_service
from gembazaar.payments import disputes
from gembazaar.payments.models import Dispute, DisputeEvent, Refund
from gembazaar.sellers.tests.conftest import make_council_user
from gembazaar.testing import race

from .test_disputes_helpers import _private_media, shipped_order  # noqa: F401 (_private_media: autouse)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        missing_service("the dispute race tests need PostgreSQL (DATABASE_URL=postgres://…)")


@pytest.fixture
def order(buyer, seller, seller_user, staff):
    return shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff)


def test_many_clicks_on_open_make_one_dispute(order, buyer):
    results = race(lambda _: disputes.dispute_open(order=order, actor=buyer, reason="damaged",
                                                   description="Cracked girdle.").pk, list(range(6)))
    assert {code for code, _ in results} == {"ok"}, results
    assert len({pk for _, pk in results}) == 1
    assert Dispute.objects.count() == 1 and DisputeEvent.objects.filter(kind="opened").count() == 1


def test_two_clicks_on_accept_ask_for_one_refund(order, buyer, seller_user):
    dispute = disputes.dispute_open(order=order, actor=buyer, reason="damaged", description="Cracked girdle.")
    offer = disputes.dispute_offer_make(dispute=dispute, actor=seller_user, role="seller", kind="partial_refund",
                                        amount="200.00")
    results = race(lambda _: disputes.dispute_offer_accept(offer=offer, actor=buyer, role="buyer").status,
                   [1, 2])
    assert Counter(results) == {("ok", "agreed"): 2}, results
    assert Refund.objects.count() == 1
    assert DisputeEvent.objects.filter(kind="offer_accepted").count() == 1


def test_two_staff_deciding_at_once_record_one_decision(order, buyer, staff):
    dispute = disputes.dispute_open(order=order, actor=buyer, reason="damaged", description="Cracked girdle.")
    other = make_council_user("arbiter")
    results = race(lambda who: disputes.dispute_decide(dispute=dispute, actor=who, outcome="refund_part",
                                                       amount="100.00", reason="Half the damage.").status,
                   [staff, other])
    assert Counter(results) == {("ok", "decided"): 2}, results
    assert Refund.objects.count() == 1 and DisputeEvent.objects.filter(kind="decided").count() == 1
