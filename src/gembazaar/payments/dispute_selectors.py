"""Reads of disputes, scoped by who asks: a buyer reaches only their own disputes, a seller only
those on its orders (another's id raises Dispute.DoesNotExist → 404, as an unknown one does);
council staff see all, escalated first. Also: what an order can still get back, and when a paid
order becomes cancellable for late shipment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from gembazaar.orders.models import Order
from gembazaar.orders.ship_by import SHIP_LATE_FROM, order_ship_by
from gembazaar.sellers.models import Seller

from .models import Dispute, DisputeEvent, DisputeOffer, DisputeOfferStatus, DisputePhoto, DisputeStatus, Payment
from .refunds import refundable

_RELATED = ("order", "order__seller", "order__checkout", "buyer")


def order_payment(*, order: Order) -> Payment:
    """The payment of the order's checkout (Payment.DoesNotExist when none was opened)."""
    return Payment.objects.get(checkout_id=order.checkout_id)


def dispute_refundable(*, dispute: Dispute) -> Decimal:
    """What the disputed order can still get back (refunds.refundable for its payment and order)."""
    try:
        payment = order_payment(order=dispute.order)
    except Payment.DoesNotExist:
        return Decimal(0)
    return refundable(payment=payment, order=dispute.order)


def dispute_active_for_order(*, order: Order) -> Dispute | None:
    return Dispute.objects.filter(order=order, closed_at__isnull=True).first()


def disputes_for_buyer(*, user) -> QuerySet[Dispute]:
    return Dispute.objects.filter(buyer=user).select_related(*_RELATED).order_by("-opened_at", "-id")


def dispute_get_for_buyer(*, user, dispute_id: int) -> Dispute:
    return disputes_for_buyer(user=user).get(pk=dispute_id)


def disputes_for_seller(*, seller: Seller) -> QuerySet[Dispute]:
    return Dispute.objects.filter(order__seller=seller).select_related(*_RELATED).order_by("-opened_at", "-id")


def dispute_get_for_seller(*, seller: Seller, dispute_id: int) -> Dispute:
    return disputes_for_seller(seller=seller).get(pk=dispute_id)


def disputes_for_staff(*, status: str = "") -> QuerySet[Dispute]:
    """Every dispute: escalated first (oldest escalation first), then open ones by their
    deadline, then the rest newest first. Filtered by status when one is given."""
    queryset = Dispute.objects.select_related(*_RELATED).annotate(queue=Case(
        When(status=DisputeStatus.ESCALATED, then=Value(0)), When(closed_at__isnull=True, then=Value(1)),
        default=Value(2), output_field=IntegerField()))
    if status in DisputeStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("queue", "escalated_at", "negotiate_until", "-opened_at", "-id")


def dispute_get_for_staff(*, dispute_id: int) -> Dispute:
    return Dispute.objects.select_related(*_RELATED).get(pk=dispute_id)


def dispute_timeline(*, dispute: Dispute) -> list[DisputeEvent]:
    """The audit trail, oldest first, with photos and offers in two more queries."""
    return list(DisputeEvent.objects.filter(dispute=dispute).select_related("offer")
                .prefetch_related(Prefetch("photos", queryset=DisputePhoto.objects.order_by("id")))
                .order_by("at", "id"))


def dispute_pending_offer(*, dispute: Dispute) -> DisputeOffer | None:
    return DisputeOffer.objects.filter(dispute=dispute, status=DisputeOfferStatus.PENDING).first()


def dispute_offer_get(*, dispute: Dispute, offer_id: int) -> DisputeOffer:
    """An offer of this dispute (another dispute's offer id → DoesNotExist, a 404)."""
    return DisputeOffer.objects.select_related("dispute").get(dispute=dispute, pk=offer_id)


def dispute_photo_get(*, photo_id: int, user) -> DisputePhoto:
    """A photo its reader may see: the dispute's buyer, a member of the order's seller, or council
    staff; anyone else gets DoesNotExist (404)."""
    photo = DisputePhoto.objects.select_related("event__dispute__order").get(pk=photo_id)
    dispute = photo.event.dispute
    if user.is_authenticated and (user.pk == dispute.buyer_id or user.is_council_staff
                                  or user.seller_memberships.filter(seller_id=dispute.order.seller_id).exists()):
        return photo
    raise DisputePhoto.DoesNotExist


@dataclass(frozen=True)
class LateShipment:
    ship_by: datetime | None   # when the seller must have shipped; None: not paid yet, or shipped
    cancellable: bool          # the buyer may cancel now for a full refund


def order_late_shipment(*, order: Order, now: datetime | None = None) -> LateShipment:
    """When a paid, unshipped order becomes cancellable by the buyer, and whether it is now."""
    if order.status not in SHIP_LATE_FROM:
        return LateShipment(ship_by=None, cancellable=False)
    ship_by = order_ship_by(order=order)
    return LateShipment(ship_by=ship_by, cancellable=ship_by is not None and (now or timezone.now()) >= ship_by)
