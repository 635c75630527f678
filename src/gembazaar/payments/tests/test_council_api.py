"""The council's payment endpoints: list, one payment with its ledger, a receipt recorded once per
Idempotency-Key; 401 for strangers, 403 for buyers and sellers."""

import json

import pytest
from django.test import Client

from gembazaar.payments.models import PaymentEntry, Refund
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.sellers.api_keys import api_key_create

from .conftest import make_payment

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def post_receipt(client, reference, body, key="key-1"):
    return client.post(f"/api/v1/council/payments/{reference}/receipts", json.dumps(body),
                       content_type="application/json", headers={"Idempotency-Key": key})


def test_staff_list_and_filter_payments(staff):
    pending = make_payment()
    api = client_for(staff)

    listed = api.get("/api/v1/council/payments").json()
    filtered = api.get("/api/v1/council/payments?status=paid").json()
    searched = api.get(f"/api/v1/council/payments?q={pending.reference.lower()}").json()

    assert [item["reference"] for item in listed["items"]] == [pending.reference]
    assert listed["items"][0]["amount_due"] == "100.00"
    assert filtered["count"] == 0 and searched["count"] == 1


def test_a_receipt_completes_the_payment_and_a_replay_records_nothing(staff, two_seller_payment):
    api = client_for(staff)
    body = {"amount": "2056.00", "bank_transaction_id": "TX-1", "value_date": "2026-12-07"}

    first = post_receipt(api, two_seller_payment.reference, body)
    replay = post_receipt(api, two_seller_payment.reference, body)
    reused = post_receipt(api, two_seller_payment.reference, {"amount": "1.00"})

    assert first.status_code == replay.status_code == 201
    assert replay["Idempotent-Replayed"] == "true"
    assert reused.status_code == 409 and reused.json()["code"] == "idempotency_key_reused"
    answer = first.json()
    assert (answer["status"], answer["received"]) == ("paid", "2056.00")
    assert [entry["kind"] for entry in answer["entries"]] == ["capture"]
    assert len(answer["orders"]) == 2
    assert PaymentEntry.objects.count() == 1
    got = api.get(f"/api/v1/council/payments/{two_seller_payment.reference}").json()
    assert got["entries"][0]["provider_event_id"] == "TX-1"


@pytest.mark.parametrize(("amount", "status", "field"), [
    ("10.001", 400, "amount"), ("0", 400, "amount"), ("-1.00", 400, "amount"), ("ten", 422, "amount"),
    ("10000000000000", 400, "amount"), ("1E+2", 422, "amount"),  # too big for the ledger; not a typed amount
])
def test_a_bad_amount_is_refused_naming_the_field(staff, amount, status, field):
    payment = make_payment()

    response = post_receipt(client_for(staff), payment.reference, {"amount": amount})

    assert response.status_code == status
    assert response.json()["field"] == field
    assert not PaymentEntry.objects.exists()


@pytest.mark.parametrize("key", ["", "   "])
def test_a_blank_idempotency_key_is_refused_not_ignored(staff, key):
    payment = make_payment()
    answers = [post_receipt(client_for(staff), payment.reference, {"amount": "10.00"}, key=key) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [400, 400]
    assert answers[0].json()["field"] == "idempotency_key" and not PaymentEntry.objects.exists()


def test_an_unknown_reference_is_404(staff):
    assert client_for(staff).get("/api/v1/council/payments/GBC-0000-NOPE0000").status_code == 404


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("buyer", 403), ("seller_user", 403)])
def test_others_cannot_reach_payments(request, who, status):
    payment = make_payment()
    api = client_for(request.getfixturevalue(who) if who else None)

    assert api.get("/api/v1/council/payments").status_code == status
    assert api.get(f"/api/v1/council/payments/{payment.reference}").status_code == status
    assert post_receipt(api, payment.reference, {"amount": "100.00"}).status_code == status
    assert not PaymentEntry.objects.exists()


def test_a_seller_api_key_does_not_open_the_council_payments(seller, seller_user):
    key = api_key_create(seller=seller, name="ERP", created_by=seller_user)[1]
    from_key = Client(headers={"Authorization": f"Bearer {key}"})
    payment = make_payment()

    assert from_key.get("/api/v1/council/payments").status_code == 401
    assert post_receipt(from_key, payment.reference, {"amount": "100.00"}).status_code == 401
    assert not PaymentEntry.objects.exists()


# --- Refunds ------------------------------------------------------------------------------------


def post_refund(client, payment, body, key="rf-1"):
    return client.post(f"/api/v1/council/payments/{payment.reference}/refunds", json.dumps(body),
                       content_type="application/json", headers={"Idempotency-Key": key})


@pytest.fixture
def staff_api(staff):
    return client_for(staff)


def test_staff_refund_an_order_by_bank_and_confirm_it_sent(staff_api, staff, two_seller_payment):
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="2056.00", actor=staff)
    order = two_seller_payment.checkout.orders.order_by("pk").first()

    response = post_refund(staff_api, two_seller_payment, {"amount": "100.00", "order": order.number,
                                                           "reason": "Chipped girdle"})
    assert response.status_code == 201, response.content
    refund = response.json()
    assert (refund["status"], refund["order"], refund["amount"]) == ("requested", order.number, "100.00")
    again = post_refund(staff_api, two_seller_payment, {"amount": "100.00", "order": order.number,
                                                        "reason": "Chipped girdle"})
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == refund["id"]

    sent = staff_api.post(f"/api/v1/council/payments/{two_seller_payment.reference}/refunds/{refund['id']}/sent",
                          json.dumps({"bank_transaction_id": "FT-BACK-1"}), content_type="application/json")
    assert sent.status_code == 200 and sent.json()["status"] == "succeeded"
    body = staff_api.get(f"/api/v1/council/payments/{two_seller_payment.reference}").json()
    assert body["received"] == "1956.00" and body["refunds"][0]["provider_refund_id"] == "FT-BACK-1"


@pytest.mark.parametrize(("body", "field"), [
    ({"amount": "100.001", "reason": "x"}, "amount"),
    ({"amount": "99999.00", "reason": "x"}, "amount"),
    ({"amount": "1.00", "reason": "x", "order": "GBO-NOPE"}, "order"),
    ({"amount": 1.5, "reason": "x"}, "amount"),
])
def test_bad_refunds_are_refused_naming_the_field(staff_api, staff, two_seller_payment, body, field):
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="2056.00", actor=staff)
    response = post_refund(staff_api, two_seller_payment, body)
    assert response.status_code in (400, 422), response.content
    assert field in response.content.decode()
    assert not Refund.objects.exists()


def test_buyers_and_sellers_cannot_refund(client, buyer, seller_user, two_seller_payment):
    for user in (buyer, seller_user):
        client.force_login(user)
        response = post_refund(client, two_seller_payment, {"amount": "1.00", "reason": "x"})
        assert response.status_code == 403
    assert not Refund.objects.exists()
