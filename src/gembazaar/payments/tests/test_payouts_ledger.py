"""The seller payout ledger from real orders: a paid order books its sale and the commission (held),
completion releases them, refunds take the seller's share back and give the commission back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions
from gembazaar.payments import payout_selectors, payouts, services
from gembazaar.payments.models import PaymentEntry, PayoutEntry
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.testing import make_gem_listing, make_seller

from .conftest import placed_payment
from .payout_factories import complete, paid_order, refund

pytestmark = pytest.mark.django_db


def pkr(amount: Decimal) -> Decimal:
    return quantize(amount, "PKR")


def kinds(seller) -> list[tuple[str, Decimal]]:
    return list(PayoutEntry.objects.filter(seller=seller).order_by("id").values_list("kind", "amount"))


def test_a_paid_order_books_the_sale_and_the_commission_held(buyer, seller, staff, settings):
    settings.PAYMENTS_COMMISSION_PERCENT = "5"
    order = paid_order(buyer=buyer, seller=seller, staff=staff)

    assert order.payout_currency == "PKR"
    owed = pkr(order.payout_amount)
    assert kinds(seller) == [("sale", owed), ("commission", -pkr(owed * Decimal("0.05")))]
    balance = payout_selectors.seller_balance(seller=seller)
    assert balance.balance == balance.held == owed - pkr(owed * Decimal("0.05"))
    assert balance.available == 0 and balance.currency == "PKR"


def test_completion_releases_the_order_and_the_money_becomes_available(buyer, seller, staff):
    order = paid_order(buyer=buyer, seller=seller, staff=staff)
    before = payout_selectors.seller_balance(seller=seller)

    complete(order, buyer=buyer)

    after = payout_selectors.seller_balance(seller=seller)
    assert (after.held, after.available, after.balance) == (0, before.held, before.balance)


def test_the_sale_is_booked_once_even_if_the_receiver_fires_again(buyer, seller, staff):
    order = paid_order(buyer=buyer, seller=seller, staff=staff)
    first = payouts.payout_sale_record(order=order)
    again = payouts.payout_sale_record(order=order)

    assert first.pk == again.pk
    assert PayoutEntry.objects.filter(order=order).count() == 2  # sale + commission
    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutEntry.objects.create(seller=seller, kind="sale", amount=Decimal(1), currency="PKR", order=order)


def test_a_seller_override_sets_the_commission_of_orders_paid_afterwards(buyer, seller, staff):
    payouts.payout_commission_set(seller=seller, percent="2.5", actor=staff)
    order = paid_order(buyer=buyer, seller=seller, staff=staff)

    commission = PayoutEntry.objects.get(order=order, kind="commission")
    sale = PayoutEntry.objects.get(order=order, kind="sale")
    assert commission.percent == Decimal("2.50")
    assert commission.amount == -pkr(sale.amount * Decimal("0.025"))


def test_a_zero_commission_books_no_commission_entry(buyer, seller, staff):
    payouts.payout_commission_set(seller=seller, percent="0", actor=staff)
    order = paid_order(buyer=buyer, seller=seller, staff=staff)
    assert [kind for kind, _ in kinds(seller)] == ["sale"]
    assert payout_selectors.seller_balance(seller=seller).held == pkr(order.payout_amount)


def test_clearing_the_override_returns_to_the_default(seller, staff, settings):
    settings.PAYMENTS_COMMISSION_PERCENT = "7"
    payouts.payout_commission_set(seller=seller, percent="3", actor=staff)
    payouts.payout_commission_set(seller=seller, percent="", actor=staff)
    assert payout_selectors.commission_percent_for(seller=seller) == Decimal("7")


@pytest.mark.parametrize("percent", ["101", "-1", "abc", "2.555", "1e1", 2.5, "NaN"])
def test_a_bad_commission_is_refused_naming_the_field(seller, staff, percent):
    with pytest.raises(DomainError) as refused:
        payouts.payout_commission_set(seller=seller, percent=percent, actor=staff)
    assert refused.value.field == "commission_percent"


def test_a_partial_refund_takes_its_share_and_gives_the_commission_back_in_proportion(buyer, seller, staff):
    order = paid_order(buyer=buyer, seller=seller, staff=staff)  # total 1000 USD + shipping
    sale = PayoutEntry.objects.get(order=order, kind="sale")
    commission = PayoutEntry.objects.get(order=order, kind="commission")

    refund(order, amount="100.00", staff=staff, bank_id="FT-R1")

    back = PayoutEntry.objects.get(order=order, kind="refund")
    assert back.amount == -pkr(Decimal("100.00") * order.payout_fx_rate)
    assert back.payment_entry == PaymentEntry.objects.get(kind="refund")
    given_back = PayoutEntry.objects.get(order=order, kind="commission_refund")
    assert given_back.amount == pkr(abs(commission.amount) * Decimal(100) / order.total)
    assert payout_selectors.seller_balance(seller=seller).held == sale.amount + commission.amount + back.amount \
        + given_back.amount


def test_refunds_of_the_whole_order_cancel_sale_and_commission_to_the_paisa(buyer, seller, staff):
    order = paid_order(buyer=buyer, seller=seller, staff=staff, price="333.33")
    total = quantize(order.total, "USD")
    third = (total / 3).quantize(Decimal("0.01"))
    refund(order, amount=str(third), staff=staff, bank_id="FT-1")
    refund(order, amount=str(third), staff=staff, bank_id="FT-2")
    refund(order, amount=str(total - 2 * third), staff=staff, bank_id="FT-3")

    assert payout_selectors.seller_balance(seller=seller).balance == 0
    assert PayoutEntry.objects.filter(order=order, kind="refund").count() == 3


def test_cancelled_after_paid_and_refunded_leaves_the_seller_nothing(buyer, seller, staff):
    order = paid_order(buyer=buyer, seller=seller, staff=staff)
    transitions.order_cancel(order=order, actor=staff, role="staff", reason="Stone cracked in setting")
    refund(order, amount=str(order.total.quantize(Decimal("0.01"))), staff=staff, bank_id="FT-C")

    balance = payout_selectors.seller_balance(seller=seller)
    assert (balance.balance, balance.held, balance.available) == (0, 0, 0)
    assert Order.objects.get(pk=order.pk).status == "cancelled"


def test_a_refund_of_an_order_never_paid_books_nothing(buyer, seller, staff):
    payment = placed_payment(buyer, make_gem_listing(seller=seller, price=Decimal("500.00"), currency="USD"))
    services.payment_capture_record(payment=payment, amount="10.00", currency="USD", actor=staff)  # part paid
    services.payment_refund_record(payment=payment, amount="10.00", actor=staff,
                                   order=payment.checkout.orders.get())
    assert not PayoutEntry.objects.exists()


def test_each_seller_of_a_checkout_gets_only_their_own_order(two_seller_payment, staff):
    BANK_TRANSFER.receipt_record(payment=two_seller_payment, amount="2056.00", actor=staff)
    for order in two_seller_payment.checkout.orders.all():
        assert set(PayoutEntry.objects.filter(order=order).values_list("seller_id", flat=True)) == {order.seller_id}
    assert PayoutEntry.objects.values("seller").distinct().count() == 2
    assert make_seller().payout_entries.count() == 0


def test_cash_on_delivery_books_the_sale_when_the_courier_remits(buyer, seller, staff):
    payment = placed_payment(buyer, make_gem_listing(seller=seller, price=Decimal("500.00"), currency="USD"))
    order = payment.checkout.orders.get()
    transitions.order_confirm_cash_on_delivery(order=order)  # ships before it is paid
    assert not PayoutEntry.objects.exists()

    services.payment_capture_record(payment=payment, amount=str(quantize(payment.amount_due, "USD")),
                                    currency="USD", actor=staff)

    assert [kind for kind, _ in kinds(seller)] == ["sale", "commission"]
    assert Order.objects.get(pk=order.pk).status == "processing"
    services.payment_capture_record(payment=payment, amount="1.00", currency="USD", actor=staff)  # overpaid
    assert PayoutEntry.objects.filter(kind="sale").count() == 1


def test_an_order_back_from_a_withdrawn_dispute_books_nothing_twice(buyer, seller, staff):
    order = paid_order(buyer=buyer, seller=seller, staff=staff)
    transitions.order_accept(order=order, actor=None)
    transitions.order_ship(order=order, actor=None, tracking_number="RR1", carrier="TCS")
    transitions.order_transition(order=order, to_status="disputed", actor=staff, role="staff", note="Opened")
    transitions.order_transition(order=order, to_status="shipped", actor=None, role="system", tracking_number="RR1",
                                 carrier="TCS")  # the dispute withdrawn

    assert [kind for kind, _ in kinds(seller)] == ["sale", "commission"]
