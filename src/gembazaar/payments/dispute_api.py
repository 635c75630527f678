"""The buyer's disputes (`/disputes…`) and late-shipment cancellation, with the browser session
(writes pass Django's CSRF check). Another buyer's dispute or order answers 404, as an unknown
one does. The dispute schemas here are shared by the seller's and the council's routers.

Photos come with messages (`multipart/form-data`: `text` and up to 5 `photos`), each checked by
its content; a file that is not a JPEG, PNG or WebP picture answers 400 naming `photos`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth

from gembazaar.core.api import DecimalIn, DecimalString, PageOut, PageQuery, paginate
from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.orders import selectors as order_selectors
from gembazaar.orders.api_common import errors

from . import dispute_selectors as selectors
from . import disputes
from .models import Dispute, DisputeOfferKind, DisputeReason, Refund

router = Router(tags=["disputes"])


# --- Schemas (shared with seller_dispute and council_dispute routers) ---------------------------


class DisputePhotoOut(Schema):
    id: int
    url: str = Field(description="The picture; only the parties and council staff may fetch it.")
    thumbnail_url: str
    width: int
    height: int


class DisputeEventOut(Schema):
    kind: str = Field(description="opened, message, offer_made, offer_accepted, offer_declined, escalated, "
                                  "auto_escalated, return_received, refund_requested, decided or withdrawn.")
    label: str = Field(description="The kind in the request's language.")
    detail: str = Field(description="An offer's kind or a decision's outcome, when the kind has several.")
    role: str = Field(description="buyer, seller, staff or system.")
    by: str
    at: datetime
    amount: DecimalString | None = None
    currency: str
    text: str = Field(description="The person's own words, as written.")
    photos: list[DisputePhotoOut]


class DisputeOfferOut(Schema):
    id: int
    kind: str = Field(description="partial_refund (the buyer keeps the piece) or return (full refund).")
    amount: DecimalString | None = None
    currency: str
    made_by: str = Field(description="buyer or seller.")
    note: str
    status: str = Field(description="pending, accepted, declined or superseded.")
    created_at: datetime


class DisputeSummaryOut(Schema):
    id: int
    order: str = Field(description="The order number.")
    seller: str
    reason: str = Field(description="not_as_described, not_received, damaged, not_disclosed, fake_certificate, "
                                    "other.")
    status: str = Field(description="open, agreed, escalated, decided or withdrawn.")
    outcome: str
    currency: str
    opened_at: datetime
    negotiate_until: datetime
    escalated_at: datetime | None = None
    closed_at: datetime | None = None


class DisputeOut(DisputeSummaryOut):
    description: str
    awaiting_return: bool = Field(description="An agreed return: the full refund follows the seller's confirmation.")
    refundable: DecimalString = Field(description="What the order can still get back.")
    refund_amount: DecimalString | None = None
    refund_status: str | None = Field(None, description="requested, succeeded or failed.")
    decision_reason: str
    pending_offer: DisputeOfferOut | None = None
    events: list[DisputeEventOut]


class DisputePageOut(PageOut):
    items: list[DisputeSummaryOut]


class DisputeOpenIn(Schema):
    reason: Literal[tuple(DisputeReason.values)]
    description: str = Field(max_length=2000, description="What went wrong, in your words.")


class OfferIn(Schema):
    kind: Literal[tuple(DisputeOfferKind.values)]
    amount: DecimalIn | None = Field(None, description="For a partial refund: in the order's currency.")
    note: str = Field("", max_length=2000)


class WordsIn(Schema):
    text: str = Field("", max_length=2000)


class LateShipmentOut(Schema):
    order: str
    ship_by: datetime | None = Field(None, description="When the seller must have shipped; null if not paid yet.")
    cancellable: bool = Field(description="You may cancel now for a full refund.")


class LateCancelIn(Schema):
    reason: str = Field("", max_length=1000)


class LateCancelOut(Schema):
    order: str
    status: str
    refund_amount: DecimalString | None = None
    currency: str


# --- Output helpers ----------------------------------------------------------------------------


def _amount(value, currency: str):
    return quantize(value, currency) if value is not None else None


def photo_out(photo) -> dict:
    url = reverse("payments:dispute_photo", args=[photo.pk])
    return {"id": photo.pk, "url": url, "thumbnail_url": f"{url}?size=thumb", "width": photo.width,
            "height": photo.height}


def offer_out(offer) -> dict:
    return {"id": offer.pk, "kind": offer.kind, "amount": _amount(offer.amount, offer.currency),
            "currency": offer.currency, "made_by": offer.made_by_role, "note": offer.note, "status": offer.status,
            "created_at": offer.created_at}


def summary_out(dispute: Dispute) -> dict:
    return {"id": dispute.pk, "order": dispute.order.number, "seller": dispute.order.seller.trade_name,
            "reason": dispute.reason, "status": dispute.status, "outcome": dispute.outcome,
            "currency": dispute.currency, "opened_at": dispute.opened_at, "negotiate_until": dispute.negotiate_until,
            "escalated_at": dispute.escalated_at, "closed_at": dispute.closed_at}


def dispute_out(dispute: Dispute) -> dict:
    dispute = Dispute.objects.select_related("order__seller", "refund").get(pk=dispute.pk)
    pending = selectors.dispute_pending_offer(dispute=dispute)
    refund: Refund | None = dispute.refund
    return {**summary_out(dispute), "description": dispute.description, "awaiting_return": dispute.awaiting_return,
            "refundable": quantize(selectors.dispute_refundable(dispute=dispute), dispute.currency),
            "refund_amount": _amount(dispute.refund_amount, dispute.currency),
            "refund_status": refund.status if refund else None, "decision_reason": dispute.decision_reason,
            "pending_offer": offer_out(pending) if pending else None,
            "events": [{"kind": e.kind, "label": e.get_kind_display(), "detail": e.detail, "role": e.role,
                        "by": e.actor_name, "at": e.at, "amount": _amount(e.amount, e.currency or dispute.currency),
                        "currency": e.currency, "text": e.text, "photos": [photo_out(p) for p in e.photos.all()]}
                       for e in selectors.dispute_timeline(dispute=dispute)]}


def dispute_page(request: HttpRequest, queryset, pages: PageQuery) -> dict:
    page = paginate(request, queryset, page=pages.page, page_size=pages.page_size)
    page["items"] = [summary_out(dispute) for dispute in page["items"]]
    return page


def read_photos(photos: list[UploadedFile] | None) -> list[bytes]:
    """The uploaded files' bytes (read no further than the limit: core.images refuses the rest)."""
    if photos and len(photos) > disputes.PHOTOS_MAX:
        raise DomainError(_("At most %(n)d photos at a time.") % {"n": disputes.PHOTOS_MAX}, code="too_many_photos",
                          field="photos")
    return [upload.read(disputes.UPLOAD_READ_MAX) for upload in photos or []]


