"""Real orders for the payout tests: placed, paid by bank transfer, moved through orders' own
transitions, refunded through payments.refunds (no shortcuts into the payout ledger)."""

from __future__ import annotations

from decimal import Decimal

from gembazaar.core.money import quantize
from gembazaar.orders.models import Order
from gembazaar.orders.services import transitions
from gembazaar.payments import refunds
from gembazaar.payments.models import Payment
from gembazaar.payments.providers.bank_transfer import BANK_TRANSFER
from gembazaar.testing import make_gem_listing

from .conftest import placed_payment


def paid_order(*, buyer, seller, staff, price: str = "1000.00", currency: str = "USD") -> Order:
    """One order of one stone, paid in full by bank transfer (so: paid)."""
    listing = make_gem_listing(seller=seller, price=Decimal(price), currency=currency)
    payment = placed_payment(buyer, listing)
    BANK_TRANSFER.receipt_record(payment=payment, amount=str(quantize(payment.amount_due, payment.currency)),
                                 actor=staff)
    order = payment.checkout.orders.get()
    assert order.status == Order.Status.PAID
    return order


def complete(order: Order, *, buyer) -> Order:
    """paid → processing → shipped → delivered → completed, as seller and buyer do it."""
    transitions.order_accept(order=order, actor=None)
    transitions.order_ship(order=order, actor=None, tracking_number="RR123456789PK", carrier="Pakistan Post")
    transitions.order_confirm_delivered(order=order, actor=buyer)
    return transitions.order_complete(order=order, actor=buyer)


def refund(order: Order, *, amount: str, staff, bank_id: str):
    """Money back to the buyer for the order (a bank refund, confirmed sent by staff)."""
    payment = Payment.objects.get(checkout=order.checkout)
    request = refunds.refund_request(payment=payment, order=order, amount=amount, actor=staff, reason="Chipped")
    return refunds.refund_confirm_sent(refund=request, actor=staff, bank_transaction_id=bank_id)
