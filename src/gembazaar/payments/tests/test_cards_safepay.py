"""Safepay end to end over real HTTP: order init, the hosted page (components?beacon=…), the
signed `payment:created` webhook, the status API on the buyer's return, and refunds."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from gembazaar.orders.models import OrderEvent
from gembazaar.payments import refunds, selectors
from gembazaar.payments.models import EntryKind, Payment, PaymentEntry, Refund
from gembazaar.payments.providers.safepay import SAFEPAY

pytestmark = pytest.mark.django_db(transaction=True)

PAYS, DECLINED = "4242424242424242", "4000-0000-0000-0002"


def open_page(payment: Payment) -> requests.Response:
    started = SAFEPAY.start(payment=payment)
    page = requests.get(started.redirect_url, timeout=30)  # components?beacon=… → the page
    assert page.status_code == 200
    return page


def submit(page: requests.Response, **form) -> requests.Response:
    return requests.post(page.url, data=form, allow_redirects=False, timeout=60)


def captures(payment: Payment) -> list[PaymentEntry]:
    return list(PaymentEntry.objects.filter(payment=payment, kind=EntryKind.CAPTURE))


def test_the_hosted_page_is_opened_with_safepays_parameters(card_site, two_seller_payment):
    started = SAFEPAY.start(payment=two_seller_payment)

    url = urlsplit(started.redirect_url)
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    assert url.path == "/_fakepay/safepay/components"
    two_seller_payment.refresh_from_db()
    assert query["beacon"] == two_seller_payment.provider_session_id and query["beacon"].startswith("track_")
    assert query["order_id"] == two_seller_payment.reference
    assert query["redirect_url"] == f"{card_site}/payments/return/safepay/{two_seller_payment.reference}/"
    assert query["cancel_url"] == f"{card_site}/payments/{two_seller_payment.reference}/"
    assert (query["source"], query["webhooks"], query["env"]) == ("custom", "true", "sandbox")
    assert two_seller_payment.provider == "safepay"


def test_paying_captures_once_and_marks_each_order_paid(card_site, two_seller_payment):
    paid = submit(open_page(two_seller_payment), card_number=PAYS, action="pay")

    assert paid.status_code == 302 and "tracker=" in paid.headers["Location"] and "sig=" in paid.headers["Location"]
    back = requests.get(paid.headers["Location"], allow_redirects=False, timeout=30)
    assert back.headers["Location"] == f"/payments/{two_seller_payment.reference}/"
    [capture] = captures(two_seller_payment)
    two_seller_payment.refresh_from_db()
    assert capture.provider_event_id == two_seller_payment.provider_session_id
    assert (capture.amount, capture.currency) == (Decimal("2056.000"), "USD")
    assert two_seller_payment.status == Payment.Status.PAID
    events = Counter(OrderEvent.objects.filter(order__checkout=two_seller_payment.checkout, to_status="paid")
                     .values_list("order_id", flat=True))
    assert len(events) == 2 and set(events.values()) == {1}


def test_the_return_alone_captures_when_the_webhook_is_lost(card_site, card_settings, two_seller_payment):
    card_settings.FAKEPAY_WEBHOOK_BASE = "http://127.0.0.1:9"
    paid = submit(open_page(two_seller_payment), card_number=PAYS, action="pay")
    assert captures(two_seller_payment) == []

    requests.get(paid.headers["Location"], allow_redirects=False, timeout=30)

    assert len(captures(two_seller_payment)) == 1


def test_a_declined_card_captures_nothing_and_its_error_webhook_is_ignored(card_site, two_seller_payment):
    declined = submit(open_page(two_seller_payment), card_number=DECLINED, action="pay")

    assert declined.status_code == 402 and "declined" in declined.text
    SAFEPAY.fetch_status(payment=two_seller_payment)
    assert captures(two_seller_payment) == []


def test_cancel_returns_to_the_payment_page(card_site, two_seller_payment):
    cancelled = submit(open_page(two_seller_payment), action="cancel")
    assert cancelled.headers["Location"] == f"{card_site}/payments/{two_seller_payment.reference}/"
    assert captures(two_seller_payment) == []


def test_a_refund_goes_back_through_safepay_once_even_with_its_webhook(card_site, two_seller_payment, staff):
    submit(open_page(two_seller_payment), card_number=PAYS, action="pay")

    first = refunds.refund_request(payment=two_seller_payment, amount="56.00", actor=staff, reason="Overcharged")
    second = refunds.refund_request(payment=two_seller_payment, amount="2000.00", actor=staff)

    for refund in (first, second):
        refund.refresh_from_db()
        assert refund.status == Refund.Status.SUCCEEDED and refund.provider_refund_id.startswith("rfnd_")
    assert PaymentEntry.objects.filter(payment=two_seller_payment, kind=EntryKind.REFUND).count() == 2
    assert selectors.payment_received(payment=two_seller_payment) == Decimal(0)
    assert SAFEPAY.refund(refund=first) == first.provider_refund_id  # asked again: the same refund
    assert PaymentEntry.objects.filter(payment=two_seller_payment, kind=EntryKind.REFUND).count() == 2


def test_a_refund_safepay_cannot_take_fails_with_the_reason(card_site, card_settings, two_seller_payment, staff):
    submit(open_page(two_seller_payment), card_number=PAYS, action="pay")
    card_settings.SAFEPAY_API_BASE = "http://127.0.0.1:9"  # Safepay down

    refund = refunds.refund_request(payment=two_seller_payment, amount="10.00", actor=staff)

    refund.refresh_from_db()
    assert (refund.status, refund.failure) == (Refund.Status.FAILED, "provider_unreachable")
    assert "could not be reached" in refund.failure_text
    assert not PaymentEntry.objects.filter(kind=EntryKind.REFUND).exists()
