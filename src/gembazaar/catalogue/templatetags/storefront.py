"""Display helpers for storefront templates: money, weights, query strings, colour tones."""

from __future__ import annotations

from decimal import Decimal

from babel.dates import format_timedelta
from babel.numbers import format_decimal
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from gembazaar.core import fx
from gembazaar.core.errors import DomainError
from gembazaar.core.money import babel_locale, format_money

from .. import vocab, weights

register = template.Library()

def _babel_locale() -> str:
    return babel_locale(get_language() or "en")


@register.filter
def money(amount, currency: str) -> str:
    """`{{ listing.price|money:listing.currency }}` formatted for the active language."""
    if amount in (None, ""):
        return ""
    return format_money(Decimal(amount), currency, get_language() or "en")


@register.simple_tag(takes_context=True)
def approx_price(context, listing) -> str:
    """The listing's price in the buyer's display currency, indicative, or "" when it is the same."""
    target = context.get("display_currency") or "USD"
    if listing.currency == target:
        return ""
    try:
        amount = listing.reference_price if target == "USD" else fx.from_reference(listing.reference_price, target)
    except DomainError:
        return ""
    return money(amount, target)


@register.filter
def weight(value) -> str:
    """Carats or grams: at least two decimals, a third only when it carries information."""
    if value in (None, ""):
        return ""
    try:
        return format_decimal(Decimal(value), format="#,##0.00#", locale=_babel_locale())
    except (ValueError, LookupError):
        return format_decimal(Decimal(value), format="#,##0.00#", locale="en")


@register.simple_tag(takes_context=True)
def metal_weight(context, grams, unit: str = "g") -> str:
    """A jewelry weight for its reader: "2 tola (23.33 g)" where the seller weighed in tola or the
    reader buys in rupees (Pakistan's Sarafa weighs in tola), else "4.800 g"."""
    if grams in (None, ""):
        return ""
    in_tola = context.get("display_currency") == "PKR" or (get_language() or "").startswith("ur")
    return weights.weight_label(Decimal(grams), unit, in_tola=in_tola)


@register.filter
def locality_region(code: str) -> str:
    term = vocab.LOCALITIES_BY_CODE.get(code or "")
    return str(term.region) if term else ""


@register.filter
def tone(listing) -> str:
    """A colour family naming the CSS tone of a listing's placeholder art."""
    jewelry = getattr(listing, "jewelry", None) if listing.kind == "jewelry" else None
    if jewelry is not None:
        return {"silver": "silver", "platinum": "silver", "palladium": "silver"}.get(jewelry.metal, "gold")
    gem = listing.spec
    if gem is None:
        return "grey"
    if gem.colour:
        return gem.colour
    term = vocab.VARIETIES_BY_CODE.get(gem.variety) or vocab.SPECIES_BY_CODE.get(gem.species)
    return getattr(term, "colour", "") or "grey"


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current URL's query string with `page` replaced (filters and sort survive paging)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def sort_url(context, sort: str) -> str:
    query = context["request"].GET.copy()
    query["sort"] = sort
    query.pop("page", None)
    return "?" + query.urlencode()


@register.simple_tag
def page_range(page) -> list:
    """Page numbers around the current one, with the paginator's ellipsis for the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag
def price_per_carat(listing) -> str:
    """The trade's usual yardstick for a stone: price divided by total carat weight."""
    gem = listing.spec if listing.kind != "jewelry" else None
    if gem is None or not gem.carat:
        return ""
    return money(Decimal(listing.price) / Decimal(gem.carat), listing.currency)


LAZY = mark_safe(' loading="lazy" decoding="async"')  # a constant


@register.simple_tag
def thumbnail(image, alt: str = "", side: int = 96, lazy: bool = True) -> str:
    """A listing picture's thumbnail: WebP where the browser takes it, the JPEG otherwise (and for
    pictures stored before WebP thumbnails existed), always with its size so nothing jumps."""
    img = format_html('<img src="{}" alt="{}" width="{}" height="{}"{}>', image.thumbnail.url, alt, side, side,
                      LAZY if lazy else "")
    if not image.thumbnail_webp:
        return img
    return format_html('<picture><source srcset="{}" type="image/webp">{}</picture>', image.thumbnail_webp.url, img)


@register.filter
def ago(moment) -> str:
    """How long ago, in the reader's language from CLDR ("5 منٹ پہلے", "قبل 3 أيام"): Django's
    timesince and naturaltime have no Urdu."""
    if not moment:
        return ""
    return format_timedelta(moment - timezone.now(), add_direction=True, threshold=1,
                            locale=babel_locale(get_language()))
