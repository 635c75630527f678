"""Checkout: addresses and shipping (one form), the review with totals and price holds, placing
the order (idempotent), and the confirmation page.

Between the form and the review the checkout lives in the session as plain data (the "draft").
The review's "Place order" form carries an idempotency key made when it renders: a double click,
a reload or a retry after a timeout sends the same key, and the backend answers with the first
checkout instead of creating another.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gembazaar.accounts.permissions import email_confirmed_required
from gembazaar.core.errors import DomainError
from gembazaar.shipping import landed_selectors

from .. import selectors, web_selectors
from ..checkout_steps import steps_for
from ..forms import CheckoutForm, form_field_for, initial_from_draft
from ..models import Checkout
from ..services import checkout as checkout_services

DRAFT_SESSION_KEY = "orders_checkout_draft"

def _cart_or_redirect(request: HttpRequest):
    """The signed-in buyer's cart, or a redirect to the cart page saying why checkout cannot start."""
    cart = selectors.cart_view(user=request.user, guest_token=None, currency=request.display_currency)
    if cart is None or not cart.groups:
        messages.error(request, _("Your cart is empty."))
        return None, redirect("orders:cart")
    if cart.has_issues:
        messages.error(request, _("Some lines of your cart changed. Update your cart, then check out."))
        return None, redirect("orders:cart")
    return cart, None


def _options(request: HttpRequest, country: str) -> tuple[dict, str]:
    """Shipping options per seller id for `country`, and an error message when it has none."""
    if not country:
        return {}, ""
    try:
        return selectors.shipping_options(user=request.user, country=country, currency=request.display_currency), ""
    except DomainError as exc:
        return {}, exc.message


