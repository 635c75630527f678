"""Real answers of every API operation validate against the published OpenAPI document.

The fuzzer (test_api_fuzz.py) checks whatever it reaches, but random ids mostly reach 404s: the
listing quote was published with the checkout quote's shape for months and every real 200 broke
generated clients (issue 11.3). Here a journey through the marketplace with real data — a buyer,
a seller with an API key, council staff — calls every operation in the schema, and each answer,
success or error, must match the schema the document gives for its status. A new operation
without a step here fails `test_every_operation_was_called_and_succeeded_once`.
"""

from __future__ import annotations

import json
import re
import uuid
from decimal import Decimal

import jsonschema_rs
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gembazaar.imports.tests.conftest import csv_bytes, gem_row
from gembazaar.orders.tests.conftest import ADDRESS, make_buyer
from gembazaar.sellers.api_keys import api_key_create
from gembazaar.sellers.tests.conftest import make_council_user, make_owner
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller, seed_shipping_zones

pytestmark = pytest.mark.django_db

# Operations with a journey of their own, which calls each of them and fails on one left out:
# payments/tests/test_payouts_api_conform.py and test_disputes_api_conform.py.
CONFORM_ELSEWHERE = ("/api/v1/seller/payouts", "/api/v1/council/payouts")
DISPUTE_PARTS = ("disput", "late-shipment")


class Recorder:
    """Calls the API and checks each answer against the document; remembers what was called."""

    def __init__(self, document: dict):
        self.document = document
        self.templates = [(re.compile("^" + re.sub(r"\{\w+\}", r"[^/]+", path) + "$"), path)
                          for path in document["paths"]]
        self.called: dict[tuple[str, str], set[int]] = {}

    def _template(self, path: str) -> str:
        path = path.split("?", 1)[0]
        matches = [template for pattern, template in self.templates if pattern.match(path)]
        assert matches, f"{path} is not in the schema"
        return min(matches, key=lambda t: t.count("{"))  # a literal segment beats a parameter

    def __call__(self, client: Client, method: str, path: str, body=None, *, expect: int | None = None,
                 multipart: bool = False, headers: dict | None = None):
        if method == "get":
            response = client.get(path, headers=headers)
        elif multipart:
            response = client.post(path, body or {}, headers=headers)
        else:
            response = getattr(client, method)(path, json.dumps(body or {}), content_type="application/json",
                                               headers=headers)
        template = self._template(path)
        operation = self.document["paths"][template][method]
        status = str(response.status_code)
        assert status in operation["responses"], (method, path, status, response.content[:300])
        if expect is not None:
            assert response.status_code == expect, (method, path, response.content[:500])
        declared = operation["responses"][status].get("content", {}).get("application/json")
        if declared:
            validator = jsonschema_rs.validator_for({**declared["schema"],
                                                     "components": self.document["components"]})
            errors = [str(error) for error in validator.iter_errors(response.json())]
            assert not errors, (method, path, status, errors[:3])
        self.called.setdefault((template, method), set()).add(response.status_code)
        return response


