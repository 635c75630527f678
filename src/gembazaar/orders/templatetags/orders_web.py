"""Template helpers for the cart and order pages: the header's cart count, the listing page's
buy box."""

from __future__ import annotations

from django import template
from django_countries import countries

from .. import web_selectors
from ..services.cart import guest_token_for_session

register = template.Library()


@register.simple_tag(takes_context=True)
def cart_count(context) -> int:
    """Lines in the visitor's cart: one query, none for a visitor who never added anything."""
    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return 0
    return web_selectors.cart_line_count(user=request.user,
                                         guest_token=guest_token_for_session(request.session))


@register.simple_tag(takes_context=True)
def buy_box(context, listing) -> web_selectors.BuyBox:
    request = context.get("request")
    return web_selectors.listing_buy_box(listing=listing, user=getattr(request, "user", None))


@register.filter
def country_name(code: str) -> str:
    """An ISO 3166-1 code as the country's name in the reader's language ("PK" → "Pakistan")."""
    return str(countries.name(code) or code) if code else ""
