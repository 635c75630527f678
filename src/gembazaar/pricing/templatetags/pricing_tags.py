"""Template helpers for prices linked to metal rates: "price on request" on cards and pages, the
price breakdown of a jewelry piece, the home page's rate widget."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal, format_percent
from django import template
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from gembazaar.catalogue.models import Listing
from gembazaar.catalogue.weights import weight_label
from gembazaar.core.errors import DomainError
from gembazaar.core.money import babel_locale, format_money

from .. import charts, selectors, units, web_selectors
from ..models import MetalRate

register = template.Library()

_FRESHNESS_ATTR = "_pricing_freshness"


def _freshness(context) -> web_selectors.Freshness:
    """One Freshness per request (one query for a whole grid of cards)."""
    request = context.get("request")
    holder = request if request is not None else context.render_context
    if isinstance(holder, template.context.RenderContext):
        found = holder.get(_FRESHNESS_ATTR)
        if found is None:
            found = holder[_FRESHNESS_ATTR] = web_selectors.Freshness()
        return found
    found = getattr(holder, _FRESHNESS_ATTR, None)
    if found is None:
        found = web_selectors.Freshness()
        setattr(holder, _FRESHNESS_ATTR, found)
    return found


@register.simple_tag(takes_context=True)
def price_on_request(context, listing: Listing) -> bool:
    """True for a metal-linked listing whose rate is missing or stale: show "Price on request", no buying."""
    if listing.price_mode != Listing.PriceMode.METAL_LINKED:
        return False
    return _freshness(context).price_on_request(listing)


@register.inclusion_tag("pricing/_breakdown.html", takes_context=True)
def price_breakdown(context, listing: Listing) -> dict:
    """Metal value, making, wastage, stones, margin and total of a metal-linked piece, with the rate
    used and its time, in the listing's currency and the buyer's."""
    quote = selectors.quote_listing(listing)
    result = {"listing": listing, "quote": quote, "breakdown": quote.breakdown, "display": None, "rate": None}
    if quote.breakdown is None:
        return result
    display_currency = context.get("display_currency") or "USD"
    if display_currency != listing.currency:
        try:
            result["display"] = selectors.breakdown_in_currency(quote.breakdown, display_currency)
        except DomainError:
            result["display"] = None
    rate = MetalRate.objects.filter(pk=quote.metal_rate_id).first() if quote.metal_rate_id else None
    result["rate"] = rate
    if rate is not None:
        language = get_language() or "en"
        spec = listing.spec
        result["rate_quoted"] = format_money(rate.price, rate.currency, language)
        result["rate_unit"] = rate.get_unit_display()
        result["rate_label"] = web_selectors.metal_label(rate.metal, rate.fineness)
        result["piece_label"] = web_selectors.metal_label(spec.metal, spec.fineness)
        per_gram = units.per_unit(quote.breakdown.rate_per_gram, units.GRAM, 4)
        result["piece_rate_per_gram"] = per_gram
        result["derived"] = rate.fineness != spec.fineness or rate.currency != listing.currency
    result["rows"] = [
        {"key": key, "label": label, "note": note, "amount": getattr(quote.breakdown, key),
         "display": result["display"][key] if result["display"] else None}
        for key, label, note in _rows(listing)]
    return result


def _percent(value) -> str:
    return f"{value.normalize():f} %"


def _rows(listing: Listing) -> list[tuple[str, str, str]]:
    """(part, label, how it is made up) for each line of a breakdown."""
    spec = listing.spec
    language = get_language() or "en"
    weight = weight_label(spec.net_metal_weight_g, spec.weight_unit)
    making = {
        "per_gram": _("%(value)s per gram") % {"value": format_money(spec.making_charge_value, listing.currency,
                                                                     language)},
        "per_tola": _("%(value)s per tola") % {"value": format_money(spec.making_charge_value, listing.currency,
                                                                     language)},
        "percent": _("%(percent)s of the metal value") % {"percent": _percent(spec.making_charge_value)},
        "fixed": _("fixed"),
    }.get(spec.making_charge_mode, "")
    wastage = getattr(spec, "wastage_percent", 0) or 0
    margin = getattr(spec, "margin_percent", 0) or 0
    return [
        ("metal_value", _("Metal value"), _("%(weight)s net × rate per gram") % {"weight": weight}),
        ("making", _("Making charge"), making),
        ("wastage", _("Wastage"), _("%(percent)s of the metal weight") % {"percent": _percent(wastage)}
         if wastage else ""),
        ("stones", _("Stones"), spec.stones or ""),
        ("margin", _("Seller's margin"), _percent(margin) if margin else ""),
    ]


PRICE_HISTORY_DAYS = 30


@register.inclusion_tag("pricing/_price_history.html")
def price_history(listing: Listing) -> dict:
    """The listing's price over the last 30 days as a chart, and its latest changes with why
    (a metal rate, an exchange rate, the seller's edit). Nothing for a fixed price that never moved."""
    series = selectors.listing_price_series(listing, days=PRICE_HISTORY_DAYS)
    if not series.changes and listing.price_mode != Listing.PriceMode.METAL_LINKED:
        return {"series": None}
    language = get_language() or "en"
    _compact, short_date = web_selectors.chart_labels(language)
    first, last = series.points[0], series.points[-1]
    description = _("The price in %(currency)s from %(start)s to %(end)s: from %(first)s to %(last)s, "
                    "%(count)d change(s).") % {
        "currency": series.currency, "start": short_date(first.at), "end": short_date(last.at),
        "first": format_money(first.price, series.currency, language),
        "last": format_money(last.price, series.currency, language), "count": len(series.changes)}
    # A step line: a price holds until it changes (a sloped line would show prices nobody paid).
    steps = [charts.ChartPoint(at=series.points[0].at, value=series.points[0].price)]
    for point in series.points[1:]:
        steps += [charts.ChartPoint(at=point.at, value=steps[-1].value), charts.ChartPoint(at=point.at,
                                                                                           value=point.price)]

    def axis_label(value: Decimal) -> str:  # the currency is in the title; whole units unless small
        try:
            return format_decimal(value, format="#,##0.##", locale=babel_locale(language))
        except (ValueError, LookupError):
            return format_decimal(value, format="#,##0.##", locale="en")

    svg = charts.line_chart(
        steps,
        title=_("Price over the last %(days)d days (%(currency)s)") % {"days": PRICE_HISTORY_DAYS,
                                                                       "currency": series.currency},
        description=description, format_value=axis_label, format_date=short_date,
        format_last=lambda value: format_money(value, series.currency, language), width=560, height=200,
        css_class="chart chart--price")
    return {"series": series, "svg": svg, "listing": listing, "changes": series.changes[:5],
            "days": PRICE_HISTORY_DAYS}


@register.inclusion_tag("pricing/_rates_widget.html", takes_context=True)
def rates_widget(context) -> dict:
    widget = web_selectors.rates_widget()
    currency = context.get("display_currency") or "USD"
    return {"widget": widget, "request": context.get("request"), "display_currency": currency,
            "per_gram": web_selectors.widget_per_gram(widget, currency)}


@register.filter
def of_karat(per_gram: dict, karat: int):
    return per_gram.get(karat)


@register.filter
def money_abs(amount, currency: str) -> str:
    """The size of a change, formatted as money (the sign is shown by an arrow next to it)."""
    if amount in (None, ""):
        return ""
    return format_money(abs(Decimal(amount)), currency, get_language() or "en")


@register.filter
def percent_abs(value) -> str:
    """1.25 → "1.25%" in the active locale's style."""
    if value in (None, ""):
        return ""
    locale = babel_locale(get_language() or "en")
    share = abs(Decimal(value)) / 100
    try:
        return format_percent(share, format="#,##0.00%", locale=locale)
    except (ValueError, LookupError):
        return format_percent(share, format="#,##0.00%", locale="en")


# Sources the marketplace itself wrote (migrations, the built-in table), read in the reader's
# language; a source staff typed ("Lahore Sarafa") is shown as they wrote it.
SYSTEM_SOURCES = {"indicative seed": gettext_lazy("indicative table built into GemBazaar")}


@register.filter
def rate_source(source: str) -> str:
    label = SYSTEM_SOURCES.get(source)
    return str(label) if label is not None else source
