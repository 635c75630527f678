# ruff: noqa: F811  (the payments fixtures are imported here; pytest passes them back by name)
"""The council console's disputes: the queue with escalated ones first, the decision form (errors
beside their field, 400), only staff (others are refused), and a bank refund to confirm."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gembazaar.payments import disputes
from gembazaar.payments.models import Refund
from gembazaar.payments.tests.conftest import (  # noqa: F401  (fixtures, and the orders tests' autouse ones)
    _email_backend_and_fx_cache,
    _shipping_zones,
    buyer,
    make_buyer,
    seller,
    seller_user,
    staff,
)
from gembazaar.payments.tests.test_disputes_helpers import (  # noqa: F401 (_private_media: autouse)
    _private_media,
    shipped_order,
    status_of,
)
from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_on_new_order(buyer, seller, seller_user, staff, description: str):
    order = shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff)
    return disputes.dispute_open(order=order, actor=buyer, reason="not_as_described", description=description)


@pytest.fixture
def escalated(buyer, seller, seller_user, staff):
    dispute = open_on_new_order(buyer, seller, seller_user, staff, "Synthetic, sold as natural.")
    disputes.disputes_escalate_overdue(now=timezone.now() + timedelta(days=4))
    dispute.refresh_from_db()
    return dispute


def test_the_queue_shows_escalated_disputes_first(escalated, buyer, seller, seller_user, staff):
    later = open_on_new_order(buyer, make_seller(trade_name="Peshawar Lapis"),
                              seller_user, staff, "Still talking.")
    page = client_for(staff).get(reverse("council:dispute_list")).content.decode()
    assert reverse("council:dispute_list") in client_for(staff).get(reverse("council:queue")).content.decode()
    assert page.index(escalated.order.number) < page.index(later.order.number)


def test_staff_decide_a_partial_refund_and_confirm_the_bank_refund(escalated, staff):
    client = client_for(staff)
    url = reverse("council:dispute_decide", args=[escalated.pk])
    bad = client.post(url, {"outcome": "refund_part", "amount": "12.345", "reason": "Partly."})
    assert bad.status_code == 400 and "apply-field--invalid" in bad.content.decode()
    no_reason = client.post(url, {"outcome": "refund_part", "amount": "12.00", "reason": ""})
    assert no_reason.status_code == 400 and not Refund.objects.exists()

    response = client.post(url, {"outcome": "refund_part", "amount": "300.00",
                                 "reason": "The lab confirms heat treatment not disclosed."})
    assert response.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount, refund.status) == (300, "requested")
    assert status_of(escalated.order) == "completed"
    page = client.get(reverse("council:dispute_detail", args=[escalated.pk])).content.decode()
    assert 'data-testid="dispute-outcome"' in page and 'data-testid="decision-form"' not in page


def test_only_council_staff_reach_the_disputes(escalated, buyer, seller_user):
    for person in (buyer, seller_user):
        client = client_for(person)
        assert client.get(reverse("council:dispute_list")).status_code == 403
        response = client.post(reverse("council:dispute_decide", args=[escalated.pk]),
                               {"outcome": "release", "reason": "Mine."})
        assert response.status_code == 403
    assert not Refund.objects.exists() and status_of(escalated.order) == "disputed"


def test_an_unknown_dispute_is_404(staff):
    assert client_for(staff).get(reverse("council:dispute_detail", args=[987654321])).status_code == 404
