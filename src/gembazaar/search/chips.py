"""Selected filters as removable chips, and zero-result help ("remove 'Untreated only': 37 listings")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import bitsets
from .facets import FACETS_BY_NAME, FLAG_LABELS, RANGES_BY_NAME
from .filters import Masks, facet_mask
from .index import Snapshot
from .labels import value_label
from .types import FLAG_FILTERS, MULTI_FILTERS, RANGE_FILTERS, Chip, Relaxation, SearchParams, plain_decimal


def _range_text(params: SearchParams, name: str) -> str:
    spec = RANGES_BY_NAME[name]
    low, high = params.ranges[name]
    unit = params.currency if name == "price" else spec.unit
    if low is not None and high is not None:
        amount = f"{plain_decimal(low)}–{plain_decimal(high)}"
    elif low is not None:
        amount = f"≥ {plain_decimal(low)}"
    else:
        amount = f"≤ {plain_decimal(high)}"
    return f"{spec.label}: {amount} {unit}"


def chips_for(params: SearchParams, snapshot: Snapshot) -> list[Chip]:
    chips = []
    if params.q:
        chips.append(Chip("q", None, _("“%(q)s”") % {"q": params.q}, params.to_query_string(without=("q", None))))
    for name in MULTI_FILTERS:
        for value in params.filters.get(name, ()):
            chips.append(Chip(name, value, value_label(snapshot, name, value),
                              params.to_query_string(without=(name, value))))
    for name in RANGE_FILTERS:
        if name in params.ranges:
            chips.append(Chip(name, None, _range_text(params, name), params.to_query_string(without=(name, None))))
    for name in FLAG_FILTERS:
        if name in params.flags:
            chips.append(Chip(name, None, str(FLAG_LABELS[name]), params.to_query_string(without=(name, None))))
    return chips


def relaxations_for(chips: list[Chip], params: SearchParams, masks: Masks, snapshot: Snapshot) -> list[Relaxation]:
    """For a search that found nothing: what each chip's removal would find, most first."""
    found = []
    for chip in chips:
        if chip.param in FACETS_BY_NAME and len(params.filters[chip.param]) > 1:
            rest = tuple(v for v in params.filters[chip.param] if v != chip.value)
            rows = masks.all_but(chip.param) & facet_mask(snapshot, chip.param, rest)
        elif chip.param == "verified":
            continue  # it narrows nothing
        else:
            rows = masks.all_but(chip.param)
        count = bitsets.count(rows)
        if count:
            found.append(Relaxation(chip=chip, count=count))
    return sorted(found, key=lambda relaxation: -relaxation.count)
