"""The buyer's return and the provider's webhook racing to mark one card payment paid, on
PostgreSQL with real threads, real transactions and real HTTP (the fake provider on a live
server): exactly one capture, each order paid once.

Without PostgreSQL these tests are deselected (see conftest.py at the root) and skip if reached
anyway, except with CI=true, where a missing database is a failure.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections import Counter
from datetime import UTC, datetime

import pytest
import requests
from django.db import connection

from conftest import missing_service
from gembazaar.fakepay import state
from gembazaar.orders.models import OrderEvent
from gembazaar.payments.models import EntryKind, Payment, PaymentEntry
from gembazaar.payments.providers import provider_for
from gembazaar.payments.signatures import header_for
from gembazaar.testing import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        missing_service("the card race tests need PostgreSQL (DATABASE_URL=postgres://…)")


def stripe_webhook(payment: Payment) -> tuple[bytes, dict]:
    paid = state.get("stripe", payment.provider_session_id)
    body = json.dumps({"id": "evt_race", "type": "checkout.session.completed", "created": int(time.time()),
                       "data": {"object": {"id": paid.id, "client_reference_id": payment.reference,
                                           "payment_status": "paid", "amount_total": 205600, "currency": "usd",
                                           "payment_intent": paid.payment_id}}}).encode()
    return body, {"Stripe-Signature": header_for(body, secrets=["whsec_cards"])}


def safepay_webhook(payment: Payment) -> tuple[bytes, dict]:
    body = json.dumps({"data": {"token": "EVTRACE", "type": "payment:created",
                                "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "notification": {"tracker": payment.provider_session_id, "state": "PAID",
                                                 "amount": "2056.00", "currency": "USD"}}}).encode()
    signature = hmac.new(b"safepay_webhook_cards", body, hashlib.sha512).hexdigest()
    return body, {"X-SFPY-Signature": signature}


@pytest.mark.parametrize(("provider", "webhook"), [("stripe", stripe_webhook), ("safepay", safepay_webhook)])
def test_the_return_and_the_webhook_racing_record_one_capture(card_site, card_settings, two_seller_payment,
                                                               provider, webhook):
    card_settings.FAKEPAY_WEBHOOK_BASE = "http://127.0.0.1:9"  # the fake's own webhook is held back
    card = provider_for(provider)
    page = requests.get(card.start(payment=two_seller_payment).redirect_url, timeout=30)
    paid = requests.post(page.url, data={"card_number": "4242424242424242", "action": "pay"},
                         allow_redirects=False, timeout=30)
    assert paid.status_code == 302
    two_seller_payment.refresh_from_db()
    body, headers = webhook(two_seller_payment)
    webhook_url = f"{card_site}/payments/webhooks/{provider}/"

    def arrive(i: int):
        if i % 2:
            return requests.post(webhook_url, data=body, headers=headers, timeout=60).status_code
        return card.handle_return(payment=Payment.objects.get(pk=two_seller_payment.pk), params={}).status

    results = race(arrive, list(range(8)))

    assert all(code == "ok" for code, _ in results), results
    assert {value for _, value in results} <= {200, "paid"}, results
    assert PaymentEntry.objects.filter(payment=two_seller_payment, kind=EntryKind.CAPTURE).count() == 1
    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == Payment.Status.PAID
    events = Counter(OrderEvent.objects.filter(order__checkout=two_seller_payment.checkout, to_status="paid")
                     .values_list("order_id", flat=True))
    assert len(events) == 2 and set(events.values()) == {1}, events
