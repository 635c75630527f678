"""Recording money received: part payments, the payment completing (orders paid once),
over-payments, replays, and the amounts and currencies refused."""

from decimal import Decimal

import pytest

from gembazaar.core.errors import DomainError
from gembazaar.orders.models import Order, OrderEvent
from gembazaar.orders.services import transitions
from gembazaar.payments import selectors, services
from gembazaar.payments.models import Payment, PaymentEntry
from gembazaar.payments.providers import PaymentProvider, provider_for
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.testing import make_gem_listing

from .conftest import add, make_payment, place

pytestmark = pytest.mark.django_db


def paid_events(payment: Payment) -> int:
    return OrderEvent.objects.filter(order__checkout=payment.checkout, to_status="paid").count()


def test_a_part_payment_is_recorded_and_leaves_the_orders_awaiting_payment(two_seller_payment, staff):
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="1000.00", actor=staff,
                                 bank_transaction_id="TXN-1")

    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == Payment.Status.PART_PAID
    assert selectors.payment_received(payment=two_seller_payment) == Decimal("1000.00")
    assert set(two_seller_payment.checkout.orders.values_list("status", flat=True)) == {"awaiting_payment"}


def test_the_part_that_completes_the_payment_marks_every_order_paid_once(two_seller_payment, staff):
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="1000.00", actor=staff)
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="1056.00", actor=staff)
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="5.00", actor=staff)  # more after paid

    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == Payment.Status.OVERPAID
    assert set(two_seller_payment.checkout.orders.values_list("status", flat=True)) == {"paid"}
    assert paid_events(two_seller_payment) == 2
    event = OrderEvent.objects.filter(to_status="paid").first()
    assert (event.role, event.actor, event.note_code) == ("staff", staff, "bank_transfer_received")


def test_an_over_payment_is_recorded_not_lost(two_seller_payment, staff):
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="2100.00", actor=staff)

    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == Payment.Status.OVERPAID
    assert selectors.payment_received(payment=two_seller_payment) == Decimal("2100.00")
    assert paid_events(two_seller_payment) == 2


def test_an_order_already_marked_paid_by_hand_is_left_alone(two_seller_payment, staff):
    first = two_seller_payment.checkout.orders.order_by("pk").first()
    transitions.order_mark_paid(order=first, actor=staff)

    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="2056.00", actor=staff)

    assert set(two_seller_payment.checkout.orders.values_list("status", flat=True)) == {"paid"}
    assert paid_events(two_seller_payment) == 2


def test_a_cancelled_order_stays_cancelled_and_the_money_stays_recorded(two_seller_payment, staff):
    first = two_seller_payment.checkout.orders.order_by("pk").first()
    transitions.order_cancel(order=first, actor=staff, role="staff", reason="Hold expired")

    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="2056.00", actor=staff)

    first.refresh_from_db()
    assert first.status == Order.Status.CANCELLED
    assert two_seller_payment.checkout.orders.filter(status="paid").count() == 1
    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == Payment.Status.PAID


def test_the_same_bank_transaction_twice_records_once(two_seller_payment, staff):
    first = BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="100.00", actor=staff,
                                         bank_transaction_id="TXN-9")
    again = BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="100.00", actor=staff,
                                         bank_transaction_id="TXN-9")

    assert (first.created, again.created, again.entry.pk) == (True, False, first.entry.pk)
    assert PaymentEntry.objects.filter(kind="capture").count() == 1


def test_an_idempotency_key_with_another_amount_is_a_conflict():
    payment = make_payment()
    services.payment_capture_record(payment=payment, amount="10", currency="USD", actor=None, idempotency_key="k1")

    with pytest.raises(services.IdempotencyConflict) as conflict:
        services.payment_capture_record(payment=payment, amount="11", currency="USD", actor=None,
                                        idempotency_key="k1")

    assert (conflict.value.status, conflict.value.code) == (409, "idempotency_key_reused")


@pytest.mark.parametrize(("amount", "currency", "field"), [
    ("10.001", "USD", "amount"),
    ("10.5", "JPY", "amount"),
    ("0", "USD", "amount"),
    ("-3.00", "USD", "amount"),
    ("ten", "USD", "amount"),
    ("10.00", "EUR", "currency"),
])
def test_a_bad_amount_or_currency_is_refused_naming_the_field(amount, currency, field):
    payment = make_payment(currency="JPY" if currency == "JPY" else "USD", amount_due=Decimal(100))

    with pytest.raises(DomainError) as refused:
        services.payment_capture_record(payment=payment, amount=amount, currency=currency, actor=None)

    assert refused.value.field == field
    assert not PaymentEntry.objects.exists()


def test_a_float_amount_is_refused():
    with pytest.raises(DomainError) as refused:
        services.clean_amount(10.5, currency="USD")
    assert refused.value.field == "amount"


def test_a_refund_lowers_the_status_but_never_unpays_an_order(two_seller_payment, staff):
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="2056.00", actor=staff)
    services.payment_refund_record(payment=two_seller_payment, amount=Decimal("56.00"), actor=staff,
                                   note="Shipping back")

    two_seller_payment.refresh_from_db()
    assert two_seller_payment.status == Payment.Status.PART_PAID
    assert set(two_seller_payment.checkout.orders.values_list("status", flat=True)) == {"paid"}


def test_bank_transfer_start_shows_the_escrow_account_and_the_reference(settings):
    settings.BANK_TRANSFER = {"account_name": "Gem Council Escrow", "bank": "HBL", "iban": "PK36HABB0000001123456702",
                              "swift": "HABBPKKA"}
    payment = make_payment(amount_due=Decimal("250.00"))

    started = BANK_TRANSFER.start(payment=payment)
    BANK_TRANSFER.start(payment=payment)

    assert started.reference == payment.reference
    assert (started.amount, started.currency) == (Decimal("250.00"), "USD")
    assert started.instructions["iban"] == "PK36HABB0000001123456702"
    assert PaymentEntry.objects.filter(payment=payment, kind="attempt").count() == 1
    assert BANK_TRANSFER.fetch_status(payment=payment).received == 0


def test_bank_transfer_implements_the_provider_interface():
    assert isinstance(provider_for("bank_transfer"), PaymentProvider)
    assert BANK_TRANSFER.handle_webhook(body=b"{}", headers={}) is None


def test_placing_a_checkout_opens_its_payment_in_the_same_transaction(buyer):
    add(buyer, make_gem_listing(price=Decimal("90.00"), currency="USD"))
    checkout = place(buyer).checkout
    payment = Payment.objects.get(checkout=checkout)
    assert (payment.reference, payment.amount_due, payment.currency, payment.status) == (
        checkout.reference, checkout.grand_total, checkout.currency, "pending")


def test_a_replayed_placement_opens_no_second_payment(buyer):
    add(buyer, make_gem_listing(price=Decimal("90.00"), currency="USD"))
    first = place(buyer, key="same-key")
    again = place(buyer, key="same-key")
    assert again.replayed and Payment.objects.filter(checkout=first.checkout).count() == 1
