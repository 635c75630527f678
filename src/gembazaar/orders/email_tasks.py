"""The tasks that send the orders' emails, queued on commit by the services (checkout, transitions).

A module of their own: the services import them, and tasks.py (beat jobs that call services)
imports them only so the worker registers them; no circle.
"""

from __future__ import annotations

from celery import shared_task

from . import emails
from .models import OrderEvent
from .ship_by import order_ship_by


@shared_task(name="orders.send_order_status_email")
def send_order_status_email(event_id: int) -> int:
    """Tell the buyer about one change of an order's status. Returns how many were emailed."""
    return emails.send_status_email(event_id=event_id)


@shared_task(name="orders.send_seller_new_order_email")
def send_seller_new_order_email(order_id: int) -> int:
    """Tell the seller's members about a new order. Returns how many were emailed."""
    return emails.send_seller_new_order_email(order_id=order_id)


@shared_task(name="orders.send_seller_paid_email")
def send_seller_paid_email(event_id: int) -> int:
    """Tell the seller's members an order may ship now (paid, or cash on delivery confirmed)."""
    event = OrderEvent.objects.select_related("order").get(pk=event_id)
    return emails.send_seller_paid_email(event_id=event_id, ship_by=order_ship_by(order=event.order))
