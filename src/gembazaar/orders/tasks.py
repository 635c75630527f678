"""Celery tasks: thin doors onto emails.py and the stock-hold expiry. Queued with on_commit."""

from __future__ import annotations

from celery import shared_task

from . import emails
from .services.stock import reservations_release_expired


@shared_task(name="orders.send_order_status_email")
def send_order_status_email(event_id: int) -> int:
    """Tell the buyer about one change of an order's status. Returns how many were emailed."""
    return emails.send_status_email(event_id=event_id)


@shared_task(name="orders.send_seller_new_order_email")
def send_seller_new_order_email(order_id: int) -> int:
    """Tell the seller's members about a new order. Returns how many were emailed."""
    return emails.send_seller_new_order_email(order_id=order_id)


@shared_task(name="orders.release_expired_reservations")
def release_expired_reservations() -> int:
    """Cancel unpaid orders whose stock hold expired and put the stock back (Celery beat)."""
    return reservations_release_expired()


@shared_task(name="orders.delete_stale_guest_carts")
def delete_stale_guest_carts() -> int:
    """Delete guest carts untouched for 30 days (Celery beat, daily)."""
    from .services.cart import guest_carts_delete_stale

    return guest_carts_delete_stale()
