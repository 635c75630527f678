"""The cart: add from a listing, change quantities, remove, acknowledge changes (htmx or plain forms)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gembazaar.catalogue import selectors as catalogue_selectors
from gembazaar.catalogue.models import Listing
from gembazaar.core.errors import DomainError, NotFound

from .. import selectors
from ..services import cart as cart_services
from ._common import cart_owner, parse_quantity


def _cart_context(request: HttpRequest) -> dict:
    cart = selectors.cart_view(**cart_owner(request), currency=request.display_currency)
    if cart is not None:
        prefetch_related_objects([line.listing for line in cart.lines], "images")  # one query, not one a line
    return {"cart": cart}


@require_GET
def cart_page(request: HttpRequest) -> HttpResponse:
    """The cart, lines grouped by seller, with what changed since the buyer added them."""
    return render(request, "orders/cart.html", _cart_context(request))


def _cart_region(request: HttpRequest, *, error: DomainError | None = None) -> HttpResponse:
    """The #cart region (lines, flags and the summary) and the header count, for an htmx swap.
    Errors come back with status 200 and the message in the region: htmx swaps only 2xx."""
    context = {**_cart_context(request), "error": error, "oob_count": True}
    return render(request, "orders/_cart_region.html", context)


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    """Add a listing (the listing page's form). htmx gets the buy box back; a plain form the cart."""
    try:
        listing_id = int(request.POST.get("listing_id", ""))
    except ValueError:
        listing_id = 0
    error = None
    try:
        quantity = parse_quantity(request.POST.get("quantity", "1"))
        cart_services.cart_add_line(**cart_owner(request, create=True), listing_id=listing_id, quantity=quantity)
    except DomainError as exc:
        error = exc
    if request.htmx:
        try:
            listing = catalogue_selectors.listing_get_public(listing_id=listing_id)
        except Listing.DoesNotExist:
            listing = None
        return render(request, "orders/_add_to_cart.html",
                      {"listing": listing, "error": error, "added": error is None, "oob_count": True})
    if error is not None:
        messages.error(request, _error_text(error))
        try:
            return redirect(catalogue_selectors.listing_get_public(listing_id=listing_id))
        except Listing.DoesNotExist:
            return redirect("orders:cart")
    messages.success(request, _("Added to your cart."))
    return redirect("orders:cart")


@require_POST
def cart_line_update(request: HttpRequest, line_id: int) -> HttpResponse:
    """Change a line's quantity (0 removes it)."""
    try:
        quantity = parse_quantity(request.POST.get("quantity"))
        cart_services.cart_update_line(**cart_owner(request), line_id=line_id, quantity=quantity)
    except DomainError as exc:
        return _after_change(request, error=exc)
    return _after_change(request)


@require_POST
def cart_line_remove(request: HttpRequest, line_id: int) -> HttpResponse:
    try:
        cart_services.cart_remove_line(**cart_owner(request), line_id=line_id)
    except DomainError as exc:
        return _after_change(request, error=exc)
    return _after_change(request, done=_("Removed from your cart."))


@require_POST
def cart_acknowledge(request: HttpRequest) -> HttpResponse:
    """The buyer has read the flags: drop lines that can no longer be bought, take the new prices."""
    cart_services.cart_acknowledge(**cart_owner(request))
    return _after_change(request, done=_("Your cart is up to date."))


def _after_change(request: HttpRequest, *, error: DomainError | None = None, done: str = "") -> HttpResponse:
    if isinstance(error, NotFound):  # another cart's line: the same answer as a line that never was
        raise Http404(error.message)
    if request.htmx:
        return _cart_region(request, error=error)
    if error is not None:
        messages.error(request, _error_text(error))
    elif done:
        messages.success(request, done)
    return redirect(reverse("orders:cart"))


def _error_text(error: DomainError) -> str:
    """The message, after the name of the field it is about when that is the quantity."""
    return f"{_('Quantity')}: {error.message}" if error.field == "quantity" else error.message
