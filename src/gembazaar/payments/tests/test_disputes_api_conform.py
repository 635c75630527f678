"""Every dispute operation, called with real data, answers as the OpenAPI document says (the
journey of tests/test_api_answers_conform.py, for the dispute endpoints: its steps can be moved
there as they are)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gembazaar.payments.models import Dispute
from gembazaar.sellers.api_keys import api_key_create
from tests.test_api_answers_conform import DISPUTE_PARTS, Recorder

from .test_disputes_helpers import (  # noqa: F401 (_private_media: autouse)
    _private_media,
    paid_order,
    png_bytes,
    shipped_order,
)

pytestmark = pytest.mark.django_db

DISPUTE_OPERATIONS = {
    ("/api/v1/disputes", "get"), ("/api/v1/disputes/{dispute_id}", "get"), ("/api/v1/orders/{number}/dispute", "post"),
    ("/api/v1/disputes/{dispute_id}/messages", "post"), ("/api/v1/disputes/{dispute_id}/offers", "post"),
    ("/api/v1/disputes/{dispute_id}/offers/{offer_id}/accept", "post"),
    ("/api/v1/disputes/{dispute_id}/offers/{offer_id}/decline", "post"),
    ("/api/v1/disputes/{dispute_id}/escalate", "post"), ("/api/v1/disputes/{dispute_id}/withdraw", "post"),
    ("/api/v1/orders/{number}/late-shipment", "get"), ("/api/v1/orders/{number}/cancel-late-shipment", "post"),
    ("/api/v1/seller/disputes", "get"), ("/api/v1/seller/disputes/{dispute_id}", "get"),
    ("/api/v1/seller/disputes/{dispute_id}/messages", "post"), ("/api/v1/seller/disputes/{dispute_id}/offers", "post"),
    ("/api/v1/seller/disputes/{dispute_id}/offers/{offer_id}/accept", "post"),
    ("/api/v1/seller/disputes/{dispute_id}/offers/{offer_id}/decline", "post"),
    ("/api/v1/seller/disputes/{dispute_id}/escalate", "post"),
    ("/api/v1/seller/disputes/{dispute_id}/return-received", "post"),
    ("/api/v1/council/disputes", "get"), ("/api/v1/council/disputes/{dispute_id}", "get"),
    ("/api/v1/council/disputes/{dispute_id}/messages", "post"),
    ("/api/v1/council/disputes/{dispute_id}/decision", "post"),
}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_dispute_operation_answers_as_the_document_says(buyer, seller, seller_user, staff, settings):
    call = Recorder(Client().get("/api/v1/openapi.json").json())
    buyer_client, staff_client = logged_in(buyer), logged_in(staff)
    token = api_key_create(seller=seller, name="ERP", created_by=seller_user)[1]
    key = Client(headers={"Authorization": f"Bearer {token}"})

    # A dispute settled by a partial refund the seller offers and the buyer accepts.
    first = shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff)
    call(buyer_client, "post", f"/api/v1/orders/{first.number}/dispute", {"reason": "oops", "description": "x"},
         expect=422)
    opened = call(buyer_client, "post", f"/api/v1/orders/{first.number}/dispute",
                  {"reason": "damaged", "description": "Chipped."}, expect=201).json()
    one = opened["id"]
    call(buyer_client, "get", "/api/v1/disputes", expect=200)
    call(buyer_client, "get", f"/api/v1/disputes/{one}", expect=200)
    call(Client(), "get", f"/api/v1/disputes/{one}", expect=401)
    call(buyer_client, "get", "/api/v1/disputes/424242", expect=404)
    call(buyer_client, "post", f"/api/v1/disputes/{one}/messages", {"text": "See.", "photos": [
        SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")]}, multipart=True, expect=201)
    call(buyer_client, "post", f"/api/v1/disputes/{one}/messages", {"text": "See.", "photos": [
        SimpleUploadedFile("a.png", b"not a picture", content_type="image/png")]}, multipart=True, expect=400)
    call(key, "get", "/api/v1/seller/disputes", expect=200)
    call(key, "get", f"/api/v1/seller/disputes/{one}", expect=200)
    call(key, "post", f"/api/v1/seller/disputes/{one}/messages", {"text": "Sorry."}, multipart=True, expect=201)
    call(key, "post", f"/api/v1/seller/disputes/{one}/offers", {"kind": "partial_refund", "amount": "1.001"},
         expect=400)
    first_offer = call(key, "post", f"/api/v1/seller/disputes/{one}/offers",
                       {"kind": "partial_refund", "amount": "50.00"}, expect=201).json()["pending_offer"]["id"]
    call(buyer_client, "post", f"/api/v1/disputes/{one}/offers/{first_offer}/decline", {"text": "No."}, expect=200)
    second_offer = call(key, "post", f"/api/v1/seller/disputes/{one}/offers",
                        {"kind": "partial_refund", "amount": "150.00"}, expect=201).json()["pending_offer"]["id"]
    call(buyer_client, "post", f"/api/v1/disputes/{one}/offers/{second_offer}/accept", expect=200)

    # A dispute the buyer offers to return, the seller accepts, then confirms the piece back.
    second = shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff)
    two = call(buyer_client, "post", f"/api/v1/orders/{second.number}/dispute",
               {"reason": "not_as_described", "description": "Glass."}, expect=201).json()["id"]
    return_offer = call(buyer_client, "post", f"/api/v1/disputes/{two}/offers", {"kind": "return"},
                        expect=201).json()["pending_offer"]["id"]
    call(key, "post", f"/api/v1/seller/disputes/{two}/offers/{return_offer}/accept", expect=200)
    call(key, "post", f"/api/v1/seller/disputes/{two}/return-received", expect=200)

    # One the seller escalates, staff write and decide; one the buyer escalates then withdraws.
    third = shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff)
    three = call(buyer_client, "post", f"/api/v1/orders/{third.number}/dispute",
                 {"reason": "fake_certificate", "description": "Report mismatch."}, expect=201).json()["id"]
    offer = call(buyer_client, "post", f"/api/v1/disputes/{three}/offers", {"kind": "partial_refund",
                                                                            "amount": "900.00"}, expect=201)
    call(key, "post", f"/api/v1/seller/disputes/{three}/offers/{offer.json()['pending_offer']['id']}/decline",
         {"text": "Too much."}, expect=200)
    call(key, "post", f"/api/v1/seller/disputes/{three}/escalate", {"text": "Please decide."}, expect=200)
    call(buyer_client, "get", "/api/v1/council/disputes", expect=403)
    call(staff_client, "get", "/api/v1/council/disputes?status=escalated", expect=200)
    call(staff_client, "get", f"/api/v1/council/disputes/{three}", expect=200)
    call(staff_client, "post", f"/api/v1/council/disputes/{three}/messages", {"text": "Send the report."},
         expect=201)
    call(staff_client, "post", f"/api/v1/council/disputes/{three}/decision",
         {"outcome": "refund_part", "amount": "99999.00", "reason": "Too much."}, expect=400)
    call(staff_client, "post", f"/api/v1/council/disputes/{three}/decision",
         {"outcome": "release", "reason": "The report matches the stone."}, expect=200)
    fourth = shipped_order(buyer=buyer, seller=seller, seller_user=seller_user, staff=staff, delivered=False)
    four = call(buyer_client, "post", f"/api/v1/orders/{fourth.number}/dispute",
                {"reason": "not_received", "description": "Nothing yet."}, expect=201).json()["id"]
    call(buyer_client, "post", f"/api/v1/disputes/{four}/escalate", {}, expect=200)
    call(buyer_client, "post", f"/api/v1/disputes/{four}/withdraw", {"text": "It arrived."}, expect=200)
    assert Dispute.objects.get(pk=four).status == "withdrawn"

    # Late shipment.
    fifth = paid_order(buyer=buyer, seller=seller, staff=staff)
    call(buyer_client, "get", f"/api/v1/orders/{fifth.number}/late-shipment", expect=200)
    settings.ORDERS_SHIP_WITHIN_DAYS = 0
    call(buyer_client, "post", f"/api/v1/orders/{fifth.number}/cancel-late-shipment", {"reason": ""}, expect=200)

    # Every dispute operation the document publishes is called here (tests/test_api_answers_conform.py
    # leaves them to this journey): a new one must be added to DISPUTE_OPERATIONS and called.
    published = {(path, method) for path, methods in call.document["paths"].items() for method in methods
                 if any(part in path for part in DISPUTE_PARTS)}
    assert published == DISPUTE_OPERATIONS
    missing = sorted(DISPUTE_OPERATIONS - set(call.called))
    assert not missing, missing
    assert all(any(200 <= s < 300 for s in call.called[op]) for op in DISPUTE_OPERATIONS)