@pytest.fixture
def world(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    seed_shipping_zones()
    seller = make_seller(trade_name="Swat Emerald House")
    owner = make_owner(seller, "owner")
    key = api_key_create(seller=seller, name="ERP", created_by=owner)[1]
    stones = [make_gem_listing(seller=seller, price=Decimal("1250.00"), currency="USD") for _ in range(3)]
    gold = make_jewelry_listing(seller=seller)
    buyer = make_buyer("journey")
    council = make_council_user("journey-council")
    return {"seller": seller, "key": key, "stones": stones, "gold": gold, "buyer": buyer, "council": council}


def test_every_operation_answers_as_the_document_says(client, world, django_capture_on_commit_callbacks):
    document = client.get("/api/v1/openapi.json").json()
    call = Recorder(document)
    stone, other_stone, third_stone = world["stones"]
    gold = world["gold"]
    seller_api = Client(headers={"Authorization": f"Bearer {world['key']}"})
    buyer = Client()
    buyer.force_login(world["buyer"])
    council = Client()
    council.force_login(world["council"])

    # Anyone: the catalogue, prices and rates.
    call(client, "get", "/api/v1/listings", expect=200)
    call(client, "get", f"/api/v1/listings/{stone.pk}", expect=200)
    call(client, "get", f"/api/v1/listings/{gold.pk}/quote?currency=PKR", expect=200)
    call(client, "get", f"/api/v1/listings/{stone.pk}/quote", expect=200)
    call(client, "get", f"/api/v1/listings/{gold.pk}/price-history", expect=200)
    call(client, "get", "/api/v1/search?species=beryl", expect=200)
    call(client, "get", "/api/v1/sellers", expect=200)
    call(client, "get", f"/api/v1/sellers/{world['seller'].slug}", expect=200)
    call(client, "get", "/api/v1/vocabularies", expect=200)
    call(client, "get", "/api/v1/vocabularies/species", expect=200)
    call(client, "get", "/api/v1/rates", expect=200)
    call(client, "get", "/api/v1/rates/history?currency=PKR", expect=200)
    call(client, "get", "/api/v1/listings/999999999", expect=404)

    # Council staff record rates.
    call(council, "post", "/api/v1/rates", {"kind": "fx", "currency": "PKR", "price": "281.50", "source": "SBP"},
         expect=201)

    # The buyer: cart, checkout, orders, saved searches.
    line = call(buyer, "post", "/api/v1/cart/lines", {"listing_id": stone.pk, "quantity": 1}, expect=201)
    line_id = line.json()["groups"][0]["lines"][0]["id"]
    call(buyer, "patch", f"/api/v1/cart/lines/{line_id}", {"quantity": 1}, expect=200)
    call(buyer, "post", "/api/v1/cart/lines", {"listing_id": other_stone.pk, "quantity": 1}, expect=201)
    call(buyer, "get", "/api/v1/cart?currency=PKR", expect=200)
    call(buyer, "post", "/api/v1/cart/acknowledge", expect=200)
    call(buyer, "get", "/api/v1/checkout/shipping-options?country=AE", expect=200)
    call(buyer, "post", "/api/v1/checkout/start", expect=200)
    call(buyer, "post", "/api/v1/checkout/quote", {"currency": "USD", "shipping_country": "PK"}, expect=200)
    with django_capture_on_commit_callbacks(execute=True):
        placed = call(buyer, "post", "/api/v1/checkout", {"currency": "USD", "shipping_address": ADDRESS},
                      headers={"Idempotency-Key": uuid.uuid4().hex}, expect=201)
    [order] = placed.json()["orders"]
    number = order["number"]
    call(buyer, "post", "/api/v1/checkout", {"currency": "USD", "shipping_address": ADDRESS},
         headers={"Idempotency-Key": uuid.uuid4().hex}, expect=400)  # the cart is empty now
    call(buyer, "get", "/api/v1/orders", expect=200)
    call(buyer, "get", f"/api/v1/orders/{number}", expect=200)
    extra = call(buyer, "post", "/api/v1/cart/lines", {"listing_id": third_stone.pk, "quantity": 1}, expect=201)
    call(buyer, "delete", f"/api/v1/cart/lines/{extra.json()['groups'][0]['lines'][0]['id']}", expect=200)
    call(buyer, "post", "/api/v1/cart/lines", {"listing_id": third_stone.pk, "quantity": 1}, expect=201)
    with django_capture_on_commit_callbacks(execute=True):
        second = call(buyer, "post", "/api/v1/checkout", {"currency": "USD", "shipping_address": ADDRESS},
                      headers={"Idempotency-Key": uuid.uuid4().hex}, expect=201).json()["orders"][0]["number"]
    call(buyer, "post", f"/api/v1/orders/{second}/cancel", {"reason": "Changed my mind"}, expect=200)
    saved = call(buyer, "post", "/api/v1/saved-searches", {"query": "species=beryl", "name": "Emeralds",
                                                           "frequency": "weekly"}, expect=201)
    call(buyer, "get", "/api/v1/saved-searches", expect=200)
    call(buyer, "delete", f"/api/v1/saved-searches/{saved.json()['id']}", expect=204)

    # The seller by API key: listings, shipping rates, imports, and the order's way to the buyer.
    call(seller_api, "post", "/api/v1/seller/listings", {
        "kind": "gemstone", "sku": "NEW-1", "title": "Swat emerald", "price": "1250.00", "currency": "USD",
        "gem": {"species": "beryl", "variety": "emerald", "nature": "natural", "carat": "1.250", "shape": "oval",
                "cutting_style": "step", "colour": "green", "clarity": "MI", "treatments": "O"}}, expect=201)
    call(seller_api, "get", "/api/v1/seller/listings", expect=200)
    call(seller_api, "get", "/api/v1/seller/listings/NEW-1", expect=200)
    call(seller_api, "patch", "/api/v1/seller/listings/NEW-1", {"title": "Fine Swat emerald"}, expect=200)
    call(seller_api, "post", "/api/v1/seller/listings/NEW-1/archive", expect=200)
    call(seller_api, "post", "/api/v1/seller/listings/bulk-upsert", {"items": [{
        "kind": "gemstone", "sku": "NEW-2", "title": "Swat emerald", "price": "900.00", "currency": "USD",
        "gem": {"species": "beryl", "variety": "emerald", "nature": "natural", "carat": "1.100", "shape": "oval",
                "cutting_style": "step", "colour": "green", "clarity": "MI", "treatments": "O"}}]}, expect=200)
    bulk = call(seller_api, "post", "/api/v1/seller/bulk-actions", {
        "action": "change_price", "skus": ["NEW-2", "NO-SUCH-SKU"], "price": {"mode": "percent", "percent": "-10"}},
        expect=200)
    call(seller_api, "get", f"/api/v1/seller/bulk-actions/{bulk.json()['id']}", expect=200)
    call(seller_api, "post", "/api/v1/seller/bulk-actions", {"action": "publish", "skus": []}, expect=400)
    call(seller_api, "get", "/api/v1/seller/shipping-rates", expect=200)
    call(seller_api, "put", "/api/v1/seller/shipping-rates/gulf/express",
         {"price": "9000", "currency": "PKR", "days_min": 2, "days_max": 4}, expect=200)
    call(seller_api, "delete", "/api/v1/seller/shipping-rates/gulf/express", expect=200)
    call(seller_api, "get", "/api/v1/seller/returns-policy", expect=200)
    call(seller_api, "put", "/api/v1/seller/returns-policy", {
        "accepts_returns": True, "window_days": 14, "conditions": ["unworn"], "return_shipping_paid_by": "buyer",
        "refund_method": "original", "refund_days": 7, "note": ""}, expect=200)
    call(seller_api, "put", "/api/v1/seller/returns-policy", {
        "accepts_returns": True, "window_days": 0, "return_shipping_paid_by": "buyer"}, expect=422)
    call(seller_api, "get", "/api/v1/seller/returns-policy/conditions", expect=200)
    call(seller_api, "delete", "/api/v1/seller/returns-policy", expect=200)
    upload = SimpleUploadedFile("stock.csv", csv_bytes([gem_row("IMP-1")]), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        job = call(seller_api, "post", "/api/v1/seller/imports", {"kind": "gemstone", "mode": "create",
                                                                   "file": upload}, multipart=True, expect=202)
    call(seller_api, "get", "/api/v1/seller/imports", expect=200)
    call(seller_api, "get", f"/api/v1/seller/imports/{job.json()['id']}", expect=200)
    with django_capture_on_commit_callbacks(execute=True):
        call(seller_api, "post", f"/api/v1/seller/imports/{job.json()['id']}/commit")
    call(seller_api, "get", "/api/v1/seller/orders", expect=200)
    call(seller_api, "get", f"/api/v1/seller/orders/{number}", expect=200)
    call(seller_api, "post", f"/api/v1/seller/orders/{number}/accept", expect=400)  # not paid yet
    call(council, "get", f"/api/v1/council/orders/{number}", expect=200)
    call(council, "post", f"/api/v1/council/orders/{number}/transition", {"to_status": "paid", "note": "Seen"},
         expect=200)
    # Council staff: payments, one per checkout; money received on the cancelled one is recorded all the same.
    reference = call(council, "get", "/api/v1/council/payments", expect=200).json()["items"][0]["reference"]
    call(council, "get", f"/api/v1/council/payments?status=pending&q={reference}", expect=200)
    call(council, "get", f"/api/v1/council/payments/{reference}", expect=200)
    call(council, "get", "/api/v1/council/payments/GBC-0000-NOPE0000", expect=404)
    receipt_key = {"Idempotency-Key": uuid.uuid4().hex}
    call(council, "post", f"/api/v1/council/payments/{reference}/receipts", {"amount": "10.00"}, headers=receipt_key,
         expect=201)
    call(council, "post", f"/api/v1/council/payments/{reference}/receipts", {"amount": "11.00"}, headers=receipt_key,
         expect=409)
    call(council, "post", f"/api/v1/council/payments/{reference}/receipts", {"amount": "10.001"},
         headers={"Idempotency-Key": uuid.uuid4().hex}, expect=400)
    call(buyer, "get", "/api/v1/council/payments", expect=403)
    call(seller_api, "post", f"/api/v1/seller/orders/{number}/accept", expect=200)
    call(seller_api, "post", f"/api/v1/seller/orders/{number}/ship", {"tracking_number": "EMS-1", "carrier": "EMS"},
         expect=200)
    call(buyer, "post", f"/api/v1/orders/{number}/confirm-delivered", expect=200)
    call(buyer, "post", f"/api/v1/orders/{number}/complete", expect=200)

    def place(listing) -> str:
        call(buyer, "post", "/api/v1/cart/lines", {"listing_id": listing.pk, "quantity": 1}, expect=201)
        with django_capture_on_commit_callbacks(execute=True):
            return call(buyer, "post", "/api/v1/checkout", {"currency": "USD", "shipping_address": ADDRESS},
                        headers={"Idempotency-Key": uuid.uuid4().hex}, expect=201).json()["orders"][0]["number"]

    refunded = place(make_gem_listing(seller=world["seller"]))
    call(council, "post", f"/api/v1/council/orders/{refunded}/transition", {"to_status": "paid"}, expect=200)
    call(seller_api, "post", f"/api/v1/seller/orders/{refunded}/accept", expect=200)
    call(seller_api, "post", f"/api/v1/seller/orders/{refunded}/ship", {"tracking_number": "EMS-2", "carrier": "EMS"},
         expect=200)
    call(buyer, "post", f"/api/v1/orders/{refunded}/confirm-delivered", expect=200)
    call(buyer, "post", f"/api/v1/orders/{refunded}/request-refund", {"reason": "Not the colour shown"}, expect=200)
    call(council, "post", f"/api/v1/council/orders/{refunded}/transition", {"to_status": "refunded"}, expect=200)
    call(seller_api, "post", f"/api/v1/seller/orders/{refunded}/return-received", expect=200)
    call(seller_api, "post", f"/api/v1/seller/orders/{refunded}/return-received", expect=400)  # once
    cancelled = place(gold)
    call(seller_api, "post", f"/api/v1/seller/orders/{cancelled}/cancel", {"reason": "Sold in the shop"}, expect=200)

    # Paying: the buyer's payment step, then invoices of the paid order and a refund by staff.
    to_pay = place(make_gem_listing(seller=world["seller"]))
    pay_ref = call(buyer, "get", f"/api/v1/orders/{to_pay}", expect=200).json()["checkout_reference"]
    due = call(buyer, "get", f"/api/v1/payments/{pay_ref}", expect=200).json()["amount_due"]
    call(buyer, "post", f"/api/v1/payments/{pay_ref}/start", {"method": "cash_on_delivery"}, expect=400)
    call(buyer, "post", f"/api/v1/payments/{pay_ref}/start", {"method": "bank_transfer"}, expect=200)
    call(council, "post", f"/api/v1/council/payments/{pay_ref}/receipts", {"amount": due, "bank_transaction_id":
         "FT-PAY-1"}, headers={"Idempotency-Key": uuid.uuid4().hex}, expect=201)
    call(buyer, "get", f"/api/v1/orders/{to_pay}/invoice.pdf", expect=200)
    call(buyer, "get", f"/api/v1/orders/{to_pay}/invoice.pdf?lang=xx", expect=400)
    call(seller_api, "get", f"/api/v1/seller/orders/{to_pay}/invoice.pdf", expect=200)
    call(council, "get", f"/api/v1/council/orders/{to_pay}/invoice.pdf", expect=200)
    call(seller_api, "get", f"/api/v1/seller/orders/{to_pay}/commercial-invoice.pdf", expect=200)
    call(seller_api, "get", f"/api/v1/seller/orders/{to_pay}/packing-list.pdf", expect=200)
    call(seller_api, "get", f"/api/v1/seller/orders/{to_pay}/packing-list.pdf?lang=xx", expect=400)
    refund = call(council, "post", f"/api/v1/council/payments/{pay_ref}/refunds",
                  {"amount": "50.00", "order": to_pay, "reason": "Scratch on the girdle"},
                  headers={"Idempotency-Key": uuid.uuid4().hex}, expect=201).json()
    call(council, "post", f"/api/v1/council/payments/{pay_ref}/refunds", {"amount": "50.001", "reason": "x"},
         headers={"Idempotency-Key": uuid.uuid4().hex}, expect=400)
    call(council, "post", f"/api/v1/council/payments/{pay_ref}/refunds/{refund['id']}/sent",
         {"bank_transaction_id": "FT-BACK-1"}, expect=200)
    for_sale = make_gem_listing(seller=world["seller"])
    call(client, "get", f"/api/v1/landed-cost?listing_id={for_sale.pk}&country=DE", expect=200)
    call(buyer, "get", "/api/v1/landed-cost?listing_id=999999&country=DE", expect=404)
    call(buyer, "post", "/api/v1/landed-cost", {"country": "DE", "shipping": "10", "currency": "EUR",
         "lines": [{"hs_code": "7113.19", "value": "500", "currency": "USD"}]}, expect=200)
    call(buyer, "post", "/api/v1/landed-cost", {"country": "DE", "shipping": "-1", "currency": "EUR",
         "lines": [{"hs_code": "7113.19", "value": "500", "currency": "USD"}]}, expect=400)

    every = {(path, method) for path, methods in document["paths"].items() for method in methods
             if not path.startswith(CONFORM_ELSEWHERE) and not any(part in path for part in DISPUTE_PARTS)}
    missing = sorted(every - set(call.called))
    assert not missing, f"operations the journey never called: {missing}"
    never_succeeded = sorted(op for op, statuses in call.called.items() if not any(200 <= s < 300 for s in statuses))
    assert not never_succeeded, never_succeeded
