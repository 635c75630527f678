"""Payments under concurrency, on PostgreSQL with real threads and real transactions: two staff
recording the last part of one payment at the same moment mark each order paid exactly once.

Without PostgreSQL these tests are deselected (see conftest.py at the root) and skip if reached
anyway, except with CI=true, where a missing database is a failure.
"""

from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection

from conftest import missing_service
from gembazaar.orders.models import OrderEvent
from gembazaar.payments import refunds, selectors, services
from gembazaar.payments.models import Payment, PaymentEntry
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.sellers.tests.conftest import make_council_user
from gembazaar.testing import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        missing_service("the payment race tests need PostgreSQL (DATABASE_URL=postgres://…)")


def paid_events(payment: Payment) -> Counter:
    return Counter(OrderEvent.objects.filter(order__checkout=payment.checkout, to_status="paid")
                   .values_list("order_id", flat=True))


def test_two_staff_recording_the_last_part_at_once_mark_each_order_paid_once(two_seller_payment, staff):
    other = make_council_user("cashier")
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="1056.00", actor=staff)

    results = race(lambda who: BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="1000.00", actor=who,
                                                            bank_transaction_id=f"TX-{who.pk}").created,
                   [staff, other])

    assert results == [("ok", True), ("ok", True)], results
    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == Payment.Status.OVERPAID
    assert selectors.payment_received(payment=two_seller_payment) == Decimal("3056.00")
    events = paid_events(two_seller_payment)
    assert len(events) == 2 and set(events.values()) == {1}, events


def test_one_bank_transaction_recorded_by_many_at_once_is_one_capture(two_seller_payment, staff):
    results = race(lambda _: BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="2056.00", actor=staff,
                                                          bank_transaction_id="TX-SAME").created,
                   list(range(8)))

    assert Counter(results) == {("ok", True): 1, ("ok", False): 7}, results
    assert PaymentEntry.objects.filter(kind="capture").count() == 1
    assert set(paid_events(two_seller_payment).values()) == {1}


def test_refunds_racing_never_take_more_than_was_received(two_seller_payment, staff):
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="2056.00", actor=staff)

    results = race(lambda i: services.payment_refund_record(payment=two_seller_payment, amount=Decimal("600.00"),
                                                            actor=staff, idempotency_key=f"refund-{i}").entry.pk,
                   list(range(6)))

    codes = Counter(code for code, _ in results)
    assert codes == {"ok": 3, "refund_exceeds_received": 3}, results
    assert selectors.payment_received(payment=two_seller_payment) == Decimal("256.00")


def test_refund_requests_racing_never_promise_more_than_was_captured(two_seller_payment, staff):
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="2000.00", actor=staff)  # part paid

    results = race(lambda i: refunds.refund_request(payment=two_seller_payment, amount=Decimal("600.00"),
                                                    actor=staff, idempotency_key=f"req-{i}").pk,
                   list(range(6)))

    codes = Counter(code for code, _ in results)
    assert codes == {"ok": 3, "refund_exceeds_received": 3}, results
    assert refunds.refundable(payment=Payment.objects.get(pk=two_seller_payment.pk)) == Decimal("200.00")
