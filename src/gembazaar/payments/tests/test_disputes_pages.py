"""The buyer's dispute centre: reachable from the order page, opening with photos, the steps on the
dispute's page, errors beside their field (400), another buyer's dispute 404, late-shipment cancel."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gembazaar.payments import disputes
from gembazaar.payments.models import Dispute, DisputeOffer, Refund

from .conftest import make_buyer
from .test_disputes_helpers import (  # noqa: F401 (_private_media: autouse)
    _private_media,
    paid_order,
    png_bytes,
    shipped_order,
    status_of,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def order(buyer, seller, seller_user, staff):
    return shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff)


def test_the_order_page_leads_to_opening_a_dispute_with_photos(order, buyer):
    client = client_for(buyer)
    page = client.get(reverse("orders:my_order", args=[order.number])).content.decode()
    open_url = reverse("payments:dispute_open", args=[order.number])
    assert open_url in page
    assert reverse("payments:disputes") in client.get(reverse("orders:my_orders")).content.decode()

    response = client.post(open_url, {"reason": "not_disclosed", "description": "Heated, not said in the listing.",
                                      "photos": [SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")]})
    dispute = Dispute.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("payments:dispute_detail",
                                                                            args=[dispute.pk])
    assert dispute.events.get().photos.count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert "Heated, not said in the listing." in detail and 'data-testid="negotiation-window"' in detail
    assert reverse("payments:dispute_detail", args=[dispute.pk]) in \
        client.get(reverse("orders:my_order", args=[order.number])).content.decode()
    listing = client.get(reverse("payments:disputes")).content.decode()
    assert order.number in listing


def test_a_bad_photo_is_named_on_the_form_and_nothing_is_written(order, buyer):
    response = client_for(buyer).post(reverse("payments:dispute_open", args=[order.number]), {
        "reason": "damaged", "description": "Broken.",
        "photos": [SimpleUploadedFile("p.png", b"<svg onload=alert(1)>", content_type="image/png")]})
    assert response.status_code == 400
    assert 'data-field="photos"' in response.content.decode() and "apply-field--invalid" in response.content.decode()
    assert not Dispute.objects.exists() and status_of(order) == "delivered"


def test_steps_on_the_dispute_page_and_errors_beside_their_field(order, buyer, seller_user):
    dispute = disputes.dispute_open(order=order, actor=buyer, reason="damaged", description="Bent claw.")
    client = client_for(buyer)
    step = lambda name: reverse("payments:dispute_step", args=[dispute.pk, name])  # noqa: E731

    bad = client.post(step("offer"), {"offer-kind": "partial_refund", "offer-amount": "5.555"})
    assert bad.status_code == 400 and "apply-field--invalid" in bad.content.decode()
    assert not DisputeOffer.objects.exists()

    offer = disputes.dispute_offer_make(dispute=dispute, actor=seller_user, role="seller", kind="partial_refund",
                                        amount="120.00")
    page = client.get(reverse("payments:dispute_detail", args=[dispute.pk])).content.decode()
    assert 'data-testid="pending-offer"' in page
    assert client.post(step("accept"), {"offer": str(offer.pk)}).status_code == 302
    assert Refund.objects.get().amount == 120
    assert status_of(order) == "completed"
    assert client.post(step("return_received"), {}).status_code == 404  # not a buyer's step


def test_another_buyer_gets_404_everywhere(order, buyer):
    dispute = disputes.dispute_open(order=order, actor=buyer, reason="damaged", description="Bent claw.")
    stranger = client_for(make_buyer("eve"))
    assert stranger.get(reverse("payments:dispute_detail", args=[dispute.pk])).status_code == 404
    assert stranger.post(reverse("payments:dispute_step", args=[dispute.pk, "withdraw"]), {}).status_code == 404
    assert stranger.get(reverse("payments:dispute_open", args=[order.number])).status_code == 404
    assert stranger.get(reverse("payments:disputes")).content.decode().count('data-testid="dispute-card"') == 0
    assert Client().get(reverse("payments:dispute_detail", args=[dispute.pk])).status_code == 302  # to sign in


def test_withdrawing_from_the_page(order, buyer):
    dispute = disputes.dispute_open(order=order, actor=buyer, reason="other", description="Wrong size.")
    response = client_for(buyer).post(reverse("payments:dispute_step", args=[dispute.pk, "withdraw"]),
                                      {"withdraw-text": "Resized locally."})
    assert response.status_code == 302 and status_of(order) == "delivered"


def test_the_late_shipment_page_says_when_and_cancels_once_late(buyer, seller, staff, settings):
    order = paid_order(buyer=buyer, seller=seller, staff=staff)
    client = client_for(buyer)
    url = reverse("payments:order_cancel_late", args=[order.number])
    assert url in client.get(reverse("orders:my_order", args=[order.number])).content.decode()
    settings.ORDERS_SHIP_WITHIN_DAYS = 5
    page = client.get(url).content.decode()
    assert "has until" in page and "disabled" in page
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and status_of(order) == "paid"
    settings.ORDERS_SHIP_WITHIN_DAYS = 0
    assert client.post(url, {"reason": "Too slow."}).status_code == 302
    assert status_of(order) == "cancelled" and Refund.objects.get().amount == order.total


def test_the_admin_shows_disputes_read_only(order, buyer, admin_client):
    dispute = disputes.dispute_open(order=order, actor=buyer, reason="damaged", description="Bent claw.",
                                    photos=[png_bytes()])
    for model in ("dispute", "disputeevent", "disputeoffer", "disputephoto"):
        assert admin_client.get(reverse(f"admin:payments_{model}_changelist"), {"q": "a"}).status_code == 200
        assert admin_client.get(reverse(f"admin:payments_{model}_add")).status_code == 403
    event = dispute.events.get()
    url = reverse("admin:payments_disputeevent_change", args=[event.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"text": "edited"}).status_code == 403
    assert admin_client.post(reverse("admin:payments_disputeevent_delete", args=[event.pk]),
                             {"post": "yes"}).status_code == 403
    assert dispute.events.get().text == "Bent claw."


@pytest.mark.parametrize("hostile", ["99999999999999999999999", "9223372036854775808", "0"])
def test_hostile_ids_are_404_not_500(buyer, staff, hostile):
    for client, url in ((client_for(buyer), f"/disputes/{hostile}/"),
                        (client_for(buyer), f"/disputes/photos/{hostile}/"),
                        (client_for(staff), f"/council/disputes/{hostile}/")):
        assert client.get(url).status_code == 404, url
    assert client_for(buyer).get(f"/api/v1/disputes/{hostile}").status_code in (404, 422)


def test_photos_live_in_private_storage_without_a_public_url(order, buyer, admin_client):
    dispute = disputes.dispute_open(order=order, actor=buyer, reason="damaged", description="Bent claw.",
                                    photos=[png_bytes()])
    photo = dispute.events.get().photos.get()
    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018
    assert admin_client.get(reverse("admin:payments_disputephoto_change", args=[photo.pk])).status_code == 200
    assert client_for(buyer).get(reverse("payments:dispute_photo", args=[photo.pk])).status_code == 200
