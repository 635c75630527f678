"""Celery tasks: thin doors onto emails.py and the stock-hold expiry. Queued with on_commit."""

from __future__ import annotations

from celery import shared_task

from .email_tasks import send_order_status_email, send_seller_new_order_email  # noqa: F401 (registered)
from .services.auto_complete import orders_complete_delivered
from .services.cart import guest_carts_delete_stale
from .services.holds import reservations_release_expired


@shared_task(name="orders.release_expired_reservations")
def release_expired_reservations() -> int:
    """Cancel unpaid orders whose stock hold expired and put the stock back (Celery beat)."""
    return reservations_release_expired()


@shared_task(name="orders.delete_stale_guest_carts")
def delete_stale_guest_carts() -> int:
    """Delete guest carts untouched for 30 days (Celery beat, daily)."""
    return guest_carts_delete_stale()


@shared_task(name="orders.complete_delivered")
def complete_delivered() -> int:
    """Complete orders delivered more than ORDERS_AUTO_COMPLETE_DAYS ago with no problem raised (beat)."""
    return orders_complete_delivered()
