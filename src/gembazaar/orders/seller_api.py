"""A seller's orders (`/seller/orders…`): the seller API key or a member's session. Another
seller's order number answers 404."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from gembazaar.core.api import PageQuery, paginate
from gembazaar.sellers.api_auth import seller_auth

from . import selectors
from .api_common import errors
from .event_notes import ActorVia
from .models import Order
from .schemas import OrderOut, OrderPageOut, ReasonIn, ShipIn
from .services import transitions

router = Router(tags=["orders"])


def _seller_order(request: HttpRequest, number: str) -> Order:
    return selectors.order_get_for_seller(seller=request.seller, number=number)


def _seller_actor(request: HttpRequest) -> dict:
    """Who acts: the member (session), or the API key (its creator as actor, the key named in the log)."""
    key = getattr(request, "seller_api_key", None)
    if key is not None:
        return {"actor": key.created_by, "actor_name": f"“{key.name}” (gbz_{key.prefix}…)",
                "actor_via": ActorVia.API_KEY}
    return {"actor": request.user}


@router.get("/seller/orders", response={200: OrderPageOut, **errors(401, 422, 403, 429)}, auth=seller_auth,
            operation_id="seller_orders_list", summary="Your business's orders")
def seller_orders_list(request: HttpRequest, pages: Query[PageQuery], status: Order.Status | None = None):
    queryset = selectors.orders_for_seller(seller=request.seller, status=str(status) if status else None)
    return paginate(request, queryset, page=pages.page, page_size=pages.page_size)


@router.get("/seller/orders/{number}", response={200: OrderOut, **errors(401, 404, 403, 429)}, auth=seller_auth,
            operation_id="seller_order_get", summary="One of your business's orders")
def seller_order_get(request: HttpRequest, number: str):
    return _seller_order(request, number)


@router.post("/seller/orders/{number}/accept", response={200: OrderOut, **errors(400, 401, 404, 403, 429)},
             auth=seller_auth, operation_id="seller_order_accept", summary="Accept a paid order (→ processing)")
def seller_order_accept(request: HttpRequest, number: str):
    transitions.order_accept(order=_seller_order(request, number), **_seller_actor(request))
    return _seller_order(request, number)


@router.post("/seller/orders/{number}/ship", response={200: OrderOut, **errors(400, 401, 404, 422, 403, 429)},
             auth=seller_auth, operation_id="seller_order_ship", summary="Mark shipped with tracking no. and carrier")
def seller_order_ship(request: HttpRequest, number: str, payload: ShipIn):
    transitions.order_ship(order=_seller_order(request, number), **_seller_actor(request),
                           tracking_number=payload.tracking_number, carrier=payload.carrier)
    return _seller_order(request, number)


@router.post("/seller/orders/{number}/cancel", response={200: OrderOut, **errors(400, 401, 404, 422, 403, 429)},
             auth=seller_auth, operation_id="seller_order_cancel", summary="Cancel with a reason")
def seller_order_cancel(request: HttpRequest, number: str, payload: ReasonIn):
    transitions.order_cancel(order=_seller_order(request, number), **_seller_actor(request), role="seller",
                             reason=payload.reason)
    return _seller_order(request, number)


@router.post("/seller/orders/{number}/return-received",
             response={200: OrderOut, **errors(400, 401, 404, 403, 429)}, auth=seller_auth,
             operation_id="seller_order_return_received", summary="The refunded pieces came back: on sale again")
def seller_order_return_received(request: HttpRequest, number: str):
    """Only for a refunded order, once: a refund alone never puts stock back (400 `not_refunded`,
    `already_returned`)."""
    transitions.order_confirm_return(order=_seller_order(request, number), **_seller_actor(request))
    return _seller_order(request, number)
