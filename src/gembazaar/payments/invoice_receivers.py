"""An order's invoice is issued when the order is paid.

Orders knows nothing of payments, so payments listens to the orders' event log: a new OrderEvent
moving an order to "paid". The invoice is issued after that transaction commits, in its own: a
failure to issue an invoice (logged by robust on_commit) never undoes a payment, and an order left
without one gets it on its first download (invoices.invoice_get_for_*).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from gembazaar.orders.models import Order, OrderEvent

from .invoice_emails import send_invoice_email_task
from .invoices import invoice_issue_for_order_id


@receiver(post_save, sender=OrderEvent, dispatch_uid="payments.invoice_on_order_paid")
def issue_invoice_when_paid(sender, *, instance: OrderEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or instance.to_status != Order.Status.PAID:
        return
    order_id = instance.order_id
    transaction.on_commit(lambda: _issue_and_send(order_id), robust=True)


def _issue_and_send(order_id: int) -> None:
    """Issue the invoice, then email it to the buyer (a task: drawing the PDF takes a moment)."""
    invoice = invoice_issue_for_order_id(order_id)
    if invoice is not None:
        send_invoice_email_task.delay(invoice.pk)
