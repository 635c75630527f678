"""Display helpers for the search page: URLs from query strings, sidebar order, histograms.

Only display decisions live here; what matches and what counts is the search module's job.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_decimal
from django import template
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gembazaar.core.money import babel_locale

register = template.Library()

# The sidebar, top to bottom: what a buyer narrows by first. Names missing here follow at the end.
SIDEBAR_ORDER = (
    "kind", "price", "carat", "species", "variety", "shape", "cutting_style", "colour", "clarity",
    "treatment", "nature", "origin_country", "locality", "lab", "length_mm", "width_mm", "depth_mm",
    "jewelry_type", "metal", "karat", "metal_weight_g", "seller",
)
# Open on a first visit; every other group starts folded (it opens when one of its values is selected).
OPEN_BY_DEFAULT = frozenset({"kind", "price", "carat", "species", "variety", "treatment", "jewelry_type", "metal"})
# A boolean filter shown at the top of the group it belongs to.
FLAG_HOME = {"untreated": "treatment", "certified": "lab", "verified": "seller"}
FLAG_LABELS = {"untreated": _("Untreated only"), "certified": _("Certified only"),
               "verified": _("Verified sellers only")}
FACET_HEAD = 8  # values shown before "Show all"
HISTOGRAM_HEIGHT = 40
BAR_WIDTH = 10


@register.simple_tag
def search_url(query_string: str = "") -> str:
    """The search page at a query string as the search module writes it (with or without "?")."""
    query_string = (query_string or "").lstrip("?")
    return reverse("search") + (f"?{query_string}" if query_string else "")


@register.simple_tag
def cursor_url(params, cursor: str | None) -> str:
    return search_url(params.to_query_string(cursor=cursor))


@register.filter
def plain(value) -> str:
    """A Decimal as an <input type=number> value: no grouping, no exponent, no trailing zeros."""
    if value is None or value == "":
        return ""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def number(value) -> str:
    """A count in the active language's digits and grouping (1,234)."""
    if value is None:
        return ""
    return _number(value, get_language() or "en")


@lru_cache(maxsize=50_000)
def _number(value, language: str) -> str:
    """Counts repeat (a search page prints a couple of hundred): Babel formats each one once."""
    try:
        return format_decimal(value, locale=babel_locale(language))
    except (ValueError, LookupError):
        return str(value)


def _flag_facets(facets) -> dict:
    """Boolean filters, when the search module reports them as one-value facets."""
    return {facet.name: facet for facet in facets if facet.name in FLAG_HOME}


def _split(values: list) -> tuple[list, list]:
    """The selected values and the most frequent ones up to FACET_HEAD, then the rest; each in the
    search module's order (the trade's vocabulary order), so a list never reshuffles by count."""
    if len(values) <= FACET_HEAD:
        return list(values), []
    ranked = sorted(range(len(values)), key=lambda i: (not values[i].selected, -values[i].count, i))
    keep = set(ranked[:max(FACET_HEAD, sum(1 for value in values if value.selected))])
    return [v for i, v in enumerate(values) if i in keep], [v for i, v in enumerate(values) if i not in keep]


@register.simple_tag
def sidebar_groups(result, params=None) -> list[dict]:
    """Facet and range groups in sidebar order, without groups that cannot narrow anything.

    A group is left out when none of its values would find a listing and none is selected
    (jewelry metals while searching loose stones, say): an empty checkbox list is noise.
    """
    flags = _flag_facets(result.facets)
    on = set(getattr(params or result.params, "flags", ()) or ())
    groups = {}
    for facet in result.facets:
        if facet.name in FLAG_HOME:
            continue
        selected = [value for value in facet.values if value.selected]
        if not selected and not any(value.count for value in facet.values):
            continue
        head, tail = _split(facet.values)
        groups[facet.name] = {
            "type": "facet", "name": facet.name, "label": facet.label, "facet": facet,
            "head": head, "tail": tail,
            "selected": len(selected), "open": bool(selected) or facet.name in OPEN_BY_DEFAULT,
            "flags": [],
        }
    for facet in result.ranges:
        chosen = facet.selected_min is not None or facet.selected_max is not None
        if not chosen and facet.minimum is None:
            continue
        groups[facet.name] = {
            "type": "range", "name": facet.name, "label": facet.label, "facet": facet,
            "selected": int(chosen), "open": chosen or facet.name in OPEN_BY_DEFAULT,
        }
    for flag, home in FLAG_HOME.items():
        group = groups.get(home)
        if group is None or group["type"] != "facet":
            continue
        facet = flags.get(flag)
        value = facet.values[0] if facet and facet.values else None
        group["flags"].append({
            "name": flag, "label": value.label if value else FLAG_LABELS[flag],
            "count": value.count if value else None, "selected": flag in on,
        })
        if flag in on:
            group["selected"] += 1
            group["open"] = True
    order = {name: index for index, name in enumerate(SIDEBAR_ORDER)}
    return sorted(groups.values(), key=lambda group: order.get(group["name"], len(order)))


def _value_row(group_name: str, value) -> tuple:
    empty = not value.count and not value.selected
    box_id = f"f-{group_name}-{slugify(value.value)}"
    swatch = format_html('<span class="swatch tone-{}" aria-hidden="true"></span>', value.value) \
        if group_name == "colour" else ""
    return (" is-empty" if empty else "", box_id, group_name, value.value,
            " checked" if value.selected else "", " disabled" if empty else "",
            box_id, swatch, value.label, number(value.count))


@register.simple_tag
def facet_values(group: dict, part: str = "head") -> SafeString:
    """A facet's checkboxes, one <li> each. Built in Python, not by an {% include %} per value: a
    search page carries a couple of hundred of them, and the include was most of its render time."""
    rows = (_value_row(group["name"], value) for value in group[part])
    return format_html_join(
        "\n",
        '<li class="facet__value{}"><input type="checkbox" id="{}" name="{}" value="{}"{}{}>'
        '<label for="{}">{}<span class="facet__name">{}</span><span class="facet__count">{}</span></label></li>',
        rows)


@register.simple_tag
def histogram(facet) -> dict:
    """Bars of a range facet's bins for an inline SVG, those inside the selected range marked."""
    bins = list(facet.bins or ())
    tallest = max((item.count for item in bins), default=0)
    low, high = facet.selected_min, facet.selected_max
    bars = []
    for index, item in enumerate(bins):
        height = 0.0
        if item.count and tallest:
            height = max(2.0, round(item.count / tallest * HISTOGRAM_HEIGHT, 2))
        inside = (low is None or item.upper > low) and (high is None or item.lower < high)
        bars.append({
            "x": index * BAR_WIDTH + 1, "width": BAR_WIDTH - 2, "y": round(HISTOGRAM_HEIGHT - height, 2),
            "height": height, "inside": inside, "bin": item,
        })
    return {"bars": bars, "width": max(len(bins), 1) * BAR_WIDTH, "height": HISTOGRAM_HEIGHT}


@register.filter
def range_edges(facet) -> str:
    """The bin edges as JSON, for the slider enhancement in site.js to snap to."""
    bins = list(facet.bins or ())
    if not bins:
        return "[]"
    return json.dumps([plain(item.lower) for item in bins] + [plain(bins[-1].upper)])


@register.simple_tag(takes_context=True)
def include_optional(context, name: str) -> str:
    """Render a template another app may provide, or nothing while it does not exist."""
    try:
        found = context.template.engine.get_template(name)
    except TemplateDoesNotExist:
        return ""
    return found.render(context)
