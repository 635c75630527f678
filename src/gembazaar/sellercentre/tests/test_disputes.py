# ruff: noqa: F811  (the payments fixtures are imported here; pytest passes them back by name)
"""The seller centre's disputes: reachable from the navigation, only the business's own (another
seller's dispute 404), the seller's steps (offer, message with photos, confirm a returned piece)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gembazaar.payments import disputes
from gembazaar.payments.models import DisputeEvent, DisputeOffer, Refund
from gembazaar.payments.tests.conftest import (  # noqa: F401  (fixtures, and the orders tests' autouse ones)
    _email_backend_and_fx_cache,
    _shipping_zones,
    buyer,
    make_member,
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
from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dispute(buyer, seller, seller_user, staff):
    order = shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff)
    return disputes.dispute_open(order=order, actor=buyer, reason="fake_certificate",
                                 description="The report number belongs to another stone.")


def test_the_seller_finds_the_dispute_from_the_navigation(dispute, seller_user):
    client = client_for(seller_user)
    dashboard = client.get(reverse("sellercentre:dashboard")).content.decode()
    assert reverse("sellercentre:disputes") in dashboard
    listing = client.get(reverse("sellercentre:disputes")).content.decode()
    assert dispute.order.number in listing
    page = client.get(reverse("sellercentre:dispute_detail", args=[dispute.pk])).content.decode()
    assert "The report number belongs to another stone." in page


def test_another_seller_gets_404(dispute):
    stranger = client_for(make_member(make_seller(trade_name="Other Gems"), "othermember"))
    assert stranger.get(reverse("sellercentre:dispute_detail", args=[dispute.pk])).status_code == 404
    assert stranger.post(reverse("sellercentre:dispute_step", args=[dispute.pk, "message"]),
                         {"message-text": "hi"}).status_code == 404
    assert dispute.order.number not in stranger.get(reverse("sellercentre:disputes")).content.decode()
    assert not DisputeEvent.objects.filter(kind="message").exists()


def test_the_seller_writes_with_photos_and_offers(dispute, seller_user):
    client = client_for(seller_user)
    step = lambda name: reverse("sellercentre:dispute_step", args=[dispute.pk, name])  # noqa: E731
    response = client.post(step("message"), {"message-text": "Here is the lab's letter.",
                                             "message-photos": [SimpleUploadedFile("l.png", png_bytes(),
                                                                                   content_type="image/png")]})
    assert response.status_code == 302
    assert DisputeEvent.objects.get(kind="message").photos.count() == 1
    bad = client.post(step("message"), {"message-text": "x", "message-photos": [
        SimpleUploadedFile("l.png", b"not an image", content_type="image/png")]})
    assert bad.status_code == 400 and "apply-field--invalid" in bad.content.decode()
    too_much = client.post(step("offer"), {"offer-kind": "partial_refund", "offer-amount": "99999.00"})
    assert too_much.status_code == 400 and not DisputeOffer.objects.exists()
    assert client.post(step("offer"), {"offer-kind": "return"}).status_code == 302
    assert client.post(step("withdraw"), {}).status_code == 404  # the buyer's step, not the seller's


def test_the_seller_confirms_the_returned_piece_and_the_buyer_is_refunded(dispute, buyer, seller_user):
    offer = disputes.dispute_offer_make(dispute=dispute, actor=buyer, role="buyer", kind="return")
    client = client_for(seller_user)
    assert client.post(reverse("sellercentre:dispute_step", args=[dispute.pk, "accept"]),
                       {"offer": str(offer.pk)}).status_code == 302
    page = client.get(reverse("sellercentre:dispute_detail", args=[dispute.pk])).content.decode()
    assert 'data-testid="awaiting-return"' in page
    assert client.post(reverse("sellercentre:dispute_step", args=[dispute.pk, "return_received"])).status_code == 302
    assert Refund.objects.get().amount == dispute.order.total
    assert status_of(dispute.order) == "refunded"
