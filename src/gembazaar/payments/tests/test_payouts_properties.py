"""Hypothesis: whatever happens to a seller's orders and payouts, in any order the flows allow
(bank transfer or cash on delivery, paid before or after completion, partial refunds),
balance = Σ entries, held = Σ entries of orders not completed, available never goes negative, and
no payout ever takes held money."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions
from gembazaar.payments import payout_selectors, payouts, refunds
from gembazaar.payments.models import Payment, Payout, PayoutEntry
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.testing import make_gem_listing

from .conftest import placed_payment
from .payout_factories import complete

pytestmark = pytest.mark.django_db

ORDERS = 3
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
shares = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1.20"), places=2)
step = st.one_of(
    st.tuples(st.just("pay"), st.integers(0, ORDERS - 1)),
    st.tuples(st.just("cash_on_delivery"), st.integers(0, ORDERS - 1)),
    st.tuples(st.just("refund"), st.integers(0, ORDERS - 1), shares),
    st.tuples(st.just("complete"), st.integers(0, ORDERS - 1)),
    st.tuples(st.just("request"), shares),
    st.tuples(st.just("send"), st.integers(0, 5)),
    st.tuples(st.just("cancel"), st.integers(0, 5)),
)


class Rollback(Exception):
    """Ends an example: its orders and entries are rolled back before the next one."""


def check_invariants(seller, completed: set[int]) -> None:
    rows = list(PayoutEntry.objects.filter(seller=seller).values_list("amount", "order_id"))
    balance = payout_selectors.seller_balance(seller=seller)
    assert balance.balance == sum((amount for amount, _ in rows), Decimal(0))
    assert balance.held == sum((amount for amount, order_id in rows if order_id and order_id not in completed),
                               Decimal(0))
    assert balance.available == balance.balance - balance.held
    assert balance.available >= 0, balance
    assert balance.held >= 0, balance
    active = Payout.objects.filter(seller=seller).exclude(status="cancelled")
    released = sum((amount for amount, order_id in rows if order_id and order_id in completed), Decimal(0))
    # Payouts requested or sent never exceed what completed orders earned (plus corrections: none here).
    assert sum(active.values_list("amount", flat=True), Decimal(0)) <= released


def run(ops, *, buyer, seller, staff) -> None:
    payments = [placed_payment(buyer, make_gem_listing(seller=seller, price=Decimal(price), currency="USD"))
                for price in ("1000.00", "333.33", "75.50")]
    orders = [payment.checkout.orders.get() for payment in payments]
    completed: set[int] = set()
    for op in ops:
        kind, *args = op
        if kind == "pay":  # by bank transfer, or the courier's remittance of a cash-on-delivery order
            payment = Payment.objects.get(pk=payments[args[0]].pk)
            status = Order.objects.get(pk=orders[args[0]].pk).status
            if payment.status == "pending" and status != "cancelled":
                BANK_TRANSFER.receipt_record(payment=payment, amount=str(quantize(payment.amount_due, "USD")),
                                             actor=staff)
        elif kind == "cash_on_delivery":
            order = Order.objects.get(pk=orders[args[0]].pk)
            if order.status == "awaiting_payment":
                transitions.order_confirm_cash_on_delivery(order=order)
        elif kind == "refund":
            order = Order.objects.get(pk=orders[args[0]].pk)
            payment = Payment.objects.get(pk=payments[args[0]].pk)
            if order.pk in completed or order.status in ("awaiting_payment", "processing"):
                continue  # trade assurance: money goes back before an order completes
            amount = quantize(order.total * args[1], "USD")
            try:
                request = refunds.refund_request(payment=payment, order=order, amount=amount, actor=staff)
            except DomainError as exc:
                assert exc.code == "refund_exceeds_received"
                continue
            refunds.refund_confirm_sent(refund=request, actor=staff, bank_transaction_id=f"R-{request.pk}")
        elif kind == "complete":
            order = Order.objects.get(pk=orders[args[0]].pk)
            if order.status == "paid":
                complete(order, buyer=buyer)
                completed.add(order.pk)
            elif order.status == "processing":  # cash on delivery: completes, paid or not yet
                transitions.order_ship(order=order, actor=None, tracking_number="RR1", carrier="TCS")
                transitions.order_confirm_delivered(order=order, actor=buyer)
                transitions.order_complete(order=order, actor=buyer)
                completed.add(order.pk)
        elif kind == "request":  # a share of the whole balance: held money is asked for too, and refused
            balance = payout_selectors.seller_balance(seller=seller)
            amount = quantize(max(balance.balance, Decimal(0)) * args[0], "PKR")
            if amount <= 0:
                continue
            if amount > balance.available:
                with pytest.raises(DomainError):
                    payouts.payout_request(seller=seller, amount=str(amount), actor=staff)
            else:
                payouts.payout_request(seller=seller, amount=str(amount), actor=staff)
        else:
            payout = Payout.objects.filter(seller=seller).order_by("pk")[args[0]:args[0] + 1].first()
            if payout is None:
                continue
            try:
                if kind == "send":
                    payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference=f"B-{payout.pk}")
                else:
                    payouts.payout_cancel(payout=payout, actor=staff)
            except DomainError as exc:
                assert exc.code in {"payout_cancelled", "payout_sent", "already_sent"}
        check_invariants(seller, completed)


@FAST
@given(ops=st.lists(step, min_size=1, max_size=14))
def test_any_sequence_keeps_the_ledger_adding_up_and_never_pays_held_money(ops, buyer, seller, staff):
    try:
        with transaction.atomic():
            run(ops, buyer=buyer, seller=seller, staff=staff)
            raise Rollback
    except Rollback:
        pass
