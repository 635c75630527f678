"""Council staff's view of any order and its moves (`/council/orders…`), with a staff session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from gembazaar.accounts.api_auth import CouncilSessionAuth

from . import selectors
from .api_common import errors
from .schemas import OrderOut, StaffTransitionIn
from .services import transitions

router = Router(tags=["orders"])


@router.get("/council/orders/{number}", response={200: OrderOut, **errors(401, 403, 404)}, auth=CouncilSessionAuth(),
            operation_id="council_order_get", summary="Any order (council staff)")
def council_order_get(request: HttpRequest, number: str):
    return selectors.order_get_for_staff(number=number)


@router.post("/council/orders/{number}/transition", response={200: OrderOut, **errors(400, 401, 403, 404, 422)},
             auth=CouncilSessionAuth(),
             operation_id="council_order_transition", summary="Any allowed transition (council staff)")
def council_order_transition(request: HttpRequest, number: str, payload: StaffTransitionIn):
    """E.g. `{"to_status": "paid", "note": "Transfer received"}` for a bank transfer."""
    transitions.order_transition(order=selectors.order_get_for_staff(number=number), to_status=payload.to_status,
                                 actor=request.user, role="staff", note=payload.note,
                                 tracking_number=payload.tracking_number, carrier=payload.carrier)
    return selectors.order_get_for_staff(number=number)
