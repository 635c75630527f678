"""A saved search in words ("Species: Beryl · Carat: 1.00–3.00 ct · Untreated only").

Built from SearchParams and the catalogue's vocabularies rather than by running the search,
so the "My saved searches" page costs no search queries.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import Listing
from gembazaar.core.money import babel_locale, format_money
from gembazaar.search.types import SearchParams

FILTER_LABELS = {
    "kind": gettext_lazy("Kind"), "species": gettext_lazy("Species"), "variety": gettext_lazy("Variety"),
    "shape": gettext_lazy("Shape"), "cutting_style": gettext_lazy("Cutting style"),
    "colour": gettext_lazy("Colour"), "clarity": gettext_lazy("Clarity"), "treatment": gettext_lazy("Treatment"),
    "nature": gettext_lazy("Nature"), "origin_country": gettext_lazy("Origin"),
    "locality": gettext_lazy("Locality"), "lab": gettext_lazy("Laboratory"), "seller": gettext_lazy("Seller"),
    "jewelry_type": gettext_lazy("Jewelry type"), "metal": gettext_lazy("Metal"), "karat": gettext_lazy("Karat"),
}
RANGE_LABELS = {
    "carat": (gettext_lazy("Carat"), "ct"), "length_mm": (gettext_lazy("Length"), "mm"),
    "width_mm": (gettext_lazy("Width"), "mm"), "depth_mm": (gettext_lazy("Depth"), "mm"),
    "price": (gettext_lazy("Price"), None), "metal_weight_g": (gettext_lazy("Metal weight"), "g"),
}
FLAG_LABELS = {
    "untreated": gettext_lazy("Untreated only"), "certified": gettext_lazy("Certified only"),
    "verified": gettext_lazy("Verified sellers only"),
}


def _value_labels() -> dict[str, dict]:
    return {
        "kind": dict(Listing.Kind.choices),
        "species": vocab.SPECIES_BY_CODE, "variety": vocab.VARIETIES_BY_CODE,
        "shape": vocab.by_code(vocab.SHAPES), "cutting_style": vocab.by_code(vocab.CUTTING_STYLES),
        "colour": vocab.by_code(vocab.COLOURS),
        "clarity": {**vocab.by_code(vocab.COLOURED_CLARITY), **vocab.by_code(vocab.DIAMOND_CLARITY)},
        "treatment": vocab.TREATMENTS_BY_CODE, "nature": vocab.by_code(vocab.NATURES),
        "locality": vocab.LOCALITIES_BY_CODE, "lab": vocab.by_code(vocab.LABS),
        "jewelry_type": vocab.by_code(vocab.JEWELRY_TYPES), "metal": vocab.by_code(vocab.METALS),
        "karat": vocab.by_code(vocab.KARATS),
    }


def _label(param: str, code: str, labels: dict, seller_names: dict[str, str]) -> str:
    if param == "origin_country":
        return str(countries.name(code) or code)
    if param == "seller":
        return seller_names.get(code, code)
    term = labels.get(param, {}).get(code)
    if term is None:
        return code  # a code the vocabulary no longer knows still reads as something
    return str(getattr(term, "label", term))


def _number(value: Decimal) -> str:
    locale = babel_locale(get_language() or "en")
    try:
        return format_decimal(value, locale=locale)
    except (ValueError, LookupError):
        return format_decimal(value, locale="en")


def _amount(name: str, value: Decimal, currency: str) -> str:
    if name == "price":
        return format_money(value, currency, get_language() or "en")
    return f"{_number(value)}\u00a0{RANGE_LABELS[name][1]}"


def _range(name: str, low: Decimal | None, high: Decimal | None, currency: str) -> str:
    if low is not None and high is not None:
        return f"{_amount(name, low, currency)}–{_amount(name, high, currency)}"
    if low is not None:
        return _("from %(amount)s") % {"amount": _amount(name, low, currency)}
    return _("up to %(amount)s") % {"amount": _amount(name, high, currency)}


def describe(params: SearchParams, *, seller_names: dict[str, str] | None = None,
             labelled: bool = True) -> list[str]:
    """The search's text and filters as short phrases, in the order the search page lists them.

    `labelled` names each filter ("Species: Beryl"); without, only the values ("Beryl").
    """
    seller_names = seller_names or {}
    labels = _value_labels()
    phrases = [f"“{params.q}”"] if params.q else []
    for param, values in params.filters.items():
        if values:
            names = ", ".join(_label(param, code, labels, seller_names) for code in values)
            phrases.append(f"{FILTER_LABELS.get(param, param)}: {names}" if labelled else names)
    for name, (low, high) in params.ranges.items():
        if name in RANGE_LABELS and (low is not None or high is not None):
            bounds = _range(name, low, high, params.currency)
            phrases.append(f"{RANGE_LABELS[name][0]}: {bounds}" if labelled else bounds)
    phrases += [str(FLAG_LABELS[flag]) for flag in sorted(params.flags) if flag in FLAG_LABELS]
    return phrases or [_("Everything on sale")]


def default_name(params: SearchParams) -> str:
    """A name for a search the buyer did not name: its first values, cut to fit the field."""
    name = " · ".join(describe(params, labelled=False)[:4])
    return name if len(name) <= 100 else name[:99] + "…"
