"""Stock holds that expired: the unpaid orders behind them are cancelled through the status
machine, which puts their stock back (services/stock.py). Run by Celery beat (tasks.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gembazaar.core.errors import DomainError

from ..event_notes import NoteCode
from ..models import Order, StockReservation
from .transitions import order_transition


def reservations_release_expired(*, now=None, limit: int = 500) -> int:
    """Cancel unpaid orders whose stock hold has expired, putting their stock back.

    Each order is cancelled in its own short transaction through the status machine (which
    locks the order row), so a payment marked at the same moment either wins or loses cleanly.
    Returns how many orders were cancelled. Idempotent: run by Celery beat.
    """
    now = now or timezone.now()
    order_ids = list(
        StockReservation.objects.filter(expires_at__lte=now, released_at__isnull=True, converted_at__isnull=True,
                                        order_line__order__status__in=[Order.Status.PLACED,
                                                                       Order.Status.AWAITING_PAYMENT])
        .values_list("order_line__order_id", flat=True).distinct().order_by("order_line__order_id")[:limit]
    )
    cancelled = 0
    for order_id in order_ids:
        order = Order.objects.get(pk=order_id)
        if order.status not in (Order.Status.PLACED, Order.Status.AWAITING_PAYMENT):
            continue
        try:
            with transaction.atomic():
                order_transition(order=order, to_status=Order.Status.CANCELLED, actor=None, role="system",
                                 note_code=NoteCode.PAYMENT_NOT_RECEIVED)
            cancelled += 1
        except DomainError:
            continue  # paid or cancelled meanwhile: nothing to release
    return cancelled
