"""The seller's disputes through the API (`/seller/disputes…`), with the seller API key.

The key names the seller: a dispute on another seller's order answers 404, as an unknown one does.
Handlers stay thin: payments.disputes writes, payments.dispute_selectors reads.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from gembazaar.core.api import PageQuery
from gembazaar.orders.api_common import errors
from gembazaar.payments import dispute_selectors as selectors
from gembazaar.payments import disputes
from gembazaar.payments.dispute_api import (
    DisputeOut,
    DisputePageOut,
    OfferIn,
    WordsIn,
    dispute_out,
    dispute_page,
    read_photos,
)
from gembazaar.payments.models import Dispute
from gembazaar.sellers.api_auth import SellerApiKeyAuth

router = Router(tags=["seller"], auth=SellerApiKeyAuth())

KEY = (401, 403, 404, 429)


def _dispute(request: HttpRequest, dispute_id: int) -> Dispute:
    return selectors.dispute_get_for_seller(seller=request.seller, dispute_id=dispute_id)


def _actor(request: HttpRequest):
    """The key's creator acts (the member who made the key); None when they have left."""
    return request.seller_api_key.created_by


@router.get("/seller/disputes", response={200: DisputePageOut, **errors(401, 403, 422, 429)},
            operation_id="seller_disputes_list", summary="Disputes on your orders")
def seller_disputes_list(request: HttpRequest, pages: Query[PageQuery]):
    return dispute_page(request, selectors.disputes_for_seller(seller=request.seller), pages)


@router.get("/seller/disputes/{dispute_id}", response={200: DisputeOut, **errors(*KEY, 422)},
            operation_id="seller_dispute_get", summary="One dispute on your order, with its timeline")
def seller_dispute_get(request: HttpRequest, dispute_id: int):
    return dispute_out(_dispute(request, dispute_id))


@router.post("/seller/disputes/{dispute_id}/messages", response={201: DisputeOut, **errors(400, *KEY, 422)},
             operation_id="seller_dispute_message", summary="Write to the buyer, with photos")
def seller_dispute_message(request: HttpRequest, dispute_id: int, text: Form[str] = "",
                           photos: File[list[UploadedFile]] = None):
    """`multipart/form-data`: `text` and up to 5 `photos` (JPEG, PNG or WebP, checked by content)."""
    dispute = _dispute(request, dispute_id)
    disputes.dispute_message(dispute=dispute, actor=_actor(request), role="seller", text=text,
                             photos=read_photos(photos))
    return Status(201, dispute_out(dispute))


@router.post("/seller/disputes/{dispute_id}/offers", response={201: DisputeOut, **errors(400, *KEY, 422)},
             operation_id="seller_dispute_offer", summary="Offer a partial refund or a return")
def seller_dispute_offer(request: HttpRequest, dispute_id: int, payload: OfferIn):
    """A partial refund names `amount` (the order's currency, its decimals, at most what the order
    can still get back: else 400 naming `amount`)."""
    dispute = _dispute(request, dispute_id)
    disputes.dispute_offer_make(dispute=dispute, actor=_actor(request), role="seller", kind=payload.kind,
                                amount=payload.amount, note=payload.note)
    return Status(201, dispute_out(dispute))


@router.post("/seller/disputes/{dispute_id}/offers/{offer_id}/accept", response={200: DisputeOut,
                                                                                **errors(400, *KEY, 422)},
             operation_id="seller_dispute_offer_accept", summary="Accept the buyer's offer")
def seller_dispute_offer_accept(request: HttpRequest, dispute_id: int, offer_id: int):
    dispute = _dispute(request, dispute_id)
    offer = selectors.dispute_offer_get(dispute=dispute, offer_id=offer_id)
    disputes.dispute_offer_accept(offer=offer, actor=_actor(request), role="seller")
    return dispute_out(dispute)


@router.post("/seller/disputes/{dispute_id}/offers/{offer_id}/decline",
             response={200: DisputeOut, **errors(400, *KEY, 422)}, operation_id="seller_dispute_offer_decline",
             summary="Decline the buyer's offer")
def seller_dispute_offer_decline(request: HttpRequest, dispute_id: int, offer_id: int, payload: WordsIn):
    dispute = _dispute(request, dispute_id)
    offer = selectors.dispute_offer_get(dispute=dispute, offer_id=offer_id)
    disputes.dispute_offer_decline(offer=offer, actor=_actor(request), role="seller", note=payload.text)
    return dispute_out(dispute)


@router.post("/seller/disputes/{dispute_id}/escalate", response={200: DisputeOut, **errors(400, *KEY, 422)},
             operation_id="seller_dispute_escalate", summary="Ask the council to decide")
def seller_dispute_escalate(request: HttpRequest, dispute_id: int, payload: WordsIn):
    dispute = _dispute(request, dispute_id)
    disputes.dispute_escalate(dispute=dispute, actor=_actor(request), role="seller", text=payload.text)
    return dispute_out(dispute)


@router.post("/seller/disputes/{dispute_id}/return-received",
             response={200: DisputeOut, **errors(400, *KEY, 422)},
             operation_id="seller_dispute_return_received",
             summary="The returned piece is back: refund in full and put it on sale")
def seller_dispute_return_received(request: HttpRequest, dispute_id: int):
    """After an agreed return only (else 400 `no_return_agreed`)."""
    dispute = _dispute(request, dispute_id)
    disputes.dispute_return_received(dispute=dispute, actor=_actor(request), role="seller")
    return dispute_out(dispute)
