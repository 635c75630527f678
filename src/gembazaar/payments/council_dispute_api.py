"""Council staff's disputes (`/council/disputes…`), with a staff session: the queue (escalated
first), one dispute with its timeline, a message to both parties, and the decision. Buyers and
sellers get 403, strangers 401."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from gembazaar.accounts.api_auth import CouncilSessionAuth
from gembazaar.core.api import DecimalIn, PageQuery
from gembazaar.orders.api_common import errors

from . import dispute_selectors as selectors
from . import disputes
from .dispute_api import DisputeOut, DisputePageOut, WordsIn, dispute_out, dispute_page

router = Router(tags=["disputes"])


class DisputeFilter(Schema):
    status: str = Field("", max_length=20, description="open, agreed, escalated, decided or withdrawn; empty: all.")


class DecisionIn(Schema):
    outcome: Literal[tuple(disputes.DECISIONS)] = Field(description="refund_full, refund_part or release.")
    amount: DecimalIn | None = Field(None, description="For refund_part: at most what the order can still get back.")
    reason: str = Field(max_length=2000, description="Why: both parties read it.")


@router.get("/council/disputes", response={200: DisputePageOut, **errors(401, 403, 422)}, auth=CouncilSessionAuth(),
            operation_id="council_disputes_list", summary="Disputes, escalated first (council staff)")
def council_disputes_list(request: HttpRequest, filters: Query[DisputeFilter], pages: Query[PageQuery]):
    return dispute_page(request, selectors.disputes_for_staff(status=filters.status.strip()), pages)


@router.get("/council/disputes/{dispute_id}", response={200: DisputeOut, **errors(401, 403, 404, 422)},
            auth=CouncilSessionAuth(), operation_id="council_dispute_get", summary="One dispute and its timeline")
def council_dispute_get(request: HttpRequest, dispute_id: int):
    return dispute_out(selectors.dispute_get_for_staff(dispute_id=dispute_id))


@router.post("/council/disputes/{dispute_id}/messages", response={201: DisputeOut, **errors(400, 401, 403, 404, 422)},
             auth=CouncilSessionAuth(), operation_id="council_dispute_message", summary="Write to both parties")
def council_dispute_message(request: HttpRequest, dispute_id: int, payload: WordsIn):
    dispute = selectors.dispute_get_for_staff(dispute_id=dispute_id)
    disputes.dispute_message(dispute=dispute, actor=request.user, role="staff", text=payload.text)
    return Status(201, dispute_out(dispute))


@router.post("/council/disputes/{dispute_id}/decision", response={200: DisputeOut, **errors(400, 401, 403, 404, 422)},
             auth=CouncilSessionAuth(), operation_id="council_dispute_decide", summary="Decide a dispute")
def council_dispute_decide(request: HttpRequest, dispute_id: int, payload: DecisionIn):
    """Refund in full, in part (`amount`: the order's currency and decimals, never more than the
    order can still get back: else 400 naming `amount`), or release to the seller; `reason` is
    required. The refund goes through the provider that took the money (bank transfers: staff
    send and confirm it on the payment's page). Sending the same decision twice changes nothing."""
    dispute = selectors.dispute_get_for_staff(dispute_id=dispute_id)
    disputes.dispute_decide(dispute=dispute, actor=request.user, outcome=payload.outcome, amount=payload.amount,
                            reason=payload.reason)
    return dispute_out(dispute)
