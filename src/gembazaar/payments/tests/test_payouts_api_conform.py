"""Every payout operation, called with real data, answers as the published OpenAPI document says
(success and error bodies). The steps are the ones tests/test_api_answers_conform.py's journey
needs for these operations."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.utils import timezone

from gembazaar.sellers.api_keys import api_key_create
from gembazaar.testing import make_seller
from tests.test_api_answers_conform import CONFORM_ELSEWHERE, Recorder

from .payout_factories import complete, paid_order

pytestmark = pytest.mark.django_db


def key() -> dict:
    return {"Idempotency-Key": uuid.uuid4().hex}


def key_client(seller) -> Client:
    plaintext = api_key_create(seller=seller, name="ERP", created_by=None)[1]
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def test_every_payout_operation_answers_as_the_document_says(client, buyer, seller, staff, seller_user):
    complete(paid_order(buyer=buyer, seller=seller, staff=staff), buyer=buyer)
    document = client.get("/api/v1/openapi.json").json()
    call = Recorder(document)
    seller_api, other_api = (key_client(seller), key_client(make_seller()))
    council = Client()
    council.force_login(staff)
    member = Client()
    member.force_login(seller_user)
    base = f"/api/v1/council/payouts/sellers/{seller.pk}"

    call(council, "get", "/api/v1/council/payouts/sellers", expect=200)
    call(council, "get", base, expect=200)
    call(council, "get", f"{base}/ledger", expect=200)
    call(council, "get", "/api/v1/council/payouts/sellers/999999", expect=404)
    call(member, "get", "/api/v1/council/payouts/sellers", expect=403)
    call(Client(), "get", "/api/v1/council/payouts", expect=401)
    call(council, "put", f"{base}/commission", {"commission_percent": "4.5"}, expect=200)
    call(council, "put", f"{base}/commission", {"commission_percent": "400"}, expect=400)
    first = call(council, "post", f"{base}/payouts", {"amount": "1000.00"}, headers=key(), expect=201).json()
    call(council, "post", f"{base}/payouts", {"amount": "1000.001"}, headers=key(), expect=400)
    call(council, "post", f"{base}/payouts", {"amount": "1000.00"}, expect=422)  # no Idempotency-Key
    second = call(council, "post", f"{base}/payouts", {"amount": "10.00"}, headers=key(), expect=201).json()
    call(council, "get", "/api/v1/council/payouts?status=requested", expect=200)
    call(council, "post", f"/api/v1/council/payouts/{first['id']}/sent", {"bank_reference": ""}, headers=key(),
         expect=400)
    call(council, "post", f"/api/v1/council/payouts/{first['id']}/sent", {"bank_reference": "HBL-1"}, headers=key(),
         expect=200)
    call(council, "post", f"/api/v1/council/payouts/{first['id']}/sent", {"bank_reference": "HBL-2"}, headers=key(),
         expect=409)
    call(council, "post", f"/api/v1/council/payouts/{second['id']}/cancel", headers=key(), expect=200)
    call(council, "post", f"/api/v1/council/payouts/{first['id']}/cancel", headers=key(), expect=400)
    call(council, "post", f"{base}/corrections", {"amount": "-5.00", "note": "Bank fee"}, headers=key(), expect=201)
    call(council, "post", f"{base}/corrections", {"amount": "-5.00", "note": ""}, headers=key(), expect=400)

    call(seller_api, "get", "/api/v1/seller/payouts/balance", expect=200)
    call(seller_api, "get", "/api/v1/seller/payouts/ledger", expect=200)
    call(seller_api, "get", "/api/v1/seller/payouts/ledger?month=2026-13", expect=400)
    call(seller_api, "get", "/api/v1/seller/payouts", expect=200)
    call(seller_api, "get", f"/api/v1/seller/payouts/{first['id']}", expect=200)
    call(other_api, "get", f"/api/v1/seller/payouts/{first['id']}", expect=404)
    call(Client(), "get", "/api/v1/seller/payouts/balance", expect=401)
    month = timezone.localdate().strftime("%Y-%m")
    call(seller_api, "get", f"/api/v1/seller/payouts/statements/{month}.csv", expect=200)
    call(seller_api, "get", "/api/v1/seller/payouts/statements/2026-13.csv", expect=400)
    pdf = call(seller_api, "get", f"/api/v1/seller/payouts/statements/{month}.pdf?lang=ur", expect=200)
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    call(seller_api, "get", f"/api/v1/seller/payouts/statements/{month}.pdf?lang=xx", expect=400)

    ours = {(path, method) for path, methods in document["paths"].items() for method in methods
            if path.startswith(CONFORM_ELSEWHERE)}
    assert len(ours) == 15
    assert ours <= set(call.called), sorted(ours - set(call.called))
    assert all(any(200 <= s < 300 for s in call.called[op]) for op in ours)
