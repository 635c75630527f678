"""Payouts listen to orders and to the payments ledger (orders never import payments):

- an order event to "paid" books the sale and the commission (held);
- an order event to "completed" releases the order's entries;
- a ledger refund entry naming an order books the refund and the commission given back;
- a payment settled (paid or overpaid) books the sale of its orders that went ahead unpaid
  (cash on delivery), which never pass through "paid".

They run inside the writer's transaction: if booking fails, the status change or the refund entry
rolls back with it, so the payout ledger never misses what happened.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from gembazaar.orders.models import Order, OrderEvent

from . import payouts
from .models import EntryKind, Payment, PaymentEntry


@receiver(post_save, sender=OrderEvent, dispatch_uid="payments.payouts_on_order_event")
def book_order_event(sender, instance: OrderEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or instance.from_status == instance.to_status:
        return
    if instance.to_status == Order.Status.PAID:
        payouts.payout_sale_record(order=Order.objects.select_related("seller").get(pk=instance.order_id))
    elif instance.to_status == Order.Status.COMPLETED:
        payouts.payout_order_release(order=Order.objects.get(pk=instance.order_id))


@receiver(post_save, sender=PaymentEntry, dispatch_uid="payments.payouts_on_refund_entry")
def book_refund_entry(sender, instance: PaymentEntry, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw and instance.kind == EntryKind.REFUND and instance.order_id is not None:
        payouts.payout_refund_record(payment_entry=instance)


@receiver(post_save, sender=Payment, dispatch_uid="payments.payouts_on_payment_settled")
def book_settled_payment(sender, instance: Payment, created: bool, raw: bool = False, update_fields=None,
                         **kwargs) -> None:
    if raw or (update_fields is not None and "status" not in update_fields):
        return
    payouts.payout_sales_of_settled_payment(payment=instance)

