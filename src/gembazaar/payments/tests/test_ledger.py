"""The ledger's arithmetic: received = Σ captures − Σ refunds, whatever the sequence; a refund
beyond what was received is refused; the ledger is append-only and its amounts positive."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gembazaar.core.errors import DomainError
from gembazaar.payments import selectors, services
from gembazaar.payments.ledger import received_total, status_for
from gembazaar.payments.models import EntryKind, PaymentEntry, PaymentStatus

from .conftest import make_payment

pytestmark = pytest.mark.django_db

FAST = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
operations = st.lists(st.tuples(st.sampled_from(["capture", "refund"]), amounts), min_size=1, max_size=12)


@given(entries=st.lists(st.tuples(st.sampled_from(EntryKind.values), amounts), max_size=30))
def test_received_is_captures_minus_refunds(entries):
    captures = sum((amount for kind, amount in entries if kind == "capture"), Decimal(0))
    refunds = sum((amount for kind, amount in entries if kind == "refund"), Decimal(0))

    assert received_total(entries) == captures - refunds
    assert isinstance(received_total(entries), Decimal)


@FAST
@given(ops=operations, due=amounts)
def test_any_sequence_keeps_received_equal_to_the_ledger_and_never_refunds_beyond_it(ops, due):
    payment = make_payment(amount_due=due)
    expected = Decimal(0)
    for kind, amount in ops:
        if kind == "capture":
            services.payment_capture_record(payment=payment, amount=amount, currency="USD", actor=None)
            expected += amount
        elif amount > expected:
            with pytest.raises(DomainError) as refused:
                services.payment_refund_record(payment=payment, amount=amount, actor=None)
            assert (refused.value.code, refused.value.field) == ("refund_exceeds_received", "amount")
        else:
            services.payment_refund_record(payment=payment, amount=amount, actor=None)
            expected -= amount
        assert selectors.payment_received(payment=payment) == expected >= 0
    payment.refresh_from_db()
    assert payment.status == status_for(received=expected, due=payment.amount_due)
    rows = PaymentEntry.objects.filter(payment=payment).values_list("kind", "amount")
    assert received_total(rows) == expected
    # The running sums the database's refunds-within-captures check relies on match the ledger.
    assert payment.captured_total - payment.refunded_total == expected
    assert payment.refunded_total <= payment.captured_total


@pytest.mark.parametrize(("received", "status"), [
    ("0", PaymentStatus.PENDING), ("40", PaymentStatus.PART_PAID), ("100", PaymentStatus.PAID),
    ("100.01", PaymentStatus.OVERPAID),
])
def test_status_follows_the_received_total(received, status):
    assert status_for(received=Decimal(received), due=Decimal("100.00")) == status


def test_the_ledger_is_append_only():
    payment = make_payment()
    entry = services.payment_capture_record(payment=payment, amount="10", currency="USD", actor=None).entry

    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        PaymentEntry.objects.filter(pk=entry.pk).update(amount=Decimal(1))
    with pytest.raises(TypeError):
        PaymentEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.parametrize("amount", [Decimal(0), Decimal("-5")])
def test_the_database_refuses_an_amount_that_is_not_positive(amount):
    payment = make_payment()

    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentEntry.objects.create(payment=payment, kind="capture", amount=amount, currency="USD",
                                    provider="bank_transfer")


def test_the_database_refuses_a_provider_event_twice():
    payment = make_payment()
    services.payment_capture_record(payment=payment, amount="10", currency="USD", actor=None,
                                    provider_event_id="TXN-1")

    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentEntry.objects.create(payment=payment, kind="capture", amount=Decimal(10), currency="USD",
                                    provider="bank_transfer", provider_event_id="TXN-1")


def test_a_refund_of_nothing_received_is_refused():
    payment = make_payment()

    with pytest.raises(DomainError) as refused:
        services.payment_refund_record(payment=payment, amount="0.01", actor=None)

    assert refused.value.code == "refund_exceeds_received"
    assert not PaymentEntry.objects.exists()