@require_http_methods(["GET", "POST"])
@email_confirmed_required
def checkout(request: HttpRequest) -> HttpResponse:
    """Step 1: where to ship, who to bill, how each seller ships, notes for the sellers."""
    checkout_services.checkout_start(user=request.user)  # hold metal-linked prices while the buyer decides
    cart, away = _cart_or_redirect(request)
    if away:
        return away
    prefetch_related_objects([line.listing for line in cart.lines], "images")
    sellers = [group.seller for group in cart.groups]
    form = CheckoutForm(request.POST or None, sellers=sellers,
                        initial=initial_from_draft(request.session.get(DRAFT_SESSION_KEY), user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            draft = _validated_draft(request, form)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            request.session[DRAFT_SESSION_KEY] = draft
            return redirect("orders:checkout_review")
    country = (form["shipping_country"].value() or "").upper()
    options, options_error = _options(request, country)
    form.fields["shipping_country"].widget.attrs.update({
        "hx-get": reverse("orders:checkout_shipping"), "hx-trigger": "change", "hx-target": "#shipping-methods",
        "hx-swap": "outerHTML", "hx-include": "[name='shipping_country'], [name^='method_']",
    })
    return render(request, "orders/checkout.html", {
        "form": form, "cart": cart, "method_rows": _method_rows(form, options),
        "options_error": options_error, "country": country, "steps": steps_for("address"),
    }, status=400 if form.errors else 200)


def _method_rows(form: CheckoutForm, options: dict) -> list[dict]:
    """Per seller: its radio buttons, each with the priced option for the chosen country (or None)."""
    rows = []
    for seller in form.sellers:
        field = form.method_field(seller.pk)
        priced = {option.method: option for option in options.get(seller.pk, [])}
        rows.append({"seller": seller, "field": field,
                     "choices": [{"radio": radio, "option": priced.get(radio.data["value"])} for radio in field]})
    return rows


def _validated_draft(request: HttpRequest, form: CheckoutForm) -> dict:
    """The form's checkout with its addresses cleaned by the service (phone in E.164) and its
    shipping choice priced once, so the review cannot fail on what this step could have caught."""
    draft = form.draft()
    draft["shipping_address"] = checkout_services.address_clean(data=draft["shipping_address"],
                                                                field_prefix="shipping_address")
    if draft["billing_address"] is not None:
        draft["billing_address"] = checkout_services.address_clean(data=draft["billing_address"],
                                                                   field_prefix="billing_address")
    checkout_services.checkout_quote(user=request.user, currency=request.display_currency,
                                     shipping_country=draft["shipping_address"]["country"],
                                     shipping_methods=draft["shipping_methods"])
    return draft


@require_GET
@email_confirmed_required
def shipping_methods(request: HttpRequest) -> HttpResponse:
    """htmx: the shipping choices per seller, re-priced for the country just chosen."""
    cart = selectors.cart_view(user=request.user, guest_token=None, currency=request.display_currency)
    sellers = [group.seller for group in cart.groups] if cart else []
    form = CheckoutForm(initial={name: value for name, value in request.GET.items() if name.startswith("method_")},
                        sellers=sellers)
    country = (request.GET.get("shipping_country") or "").upper()
    options, options_error = _options(request, country)
    return render(request, "orders/_shipping_methods.html", {
        "method_rows": _method_rows(form, options), "options_error": options_error, "country": country,
    })


@require_GET
@email_confirmed_required
def review(request: HttpRequest) -> HttpResponse:
    """Step 2: every line, shipping and total per seller, the grand total, the price holds."""
    draft = request.session.get(DRAFT_SESSION_KEY)
    if not draft or draft.get("placed"):  # nothing entered yet, or it was for the order already placed
        return redirect("orders:checkout")
    checkout_services.checkout_start(user=request.user)
    _cart, away = _cart_or_redirect(request)
    if away:
        return away
    try:
        quote = checkout_services.checkout_quote(
            user=request.user, currency=request.display_currency,
            shipping_country=draft["shipping_address"]["country"], shipping_methods=draft["shipping_methods"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("orders:checkout")
    return render(request, "orders/checkout_review.html", _review_context(request, draft, quote))


def _review_context(request: HttpRequest, draft: dict, quote, **extra) -> dict:
    lines = [line for group in quote.groups for line in group.lines]
    prefetch_related_objects([line.listing for line in lines], "images")
    holds = [line.locked_until for line in lines if line.locked_until]
    return {
        "draft": draft, "quote": quote, "steps": steps_for("review"),
        "idempotency_key": uuid.uuid4().hex, "hold_until": min(holds) if holds else None,
        "landed_costs": landed_selectors.landed_cost_for_groups(
            groups=quote.groups, country=draft["shipping_address"]["country"], currency=quote.currency),
        **extra,
    }


@require_POST
@email_confirmed_required
def place(request: HttpRequest) -> HttpResponse:
    """Place the order: one per seller, stock taken, payment awaited. Idempotent by key."""
    draft = request.session.get(DRAFT_SESSION_KEY)
    key = request.POST.get("idempotency_key", "")
    if not draft:
        messages.error(request, _("Your checkout expired. Please enter your address again."))
        return redirect("orders:checkout")
    # The currency the buyer reviewed the totals in, even if they switched it in another tab since.
    currency = request.POST.get("currency") or request.display_currency
    try:
        result = checkout_services.checkout_place(
            user=request.user, idempotency_key=key, currency=currency,
            shipping_address=draft["shipping_address"], billing_address=draft["billing_address"],
            shipping_methods=draft["shipping_methods"], notes=draft.get("notes", ""))
    except DomainError as exc:
        return _place_failed(request, exc)
    # Kept (a double submit must send the same data and be answered with this checkout), and
    # marked, so the next checkout starts from these addresses but not from these notes.
    request.session[DRAFT_SESSION_KEY] = {**draft, "placed": result.checkout.reference}
    return redirect("orders:checkout_done", reference=result.checkout.reference)


def _place_failed(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """Back to where the buyer can fix it: the cart for changed lines, the form for an address,
    the review (409) for a reused key, the winning checkout for a cart another tab just placed,
    each with the message."""
    if exc.code == "idempotency_key_reused":
        return _review_again(request, exc)
    if exc.code == "cart_already_placed":  # another tab placed this cart a moment ago: show that checkout
        messages.info(request, exc.message)
        return redirect("orders:checkout_done", reference=exc.reference)
    messages.error(request, exc.message)
    if exc.code in {"cart_changed", "unavailable", "cart_empty"}:
        return redirect("orders:cart")
    if exc.field and form_field_for(exc.field, CheckoutForm().fields):
        return redirect("orders:checkout")
    return redirect("orders:checkout_review")


def _review_again(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """409: this key already placed a different checkout. Show the review with a fresh key."""
    draft = request.session[DRAFT_SESSION_KEY]
    try:
        quote = checkout_services.checkout_quote(
            user=request.user, currency=request.display_currency,
            shipping_country=draft["shipping_address"]["country"], shipping_methods=draft["shipping_methods"])
    except DomainError:
        messages.error(request, exc.message)
        return redirect("orders:cart")
    return render(request, "orders/checkout_review.html", _review_context(request, draft, quote, error=exc),
                  status=409)


@require_GET
@email_confirmed_required
def done(request: HttpRequest, reference: str) -> HttpResponse:
    """Step 3: the order numbers, and "Pay now" to the payment step (the payments app's page)."""
    try:
        placed = web_selectors.checkout_get_for_buyer(user=request.user, reference=reference)
    except Checkout.DoesNotExist:
        raise Http404 from None
    return render(request, "orders/checkout_done.html", {"checkout": placed, "steps": steps_for("done")})