# --- Buyer endpoints ---------------------------------------------------------------------------


def _own(request: HttpRequest, dispute_id: int) -> Dispute:
    return selectors.dispute_get_for_buyer(user=request.user, dispute_id=dispute_id)


@router.get("/disputes", response={200: DisputePageOut, **errors(401, 422)}, auth=django_auth,
            operation_id="disputes_list", summary="Your disputes")
def disputes_list(request: HttpRequest, pages: Query[PageQuery]):
    return dispute_page(request, selectors.disputes_for_buyer(user=request.user), pages)


@router.get("/disputes/{dispute_id}", response={200: DisputeOut, **errors(401, 404, 422)}, auth=django_auth,
            operation_id="dispute_get", summary="One of your disputes, with its timeline")
def dispute_get(request: HttpRequest, dispute_id: int):
    return dispute_out(_own(request, dispute_id))


@router.post("/orders/{number}/dispute", response={201: DisputeOut, **errors(400, 401, 403, 404, 422)},
             auth=django_auth, operation_id="dispute_open", summary="Open a dispute on your order")
def dispute_open(request: HttpRequest, number: str, payload: DisputeOpenIn):
    """On a shipped, delivered or refund-requested order. Sending it twice returns the dispute
    already open. Add photos with a message afterwards."""
    order = order_selectors.order_get_for_buyer(user=request.user, number=number)
    dispute = disputes.dispute_open(order=order, actor=request.user, reason=payload.reason,
                                    description=payload.description)
    return Status(201, dispute_out(dispute))


@router.post("/disputes/{dispute_id}/messages", response={201: DisputeOut, **errors(400, 401, 403, 404, 422)},
             auth=django_auth, operation_id="dispute_message", summary="Write to the seller, with photos")
def dispute_message(request: HttpRequest, dispute_id: int, text: Form[str] = "",
                    photos: File[list[UploadedFile]] = None):
    dispute = _own(request, dispute_id)
    disputes.dispute_message(dispute=dispute, actor=request.user, role="buyer", text=text,
                             photos=read_photos(photos))
    return Status(201, dispute_out(dispute))


