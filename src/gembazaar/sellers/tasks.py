"""Celery tasks: a thin door onto emails.py. Queued with transaction.on_commit by the services."""

from __future__ import annotations

from celery import shared_task

from .emails import send_status_email


@shared_task(name="sellers.send_seller_status_email")
def send_seller_status_email(event_id: int) -> int:
    """Tell a seller's owners about one change of status. Returns how many people were emailed."""
    return send_status_email(event_id=event_id)
