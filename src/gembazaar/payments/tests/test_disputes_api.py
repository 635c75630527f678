"""The buyer's dispute API (session) and the council's (staff session): the flow over HTTP, the
error shape naming the field, strangers and other roles kept out, every endpoint in OpenAPI."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gembazaar.payments.models import Dispute, DisputeEvent, Refund

from .conftest import make_buyer
from .test_disputes_helpers import (  # noqa: F401 (_private_media: autouse)
    _private_media,
    paid_order,
    png_bytes,
    shipped_order,
    status_of,
)

pytestmark = pytest.mark.django_db

BODY = {"reason": "damaged", "description": "The setting arrived bent and a stone is loose."}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def order(buyer, seller, seller_user, staff):
    return shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff)


@pytest.fixture
def opened(order, buyer):
    response = client_for(buyer).post(f"/api/v1/orders/{order.number}/dispute", BODY,
                                      content_type="application/json")
    assert response.status_code == 201, response.content
    return Dispute.objects.get(pk=response.json()["id"])


def test_the_buyer_opens_reads_and_writes_with_photos(order, buyer, opened):
    client = client_for(buyer)
    again = client.post(f"/api/v1/orders/{order.number}/dispute", BODY, content_type="application/json")
    assert again.status_code == 201 and again.json()["id"] == opened.pk  # a double click

    response = client.post(f"/api/v1/disputes/{opened.pk}/messages",
                           {"text": "Photos of the damage", "photos": [
                               SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
                               SimpleUploadedFile("b.png", png_bytes(colour=(0, 90, 0)), content_type="image/png")]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open" and body["reason"] == "damaged"
    message = body["events"][-1]
    assert message["kind"] == "message" and len(message["photos"]) == 2
    photo = client.get(message["photos"][0]["url"])
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert client_for(make_buyer("peeker")).get(message["photos"][0]["url"]).status_code == 404

    listing = client.get("/api/v1/disputes").json()
    assert listing["count"] == 1 and listing["items"][0]["order"] == order.number


def test_a_file_that_is_not_a_picture_is_400_naming_photos(buyer, opened):
    response = client_for(buyer).post(f"/api/v1/disputes/{opened.pk}/messages", {
        "text": "see", "photos": [SimpleUploadedFile("x.png", b"%PDF-1.7 nope", content_type="image/png")]})
    assert response.status_code == 400
    assert response.json()["field"] == "photos"
    assert DisputeEvent.objects.filter(kind="message").count() == 0


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"reason": "meh", "description": "x"}, 422, "reason"),
    ({"reason": "damaged", "description": "x" * 2001}, 422, "description"),
    ({"reason": "damaged", "description": "nul\x00byte"}, 400, "description"),
    ({"reason": "damaged", "description": "   "}, 400, "description"),
    ({"reason": "damaged", "description": 12}, 422, "description"),
])
def test_bad_input_when_opening_names_the_field(order, buyer, body, status, field):
    response = client_for(buyer).post(f"/api/v1/orders/{order.number}/dispute", body,
                                      content_type="application/json")
    assert response.status_code == status, response.content
    assert response.json()["field"] == field
    assert not Dispute.objects.exists() and status_of(order) == "delivered"


def test_another_buyers_dispute_and_order_answer_404(order, opened):
    stranger = client_for(make_buyer("bilal"))
    assert stranger.get(f"/api/v1/disputes/{opened.pk}").status_code == 404
    assert stranger.post(f"/api/v1/disputes/{opened.pk}/withdraw", {}, content_type="application/json") \
        .status_code == 404
    assert stranger.post(f"/api/v1/orders/{order.number}/dispute", BODY,
                         content_type="application/json").status_code == 404
    for hostile in ("99999999999999999999999", "-1", "0"):
        assert stranger.get(f"/api/v1/disputes/{hostile}").status_code in (404, 422)
    assert Client().get(f"/api/v1/disputes/{opened.pk}").status_code == 401


def test_offers_over_the_api_check_the_amount(buyer, opened):
    client = client_for(buyer)
    for amount in ("10.001", "1000000.00"):
        response = client.post(f"/api/v1/disputes/{opened.pk}/offers", {"kind": "partial_refund", "amount": amount},
                               content_type="application/json")
        assert response.status_code == 400 and response.json()["field"] == "amount"
    response = client.post(f"/api/v1/disputes/{opened.pk}/offers", {"kind": "partial_refund", "amount": 10.5},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "amount"  # no floats
    response = client.post(f"/api/v1/disputes/{opened.pk}/offers", {"kind": "partial_refund", "amount": "200.00"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["pending_offer"]["amount"] == "200.00"


def test_only_council_staff_decide_over_the_api(buyer, seller_user, staff, opened):
    url = f"/api/v1/council/disputes/{opened.pk}/decision"
    decision = {"outcome": "refund_part", "amount": "250.00", "reason": "Half the setting must be redone."}
    assert Client().post(url, decision, content_type="application/json").status_code == 401
    for person in (buyer, seller_user):
        response = client_for(person).post(url, decision, content_type="application/json")
        assert response.status_code == 403
    assert client_for(buyer).get("/api/v1/council/disputes").status_code == 403

    staff_client = client_for(staff)
    too_many = staff_client.post(url, {**decision, "amount": "250.005"}, content_type="application/json")
    assert too_many.status_code == 400 and too_many.json()["field"] == "amount"
    too_much = staff_client.post(url, {**decision, "amount": "99999.00"}, content_type="application/json")
    assert too_much.status_code == 400 and too_much.json()["code"] == "refund_exceeds_received"
    no_reason = staff_client.post(url, {**decision, "reason": ""}, content_type="application/json")
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    assert not Refund.objects.exists()

    queue = staff_client.get("/api/v1/council/disputes").json()
    assert queue["items"][0]["id"] == opened.pk
    response = staff_client.post(url, decision, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["outcome"], body["refund_amount"], body["refund_status"]) == (
        "decided", "refund_part", "250.00", "requested")
    assert Refund.objects.get().amount == Decimal("250.000")
    assert status_of(opened.order) == "completed"


def test_late_shipment_over_the_api(buyer, seller, staff, settings):
    order = paid_order(buyer=buyer, seller=seller, staff=staff)
    client = client_for(buyer)
    settings.ORDERS_SHIP_WITHIN_DAYS = 5
    late = client.get(f"/api/v1/orders/{order.number}/late-shipment").json()
    assert late["cancellable"] is False and late["ship_by"]
    refused = client.post(f"/api/v1/orders/{order.number}/cancel-late-shipment", {}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "not_late_yet"
    settings.ORDERS_SHIP_WITHIN_DAYS = 0
    response = client.post(f"/api/v1/orders/{order.number}/cancel-late-shipment", {"reason": "Too slow."},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert response.json()["refund_amount"] == str(order.total.quantize(Decimal("0.01")))


def test_every_dispute_endpoint_is_in_the_openapi_schema():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/disputes", "/api/v1/disputes/{dispute_id}", "/api/v1/orders/{number}/dispute",
                 "/api/v1/disputes/{dispute_id}/messages", "/api/v1/disputes/{dispute_id}/offers",
                 "/api/v1/disputes/{dispute_id}/offers/{offer_id}/accept", "/api/v1/disputes/{dispute_id}/escalate",
                 "/api/v1/disputes/{dispute_id}/withdraw", "/api/v1/orders/{number}/cancel-late-shipment",
                 "/api/v1/orders/{number}/late-shipment", "/api/v1/seller/disputes",
                 "/api/v1/seller/disputes/{dispute_id}/return-received", "/api/v1/council/disputes",
                 "/api/v1/council/disputes/{dispute_id}/decision"):
        assert path in paths, path