@router.post("/disputes/{dispute_id}/offers", response={201: DisputeOut, **errors(400, 401, 403, 404, 422)},
             auth=django_auth, operation_id="dispute_offer", summary="Propose a partial refund or a return")
def dispute_offer(request: HttpRequest, dispute_id: int, payload: OfferIn):
    dispute = _own(request, dispute_id)
    disputes.dispute_offer_make(dispute=dispute, actor=request.user, role="buyer", kind=payload.kind,
                                amount=payload.amount, note=payload.note)
    return Status(201, dispute_out(dispute))


@router.post("/disputes/{dispute_id}/offers/{offer_id}/accept", response={200: DisputeOut,
                                                                         **errors(400, 401, 403, 404, 422)},
             auth=django_auth, operation_id="dispute_offer_accept", summary="Accept the seller's offer")
def dispute_offer_accept(request: HttpRequest, dispute_id: int, offer_id: int):
    dispute = _own(request, dispute_id)
    offer = selectors.dispute_offer_get(dispute=dispute, offer_id=offer_id)
    disputes.dispute_offer_accept(offer=offer, actor=request.user, role="buyer")
    return dispute_out(dispute)


@router.post("/disputes/{dispute_id}/offers/{offer_id}/decline",
             response={200: DisputeOut, **errors(400, 401, 403, 404, 422)}, auth=django_auth,
             operation_id="dispute_offer_decline", summary="Decline the seller's offer")
def dispute_offer_decline(request: HttpRequest, dispute_id: int, offer_id: int, payload: WordsIn):
    dispute = _own(request, dispute_id)
    offer = selectors.dispute_offer_get(dispute=dispute, offer_id=offer_id)
    disputes.dispute_offer_decline(offer=offer, actor=request.user, role="buyer", note=payload.text)
    return dispute_out(dispute)


@router.post("/disputes/{dispute_id}/escalate", response={200: DisputeOut, **errors(400, 401, 403, 404, 422)},
             auth=django_auth, operation_id="dispute_escalate", summary="Ask the council to decide")
def dispute_escalate(request: HttpRequest, dispute_id: int, payload: WordsIn):
    dispute = _own(request, dispute_id)
    disputes.dispute_escalate(dispute=dispute, actor=request.user, role="buyer", text=payload.text)
    return dispute_out(dispute)


@router.post("/disputes/{dispute_id}/withdraw", response={200: DisputeOut, **errors(400, 401, 403, 404, 422)},
             auth=django_auth, operation_id="dispute_withdraw", summary="Withdraw your dispute")
def dispute_withdraw(request: HttpRequest, dispute_id: int, payload: WordsIn):
    dispute = _own(request, dispute_id)
    disputes.dispute_withdraw(dispute=dispute, actor=request.user, text=payload.text)
    return dispute_out(dispute)


# --- Late shipment -----------------------------------------------------------------------------


@router.get("/orders/{number}/late-shipment", response={200: LateShipmentOut, **errors(401, 404)},
            auth=django_auth, operation_id="order_late_shipment", summary="When your order becomes cancellable")
def order_late_shipment(request: HttpRequest, number: str):
    order = order_selectors.order_get_for_buyer(user=request.user, number=number)
    late = selectors.order_late_shipment(order=order)
    return {"order": order.number, "ship_by": late.ship_by, "cancellable": late.cancellable}


@router.post("/orders/{number}/cancel-late-shipment", response={200: LateCancelOut, **errors(400, 401, 403, 404, 422)},
             auth=django_auth, operation_id="order_cancel_late_shipment",
             summary="Cancel a paid order not shipped in time, for a full refund")
def order_cancel_late_shipment(request: HttpRequest, number: str, payload: LateCancelIn):
    """Only once the ship-by date has passed (else 400 `not_late_yet`). The stock goes back and
    the full refund is requested: a card refund is sent at once, a bank transfer is sent back by
    council staff."""
    order = order_selectors.order_get_for_buyer(user=request.user, number=number)
    refund = disputes.order_cancel_for_late_shipment(order=order, actor=request.user, reason=payload.reason)
    order.refresh_from_db(fields=["status"])
    return {"order": order.number, "status": order.status, "currency": order.currency,
            "refund_amount": _amount(refund.amount if refund else None, order.currency)}
