"""Trade assurance's clock: a delivered order the buyer raised no problem with completes by itself
ORDERS_AUTO_COMPLETE_DAYS after delivery (Celery beat), so a seller is not held waiting on a buyer
who simply never clicked "complete". Until then the buyer can still ask for a refund or open a
dispute; a disputed or refund-requested order is never completed by the clock."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gembazaar.core.errors import DomainError

from ..event_notes import NoteCode
from ..models import Order
from ..rules import SYSTEM
from .transitions import order_transition


def auto_complete_days() -> int:
    return int(getattr(settings, "ORDERS_AUTO_COMPLETE_DAYS", 14))


def orders_complete_delivered(*, now=None, limit: int = 500) -> int:
    """Complete delivered orders whose delivery is more than the setting's days old; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=auto_complete_days())
    # The delivered event's time, not updated_at: a later save of the order must not restart the clock.
    due = (Order.objects.filter(status=Order.Status.DELIVERED, events__to_status=Order.Status.DELIVERED,
                                events__at__lt=cutoff)
           .order_by("pk").values_list("pk", flat=True).distinct()[:limit])
    completed = 0
    for order_id in list(due):
        try:
            with transaction.atomic():
                order_transition(order=Order.objects.get(pk=order_id), to_status=Order.Status.COMPLETED,
                                 actor=None, role=SYSTEM, note_code=NoteCode.AUTO_COMPLETED)
            completed += 1
        except DomainError:
            continue  # the buyer completed it, or opened a dispute, a moment ago
    return completed
