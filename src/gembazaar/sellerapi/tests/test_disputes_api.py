# ruff: noqa: F811  (the payments fixtures are imported here; pytest passes them back by name)
"""The seller API's disputes: with the key only the seller's own (another seller's dispute 404),
messages with photos checked by content, offers checked, the returned piece confirmed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gembazaar.payments import disputes
from gembazaar.payments.models import DisputeOffer, Refund
from gembazaar.payments.tests.conftest import (  # noqa: F401  (fixtures, and the orders tests' autouse ones)
    _email_backend_and_fx_cache,
    _shipping_zones,
    buyer,
    seller,
    seller_user,
    staff,
)
from gembazaar.payments.tests.test_disputes_helpers import (  # noqa: F401 (_private_media: autouse)
    _private_media,
    png_bytes,
    shipped_order,
    status_of,
)
from gembazaar.sellers import api_keys
from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db


def key_client(seller, created_by=None) -> Client:
    _, plaintext = api_keys.api_key_create(seller=seller, name="ERP", created_by=created_by)
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


@pytest.fixture
def dispute(buyer, seller, seller_user, staff):
    order = shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff)
    return disputes.dispute_open(order=order, actor=buyer, reason="not_received", description="Tracking stopped.")


def test_the_key_reads_its_disputes_and_not_another_sellers(dispute, seller, seller_user):
    client = key_client(seller, seller_user)
    body = client.get("/api/v1/seller/disputes").json()
    assert body["count"] == 1 and body["items"][0]["order"] == dispute.order.number
    assert client.get(f"/api/v1/seller/disputes/{dispute.pk}").json()["description"] == "Tracking stopped."

    other = key_client(make_seller(trade_name="Quetta Onyx"))
    assert other.get("/api/v1/seller/disputes").json()["count"] == 0
    assert other.get(f"/api/v1/seller/disputes/{dispute.pk}").status_code == 404
    assert other.post(f"/api/v1/seller/disputes/{dispute.pk}/offers", {"kind": "return"},
                      content_type="application/json").status_code == 404
    assert Client().get("/api/v1/seller/disputes").status_code == 401


def test_messages_offers_and_the_return(dispute, seller, seller_user, buyer):
    client = key_client(seller, seller_user)
    base = f"/api/v1/seller/disputes/{dispute.pk}"
    response = client.post(f"{base}/messages", {"text": "Proof of delivery attached.", "photos": [
        SimpleUploadedFile("pod.png", png_bytes(), content_type="image/png")]})
    assert response.status_code == 201 and len(response.json()["events"][-1]["photos"]) == 1
    bad = client.post(f"{base}/messages", {"text": "x", "photos": [
        SimpleUploadedFile("pod.png", b"MZ\x90\x00 executable", content_type="image/png")]})
    assert bad.status_code == 400 and bad.json()["field"] == "photos"
    decimals = client.post(f"{base}/offers", {"kind": "partial_refund", "amount": "1.001"},
                           content_type="application/json")
    assert decimals.status_code == 400 and decimals.json()["field"] == "amount"
    assert not DisputeOffer.objects.exists()

    offer = disputes.dispute_offer_make(dispute=dispute, actor=buyer, role="buyer", kind="return")
    accepted = client.post(f"{base}/offers/{offer.pk}/accept")
    assert accepted.status_code == 200 and accepted.json()["awaiting_return"] is True
    done = client.post(f"{base}/return-received")
    assert done.status_code == 200 and done.json()["outcome"] == "return"
    assert Refund.objects.get().amount == dispute.order.total
    assert status_of(dispute.order) == "refunded"
