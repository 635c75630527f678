"""Invoices: issued once per order when it is paid, numbered gap-free per seller, and read by the
three doors (the buyer, the seller's members, council staff), each scoped to what it may see.

Rules:
- one invoice per order (a unique constraint backs the check);
- only an order that has been paid gets one: its status is paid or later, or its log says it was
  paid once (an order cancelled after payment keeps its invoice);
- the number comes from the seller's counter row of the year, locked in the same transaction that
  creates the invoice: numbers of one seller and year are consecutive, with no gap and no twin;
- the invoice keeps a snapshot of what it says, in codes where words would need translating.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.orders.models import Order
from gembazaar.sellers.models import Seller

from .models import Invoice, InvoiceCounter, Payment

# The statuses an order can only reach through being paid.
PAID_OR_LATER = frozenset({
    Order.Status.PAID, Order.Status.PROCESSING, Order.Status.SHIPPED, Order.Status.DELIVERED,
    Order.Status.COMPLETED, Order.Status.REFUND_REQUESTED, Order.Status.REFUNDED, Order.Status.DISPUTED,
})


def invoice_number(*, seller_id: int, year: int, sequence: int) -> str:
    return f"S{seller_id:04d}-{year}-{sequence:06d}"


def order_was_paid(order: Order) -> bool:
    return order.status in PAID_OR_LATER or order.events.filter(to_status=Order.Status.PAID).exists()


def _amount(value) -> str:
    return str(value)


def _paid_at(order: Order) -> str:
    event = order.events.filter(to_status=Order.Status.PAID).order_by("-at", "-id").first()
    return (event.at if event else timezone.now()).isoformat()


def invoice_snapshot(order: Order) -> dict:
    """What the invoice says, as of now: seller, buyer, lines (spec codes kept), totals, payment."""
    seller, checkout = order.seller, order.checkout
    payment = Payment.objects.filter(checkout=checkout).first()
    shipping_address = dict(checkout.shipping_address or {})
    billing_address = dict(checkout.billing_address or {}) or shipping_address
    return {
        "version": 1,
        "seller": {
            "legal_name": seller.legal_name, "trade_name": seller.trade_name, "city": seller.city,
            "country": str(seller.country), "council_membership_no": seller.council_membership_no,
            "tax_number": seller.tax_number, "address": seller.address,
        },
        "buyer": {
            "name": billing_address.get("name") or shipping_address.get("name") or order.buyer.get_full_name(),
            "email": order.buyer.email,
            "billing_address": billing_address,
            "shipping_country": shipping_address.get("country", ""),
        },
        "order": {
            "number": order.number, "checkout_reference": checkout.reference,
            "placed_at": order.placed_at.isoformat(), "currency": order.currency,
            "subtotal": _amount(order.subtotal), "shipping_cost": _amount(order.shipping_cost),
            "total": _amount(order.total), "shipping_method": order.shipping_method,
        },
        "lines": [
            {"sku": line.sku, "kind": line.kind, "title": line.title, "spec": line.spec, "hs_code": line.hs_code,
             "quantity": line.quantity, "unit_price": _amount(line.unit_price),
             "line_total": _amount(line.line_total), "currency": line.currency}
            for line in order.lines.order_by("pk")
        ],
        "payment": {
            "provider": payment.provider if payment else checkout.payment_method,
            "paid_at": _paid_at(order),
        },
    }


def _issue(order: Order, *, now) -> Invoice:
    year = timezone.localdate(now).year
    # get_or_create runs its insert in a savepoint: a parallel first invoice of the year that
    # wins the insert leaves this one to read the row, not to fail the transaction.
    InvoiceCounter.objects.get_or_create(seller_id=order.seller_id, year=year)
    counter = InvoiceCounter.objects.select_for_update().get(seller_id=order.seller_id, year=year)
    # Read under the counter's lock: a parallel issue of this order has committed by now.
    existing = Invoice.objects.filter(order=order).first()
    if existing is not None:
        return existing
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return Invoice.objects.create(
        order=order, seller_id=order.seller_id, year=year, sequence=counter.last_number, issued_at=now,
        number=invoice_number(seller_id=order.seller_id, year=year, sequence=counter.last_number),
        snapshot=invoice_snapshot(order),
    )


def invoice_issue(*, order: Order) -> Invoice:
    """The order's invoice, issued now if it has none. Refuses an order never paid
    (`order_not_paid`). Safe to call twice or in parallel: one invoice, one number."""
    existing = Invoice.objects.filter(order=order).first()
    if existing is not None:
        return existing
    if not order_was_paid(order):
        raise DomainError(_("An invoice is issued once the order has been paid."), code="order_not_paid",
                          field="order")
    try:
        with transaction.atomic():
            return _issue(order, now=timezone.now())
    except IntegrityError:
        # Only a parallel issue of the same order across a year's end gets here; its invoice stands.
        return Invoice.objects.get(order=order)


def invoice_issue_for_order_id(order_id: int) -> Invoice | None:
    """The receiver's work after the payment committed (the order may be gone from view: None)."""
    order = Order.objects.select_related("seller", "checkout", "buyer").filter(pk=order_id).first()
    return invoice_issue(order=order) if order is not None else None


# --- Reads of the doors: each raises Order.DoesNotExist (→ 404) for an order it may not see ----------


# An order number as orders makes them; anything else (NUL bytes, huge input) is simply not found.
_NUMBER = re.compile(r"[A-Za-z0-9-]{1,20}")


def _orders(number: str) -> QuerySet[Order]:
    if not isinstance(number, str) or not _NUMBER.fullmatch(number):
        return Order.objects.none()
    return Order.objects.select_related("seller", "checkout", "buyer").filter(number=number)


def _invoice_of(order: Order) -> Invoice:
    """The order's invoice, issued on demand for a paid order that has none (orders paid before
    invoices existed); an unpaid order's invoice does not exist (404)."""
    if not order_was_paid(order):
        raise Invoice.DoesNotExist
    return invoice_issue(order=order)


def invoice_get_for_buyer(*, user, number: str) -> Invoice:
    return _invoice_of(_orders(number).get(buyer=user))


def invoice_get_for_seller(*, seller: Seller, number: str) -> Invoice:
    return _invoice_of(_orders(number).get(seller=seller))


def invoice_get_for_staff(*, number: str) -> Invoice:
    return _invoice_of(_orders(number).get())

