"""When a paid order must have shipped (trade assurance's late shipment): pure reads of an order's
event log, used by the late-shipment cancel (services.transitions), the seller's "please ship"
email and the dispute pages.

The promise is the platform's ORDERS_SHIP_WITHIN_DAYS after payment (or cash-on-delivery
confirmation); a per-seller handling time can replace it in ship_within_days.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Order, OrderEvent

S = Order.Status

# A paid order the seller has not shipped by then may be cancelled by the buyer with a full refund
# (the refund is payments': payments.disputes).
SHIP_LATE_FROM = (S.PAID, S.PROCESSING)


def ship_within_days() -> int:
    return int(getattr(settings, "ORDERS_SHIP_WITHIN_DAYS", 5))


def order_ship_by(*, order: Order) -> datetime | None:
    """When the seller must have shipped: ORDERS_SHIP_WITHIN_DAYS after the order was paid (or,
    cash on delivery, confirmed); None while it was never paid."""
    started = (OrderEvent.objects.filter(order=order, from_status=S.AWAITING_PAYMENT,
                                         to_status__in=SHIP_LATE_FROM)
               .order_by("-at").values_list("at", flat=True).first())
    return started + timedelta(days=ship_within_days()) if started else None


def order_shipping_late(*, order: Order, now: datetime | None = None) -> bool:
    """True when `order` is still paid or processing after its ship-by date."""
    ship_by = order_ship_by(order=order) if order.status in SHIP_LATE_FROM else None
    return ship_by is not None and (now or timezone.now()) >= ship_by
