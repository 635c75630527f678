"""Stripe Checkout end to end over real HTTP: the official `stripe` library talks to the local fake
provider on a live server, the buyer's "browser" pays on its hosted page, and the fake's signed
webhook comes back to our webhook address."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

import pytest
import requests

from gembazaar.orders.models import Order, OrderEvent
from gembazaar.payments import refunds, selectors
from gembazaar.payments.models import EntryKind, Payment, PaymentEntry, Refund
from gembazaar.payments.providers.stripe_card import STRIPE_CARD
from gembazaar.payments.signatures import header_for

pytestmark = pytest.mark.django_db(transaction=True)

PAYS, DECLINED = "4242 4242 4242 4242", "4000 0000 0000 0002"


def open_page(payment: Payment) -> requests.Response:
    started = STRIPE_CARD.start(payment=payment)
    page = requests.get(started.redirect_url, timeout=30)
    assert page.status_code == 200
    return page


def submit(page: requests.Response, **form) -> requests.Response:
    return requests.post(page.url, data=form, allow_redirects=False, timeout=60)


def captures(payment: Payment) -> list[PaymentEntry]:
    return list(PaymentEntry.objects.filter(payment=payment, kind=EntryKind.CAPTURE))


def paid_events(payment: Payment) -> Counter:
    return Counter(OrderEvent.objects.filter(order__checkout=payment.checkout, to_status="paid")
                   .values_list("order_id", flat=True))


def test_paying_on_the_hosted_page_captures_once_and_marks_each_order_paid(card_site, two_seller_payment):
    page = open_page(two_seller_payment)
    assert "2056.00" in page.text and "USD" in page.text

    paid = submit(page, card_number=PAYS, action="pay")  # the fake's webhook arrives before this answer
    assert paid.status_code == 302
    assert paid.headers["Location"].startswith(f"{card_site}/payments/return/stripe/{two_seller_payment.reference}/")
    back = requests.get(paid.headers["Location"], allow_redirects=False, timeout=30)

    assert back.status_code == 302 and back.headers["Location"] == f"/payments/{two_seller_payment.reference}/"
    [capture] = captures(two_seller_payment)
    assert capture.amount == Decimal("2056.000") and capture.currency == "USD"
    assert capture.provider == "stripe" and capture.provider_event_id.startswith("pi_")
    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == Payment.Status.PAID
    assert two_seller_payment.provider_session_id.startswith("cs_test_")
    assert set(Order.objects.filter(checkout=two_seller_payment.checkout).values_list("status", flat=True)) == {"paid"}
    events = paid_events(two_seller_payment)
    assert len(events) == 2 and set(events.values()) == {1}
    assert set(OrderEvent.objects.filter(order__checkout=two_seller_payment.checkout, to_status="paid")
               .values_list("note_code", flat=True)) == {"card_payment_received"}  # a code, read in any language
    assert PaymentEntry.objects.filter(payment=two_seller_payment, kind=EntryKind.ATTEMPT).count() == 1


def test_the_return_alone_captures_when_the_webhook_is_lost(card_site, card_settings, two_seller_payment):
    card_settings.FAKEPAY_WEBHOOK_BASE = "http://127.0.0.1:9"  # nothing listens: the webhook never arrives
    page = open_page(two_seller_payment)
    paid = submit(page, card_number=PAYS, action="pay")
    assert captures(two_seller_payment) == []

    requests.get(paid.headers["Location"], allow_redirects=False, timeout=30)
    requests.get(paid.headers["Location"], allow_redirects=False, timeout=30)  # reloaded

    assert len(captures(two_seller_payment)) == 1
    assert set(paid_events(two_seller_payment).values()) == {1}


def test_a_forged_return_url_records_nothing(card_site, two_seller_payment):
    open_page(two_seller_payment)  # a session exists, unpaid
    url = f"{card_site}/payments/return/stripe/{two_seller_payment.reference}/?session_id=cs_test_forged&paid=1"
    back = requests.get(url, allow_redirects=False, timeout=30)

    assert back.status_code == 302
    assert captures(two_seller_payment) == []
    assert requests.get(f"{card_site}/payments/return/stripe/GBC-0000-NOSUCH00/", timeout=30).status_code == 404
    assert requests.get(f"{card_site}/payments/return/paypal/{two_seller_payment.reference}/",
                        timeout=30).status_code == 404


def test_a_declined_card_captures_nothing(card_site, two_seller_payment):
    page = open_page(two_seller_payment)
    declined = submit(page, card_number=DECLINED, action="pay")

    assert declined.status_code == 402 and "declined" in declined.text
    STRIPE_CARD.fetch_status(payment=two_seller_payment)
    assert captures(two_seller_payment) == []
    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == Payment.Status.PENDING


def test_cancelling_sends_the_buyer_back_to_the_payment_page(card_site, two_seller_payment):
    page = open_page(two_seller_payment)
    cancelled = submit(page, action="cancel")

    assert cancelled.status_code == 302
    assert cancelled.headers["Location"] == f"{card_site}/payments/{two_seller_payment.reference}/"
    assert captures(two_seller_payment) == []


def test_a_refund_goes_back_through_stripe_once_even_with_its_webhook(card_site, two_seller_payment, staff):
    submit(open_page(two_seller_payment), card_number=PAYS, action="pay")
    order = two_seller_payment.checkout.orders.order_by("total").last()

    refund = refunds.refund_request(payment=two_seller_payment, order=order, amount="100.00", actor=staff,
                                    reason="Scratch on the girdle")  # sent after commit (eager task)

    refund.refresh_from_db()
    assert refund.status == Refund.Status.SUCCEEDED and refund.provider_refund_id.startswith("re_")
    [entry] = PaymentEntry.objects.filter(payment=two_seller_payment, kind=EntryKind.REFUND)
    assert (entry.amount, entry.order, entry.provider_event_id) == (Decimal("100.000"), order,
                                                                    refund.provider_refund_id)
    assert refund.entry == entry
    assert selectors.payment_received(payment=two_seller_payment) == Decimal("1956.00")

    # Stripe sends the refund's webhook again (a retry): nothing twice.
    capture = captures(two_seller_payment)[0]
    body = json.dumps({"id": "evt_retry", "type": "refund.created", "data": {"object": {
        "id": refund.provider_refund_id, "object": "refund", "amount": 10000, "currency": "usd",
        "payment_intent": capture.provider_event_id, "status": "succeeded",
        "metadata": {"refund": str(refund.pk)}}}}).encode()
    again = requests.post(f"{card_site}/payments/webhooks/stripe/", data=body, timeout=30,
                          headers={"Stripe-Signature": header_for(body, secrets=["whsec_cards"])})
    assert again.status_code == 200
    assert PaymentEntry.objects.filter(payment=two_seller_payment, kind=EntryKind.REFUND).count() == 1


def test_asking_stripe_again_for_a_sent_refund_answers_the_same_refund(card_site, two_seller_payment, staff):
    submit(open_page(two_seller_payment), card_number=PAYS, action="pay")
    first = refunds.refund_request(payment=two_seller_payment, amount="2056.00", actor=staff)
    first.refresh_from_db()
    assert first.status == Refund.Status.SUCCEEDED
    # Stripe is asked again for the same refund (a task retried): the same refund, recorded once.
    assert STRIPE_CARD.refund(refund=first) == first.provider_refund_id
    assert PaymentEntry.objects.filter(payment=two_seller_payment, kind=EntryKind.REFUND).count() == 1


def test_a_return_while_stripe_is_down_records_nothing_and_says_so(card_site, card_settings, two_seller_payment):
    page = open_page(two_seller_payment)
    card_settings.FAKEPAY_WEBHOOK_BASE = "http://127.0.0.1:9"
    paid = submit(page, card_number=PAYS, action="pay")
    card_settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # Stripe cannot be asked

    back = requests.get(paid.headers["Location"], allow_redirects=False, timeout=30)

    assert back.status_code == 302 and back.headers["Location"] == f"/payments/{two_seller_payment.reference}/"
    assert captures(two_seller_payment) == []
    card_settings.STRIPE_API_BASE = ""  # back up: the next look records the payment
    assert STRIPE_CARD.fetch_status(payment=two_seller_payment).status == Payment.Status.PAID
