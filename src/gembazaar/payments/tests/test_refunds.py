"""Refunds (payments/refunds.py): what may go back, for an order or a payment, and how a bank
refund waits for staff. Card refunds through a provider are tested with the card providers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.payments import refunds, selectors, services
from gembazaar.payments.models import Payment, PaymentEntry, Refund
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER

from .conftest import make_payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(two_seller_payment, staff):
    """Both orders of the checkout paid in full."""
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount=str(quantize(two_seller_payment.amount_due, "USD")),
                                 actor=staff)
    two_seller_payment.refresh_from_db()
    return two_seller_payment


def first_order(payment: Payment):
    return payment.checkout.orders.order_by("total").last()  # the dearer one


def test_a_bank_refund_waits_for_staff_then_enters_the_ledger_once(paid, staff):
    order = first_order(paid)
    refund = refunds.refund_request(payment=paid, order=order, amount="100.00", actor=staff, reason="Scratch")
    assert refund.status == Refund.Status.REQUESTED
    assert not PaymentEntry.objects.filter(kind="refund").exists()  # nothing went back yet

    done = refunds.refund_confirm_sent(refund=refund, actor=staff, bank_transaction_id="FT-R-1")
    again = refunds.refund_confirm_sent(refund=refund, actor=staff, bank_transaction_id="FT-R-1")

    assert done.status == again.status == Refund.Status.SUCCEEDED
    entry = PaymentEntry.objects.get(kind="refund")
    assert (entry.amount, entry.order, entry.provider_event_id) == (Decimal("100.000"), order, "FT-R-1")
    paid.refresh_from_db()
    assert paid.refunded_total == Decimal("100.000")
    assert selectors.payment_received(payment=paid) == paid.amount_due - Decimal(100)


def test_the_buyer_is_emailed_in_their_language_when_the_money_went_back(paid, staff, mailoutbox,
                                                                         django_capture_on_commit_callbacks):
    paid.checkout.buyer.preferred_language = "ur"
    paid.checkout.buyer.save()
    refund = refunds.refund_request(payment=paid, order=first_order(paid), amount="100.00", actor=staff)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refunds.refund_confirm_sent(refund=refund, actor=staff, bank_transaction_id="FT-R-2")
    [message] = [m for m in mailoutbox if m.to == [paid.checkout.buyer.email]]
    assert message.extra_headers["Content-Language"] == "ur"
    assert "100.00" in message.subject and "FT-R-2" in message.body


def test_an_order_never_gets_back_more_than_its_total(paid, staff):
    order = first_order(paid)
    refunds.refund_request(payment=paid, order=order, amount=quantize(order.total, "USD") - 1, actor=staff)
    with pytest.raises(DomainError) as refused:
        refunds.refund_request(payment=paid, order=order, amount="2.00", actor=staff)
    assert (refused.value.code, refused.value.field) == ("refund_exceeds_received", "amount")
    assert refunds.refundable(payment=paid, order=order) == Decimal(1)


def test_a_payment_never_promises_back_more_than_it_captured(two_seller_payment, staff):
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="500.00", actor=staff)  # part paid
    two_seller_payment.refresh_from_db()
    refunds.refund_request(payment=two_seller_payment, amount="300.00", actor=staff)
    with pytest.raises(DomainError) as refused:
        refunds.refund_request(payment=two_seller_payment, amount="200.01", actor=staff)
    assert refused.value.field == "amount"


@pytest.mark.parametrize("amount", ["0", "-5", "1.005", "abc", "1e3", 10.5])
def test_bad_amounts_are_refused_naming_the_amount(paid, staff, amount):
    with pytest.raises(DomainError) as refused:
        refunds.refund_request(payment=paid, order=first_order(paid), amount=amount, actor=staff)
    assert refused.value.field == "amount"
    assert not Refund.objects.exists()


def test_a_replayed_request_returns_the_first_and_a_reused_key_conflicts(paid, staff):
    order = first_order(paid)
    first = refunds.refund_request(payment=paid, order=order, amount="10.00", actor=staff, idempotency_key="k1")
    again = refunds.refund_request(payment=paid, order=order, amount="10.00", actor=staff, idempotency_key="k1")
    assert again.pk == first.pk
    with pytest.raises(services.IdempotencyConflict):
        refunds.refund_request(payment=paid, order=order, amount="11.00", actor=staff, idempotency_key="k1")
    assert Refund.objects.count() == 1


def test_an_order_of_another_checkout_is_refused(paid, staff, buyer, seller):
    other = make_payment(buyer=buyer)
    with pytest.raises(DomainError) as refused:
        refunds.refund_request(payment=other, order=first_order(paid), amount="1.00", actor=staff)
    assert refused.value.field == "order"


def test_a_bank_refund_needs_the_banks_transaction_id(paid, staff):
    refund = refunds.refund_request(payment=paid, amount="1.00", actor=staff)
    with pytest.raises(DomainError) as refused:
        refunds.refund_confirm_sent(refund=refund, actor=staff, bank_transaction_id="  ")
    assert refused.value.field == "bank_transaction_id"


def test_the_database_refuses_refunded_beyond_captured(paid):
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=paid.pk).update(refunded_total=paid.captured_total + Decimal("0.001"))


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500.00"), places=2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ops=st.lists(st.tuples(st.sampled_from(["capture", "request", "send"]), amounts), min_size=1, max_size=12))
def test_any_sequence_of_refunds_never_promises_back_more_than_was_captured(ops):
    """Captures, refund requests and bank refunds sent, in any order: the promised and the sent
    never exceed what was captured, and the running sums always equal the ledger."""
    payment = make_payment(amount_due=Decimal("1000.00"))
    captured = promised = Decimal(0)
    for kind, amount in ops:
        if kind == "capture":
            services.payment_capture_record(payment=payment, amount=amount, currency="USD", actor=None)
            captured += amount
        elif kind == "request":
            if amount > captured - promised:
                with pytest.raises(DomainError) as refused:
                    refunds.refund_request(payment=payment, amount=amount, actor=None)
                assert refused.value.field == "amount"
            else:
                refunds.refund_request(payment=payment, amount=amount, actor=None)
                promised += amount
        elif (waiting := Refund.objects.filter(payment=payment, status="requested").first()) is not None:
            refunds.refund_confirm_sent(refund=waiting, actor=None, bank_transaction_id=f"FT-{waiting.pk}")
        payment.refresh_from_db()
        assert payment.refunded_total <= payment.captured_total == captured
        assert refunds.refundable(payment=payment) == captured - promised >= 0
    sent = sum(Refund.objects.filter(payment=payment, status="succeeded").values_list("amount", flat=True),
               Decimal(0))
    assert payment.refunded_total == sent
