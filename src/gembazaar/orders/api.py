"""The buyer's endpoints: cart, checkout and their own orders. Handlers stay thin: services write,
selectors read. The seller's orders are in seller_api.py, council staff's in council_api.py.

- Cart: guests and signed-in buyers (browser session); writes pass Django's CSRF check.
- Checkout: signed-in buyer (session), `Idempotency-Key` header required.
- Orders: the buyer's own (`/orders`). Another buyer's order number answers 404, as an unknown one does.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status
from ninja.errors import HttpError
from ninja.security import django_auth
from ninja.utils import check_csrf

from gembazaar.core.api import PageQuery, paginate
from gembazaar.core.money import quantize
from gembazaar.shipping.selectors import zone_for_country

from . import selectors
from .api_common import errors
from .models import Order
from .schemas import (
    CartLineIn,
    CartLineQuantityIn,
    CartOut,
    CheckoutIn,
    CheckoutOut,
    CheckoutQuoteOut,
    OptionalReasonIn,
    OrderOut,
    OrderPageOut,
    QuoteIn,
    ReasonIn,
    ShippingOptionsOut,
)
from .services import cart as cart_services
from .services import checkout as checkout_services
from .services import transitions

router = Router(tags=["orders"])


# --- Output helpers -----------------------------------------------------------------------------


def _line_out(view, currency: str) -> dict:
    listing = view.listing
    spec = listing.spec if listing.kind != "jewelry" else None
    return {"id": view.line.pk, "listing_id": listing.pk, "sku": listing.sku, "title": listing.disclosed_title,
            "kind": listing.kind, "disclosure": spec.disclosure.as_dict() if spec is not None else None,
            "quantity": view.quantity, "unit_price": quantize(view.unit_price, currency),
            "line_total": quantize(view.line_total, currency),
            "listing_price": quantize(view.listing_price, view.listing_currency),
            "listing_currency": view.listing_currency, "price_locked_until": view.locked_until,
            "purchasable": view.purchasable,
            "issues": [{"code": i.code, "message": i.message, "before": i.before, "after": i.after}
                       for i in view.issues]}


def _cart_out(view, currency: str) -> dict:
    if view is None:
        return {"currency": currency, "count": 0, "subtotal": "0", "can_checkout": False, "groups": []}
    # Amounts leave in the currency's minor units ("400769.24" PKR, not the stored "400769.240").
    return {"currency": view.currency, "count": view.count, "subtotal": quantize(view.subtotal, view.currency),
            "can_checkout": view.can_checkout,
            "groups": [{"seller_id": g.seller.pk, "seller_name": g.seller.trade_name, "seller_slug": g.seller.slug,
                        "subtotal": quantize(g.subtotal, view.currency),
                        "lines": [_line_out(lv, view.currency) for lv in g.lines]} for g in view.groups]}


def _option_out(option) -> dict:
    return {"method": option.method, "label": option.label, "price": quantize(option.price, option.currency),
            "currency": option.currency,
            "days_min": option.days_min, "days_max": option.days_max, "zone": option.zone}


def _currency(request: HttpRequest, currency: str | None) -> str:
    return (currency or getattr(request, "display_currency", "USD")).upper()


def _csrf(request: HttpRequest) -> None:
    if check_csrf(request) is not None:
        raise HttpError(403, _("CSRF check failed. Reload the page and try again."))


def _cart_response(request: HttpRequest, currency: str | None) -> dict:
    currency = _currency(request, currency)
    token = cart_services.guest_token_for_session(request.session)
    return _cart_out(selectors.cart_view(user=request.user, guest_token=token, currency=currency), currency)


# --- Cart ---------------------------------------------------------------------------------------


@router.get("/cart", response={200: CartOut, **errors(400)}, operation_id="cart_get", summary="Your cart")
def cart_get(request: HttpRequest, currency: str | None = None):
    """The cart of the session (guest) or the signed-in buyer, grouped by seller, priced in
    `currency` (default: the display currency), each line flagged with what changed."""
    return _cart_response(request, currency)


@router.post("/cart/lines", response={201: CartOut, **errors(400, 403, 422)}, operation_id="cart_line_add",
             summary="Add a listing to the cart")
def cart_line_add(request: HttpRequest, payload: CartLineIn, currency: str | None = None):
    _csrf(request)
    token = cart_services.guest_token_for_session(request.session, create=not request.user.is_authenticated)
    cart_services.cart_add_line(user=request.user, guest_token=token, listing_id=payload.listing_id,
                                quantity=payload.quantity)
    return Status(201, _cart_response(request, currency))


@router.patch("/cart/lines/{line_id}", response={200: CartOut, **errors(400, 403, 404, 422)},
              operation_id="cart_line_update",
              summary="Change a line's quantity (0 removes it)")
def cart_line_update(request: HttpRequest, line_id: int, payload: CartLineQuantityIn, currency: str | None = None):
    _csrf(request)
    token = cart_services.guest_token_for_session(request.session)
    cart_services.cart_update_line(user=request.user, guest_token=token, line_id=line_id, quantity=payload.quantity)
    return _cart_response(request, currency)


@router.delete("/cart/lines/{line_id}", response={200: CartOut, **errors(400, 403, 404, 422)},
               operation_id="cart_line_remove",
               summary="Remove a line")
def cart_line_remove(request: HttpRequest, line_id: int, currency: str | None = None):
    _csrf(request)
    token = cart_services.guest_token_for_session(request.session)
    cart_services.cart_remove_line(user=request.user, guest_token=token, line_id=line_id)
    return _cart_response(request, currency)


@router.post("/cart/acknowledge", response={200: CartOut, **errors(400, 403)}, operation_id="cart_acknowledge",
             summary="Accept what changed in the cart")
def cart_acknowledge(request: HttpRequest, currency: str | None = None):
    """Lines of sold or withdrawn listings are removed; the others take their current price."""
    _csrf(request)
    token = cart_services.guest_token_for_session(request.session)
    cart_services.cart_acknowledge(user=request.user, guest_token=token)
    return _cart_response(request, currency)


# --- Checkout -----------------------------------------------------------------------------------


@router.post("/checkout/start", response={200: CartOut, **errors(400, 401, 403)},
             auth=django_auth, operation_id="checkout_start",
             summary="Start checkout: lock metal-linked prices")
def checkout_start(request: HttpRequest, currency: str | None = None):
    checkout_services.checkout_start(user=request.user)
    return _cart_response(request, currency)


@router.get("/checkout/shipping-options", response={200: ShippingOptionsOut, **errors(400, 401, 403, 422)},
            auth=django_auth,
            operation_id="checkout_shipping_options", summary="Shipping options per seller")
def checkout_shipping_options(request: HttpRequest, country: str, currency: str | None = None):
    zone = zone_for_country(country)
    options = selectors.shipping_options(user=request.user, country=country, currency=_currency(request, currency))
    return {"country": country.upper(), "zone": zone.code,
            "sellers": [{"seller_id": seller_id, "options": [_option_out(o) for o in opts]}
                        for seller_id, opts in options.items()]}


@router.post("/checkout/quote", response={200: CheckoutQuoteOut, **errors(400, 401, 403, 422)},
             auth=django_auth, operation_id="checkout_quote",
             summary="Review: totals per seller and grand total")
def checkout_quote(request: HttpRequest, payload: QuoteIn):
    quote = checkout_services.checkout_quote(user=request.user, currency=payload.currency,
                                             shipping_country=payload.shipping_country,
                                             shipping_methods=payload.shipping_methods)
    currency = quote.currency
    return {"currency": currency, "subtotal": quantize(quote.subtotal, currency),
            "shipping_total": quantize(quote.shipping_total, currency),
            "grand_total": quantize(quote.grand_total, currency),
            "groups": [{"seller_id": g.seller.pk, "seller_name": g.seller.trade_name,
                        "lines": [_line_out(lv, currency) for lv in g.lines],
                        "subtotal": quantize(g.subtotal, currency),
                        "shipping": _option_out(g.shipping), "total": quantize(g.total, currency)}
                       for g in quote.groups]}


def _checkout_out(result) -> dict:
    checkout = result.checkout
    orders = [selectors.order_get_for_buyer(user=checkout.buyer, number=o.number) for o in result.orders]
    currency = checkout.currency
    return {"reference": checkout.reference, "currency": currency, "subtotal": quantize(checkout.subtotal, currency),
            "shipping_total": quantize(checkout.shipping_total, currency),
            "grand_total": quantize(checkout.grand_total, currency),
            "payment_method": checkout.payment_method,
            "payment_instructions": _("Awaiting payment. Choose how to pay with POST /api/v1/payments/%(ref)s/start "
                                      "(card, bank transfer quoting the reference %(ref)s, or cash on delivery).")
            % {"ref": checkout.reference},
            "orders": orders}


@router.post("/checkout", response={201: CheckoutOut, **errors(400, 401, 403, 409, 422)},
             auth=django_auth, operation_id="checkout_place",
             summary="Place the order (idempotent)")
def checkout_place(request: HttpRequest, response: HttpResponse, payload: CheckoutIn,
                   idempotency_key: str = Header(..., alias="Idempotency-Key", max_length=255)):
    """One order per seller under one checkout reference, paid by bank transfer.

    Send a fresh `Idempotency-Key` per order attempt. Retrying with the same key and body returns
    the first result (header `Idempotent-Replayed: true`) and creates nothing; the same key with a
    different body answers 409 `idempotency_key_reused`. A listing sold meanwhile answers 400
    `unavailable`; a cart with flagged changes 400 `cart_changed`. One cart becomes at most one
    checkout whatever the keys: the same cart placed at the same moment under another key answers
    409 `cart_already_placed` naming the winning checkout, and a line edited in another tab
    meanwhile 409 `cart_changed`.
    """
    result = checkout_services.checkout_place(
        user=request.user, idempotency_key=idempotency_key, currency=payload.currency,
        shipping_address=payload.shipping_address.dict(),
        billing_address=payload.billing_address.dict() if payload.billing_address else None,
        shipping_methods=payload.shipping_methods, notes=payload.notes)
    if result.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(201, _checkout_out(result))


# --- Buyer's orders -----------------------------------------------------------------------------


@router.get("/orders", response={200: OrderPageOut, **errors(401, 422)}, auth=django_auth, operation_id="orders_list",
            summary="Your orders")
def orders_list(request: HttpRequest, pages: Query[PageQuery]):
    return paginate(request, selectors.orders_for_buyer(user=request.user), page=pages.page,
                    page_size=pages.page_size)


@router.get("/orders/{number}", response={200: OrderOut, **errors(401, 404)},
            auth=django_auth, operation_id="order_get",
            summary="One of your orders")
def order_get(request: HttpRequest, number: str):
    return selectors.order_get_for_buyer(user=request.user, number=number)


def _buyer_order(request: HttpRequest, number: str) -> Order:
    return selectors.order_get_for_buyer(user=request.user, number=number)


@router.post("/orders/{number}/cancel", response={200: OrderOut, **errors(400, 401, 403, 404, 422)}, auth=django_auth,
             operation_id="order_cancel", summary="Cancel before paying")
def order_cancel(request: HttpRequest, number: str, payload: OptionalReasonIn):
    transitions.order_cancel(order=_buyer_order(request, number), actor=request.user, role="buyer",
                             reason=payload.reason)
    return _buyer_order(request, number)


@router.post("/orders/{number}/confirm-delivered", response={200: OrderOut, **errors(400, 401, 403, 404)},
             auth=django_auth,
             operation_id="order_confirm_delivered", summary="Confirm the parcel arrived")
def order_confirm_delivered(request: HttpRequest, number: str):
    transitions.order_confirm_delivered(order=_buyer_order(request, number), actor=request.user)
    return _buyer_order(request, number)


@router.post("/orders/{number}/complete", response={200: OrderOut, **errors(400, 401, 403, 404)}, auth=django_auth,
             operation_id="order_complete", summary="Complete the order")
def order_complete(request: HttpRequest, number: str):
    transitions.order_complete(order=_buyer_order(request, number), actor=request.user)
    return _buyer_order(request, number)


@router.post("/orders/{number}/request-refund", response={200: OrderOut, **errors(400, 401, 403, 404, 422)},
             auth=django_auth,
             operation_id="order_request_refund", summary="Ask for a refund")
def order_request_refund(request: HttpRequest, number: str, payload: ReasonIn):
    transitions.order_request_refund(order=_buyer_order(request, number), actor=request.user, reason=payload.reason)
    return _buyer_order(request, number)
