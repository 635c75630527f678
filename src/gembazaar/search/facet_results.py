"""Facets and range facets of a search, disjunctive: each counted with every *other* filter applied.

A facet without a selection is counted over the results themselves (one shared set of rows); a
facet with a selection over the results of all the other filters, so its other values show what
adding them would bring.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from django.conf import settings

from gembazaar.core import fx
from gembazaar.core.money import quantize

from . import bitsets
from .counting import Counter, range_counts
from .facets import FACETS, FIXED, FLAG_LABELS, RANGES, values_of
from .filters import TREATMENT_INDEX, Masks
from .index import Snapshot
from .labels import fixed_labels, value_label
from .types import FLAG_FILTERS, Facet, FacetValue, HistogramBin, RangeFacet, SearchParams


def _values(params: SearchParams, snapshot: Snapshot, name: str, counts: np.ndarray) -> list[FacetValue]:
    selected = set(params.filters.get(name, ()))
    spec = next(s for s in FACETS if s.name == name)
    if spec.kind == FIXED:
        labels = fixed_labels(name)
        codes = values_of(name)
        pairs = [(codes[i], int(counts[i])) for i in range(1, len(codes))]
    elif name == "seller":
        pairs = [(snapshot.sellers.slugs.get(code, ""), int(count)) for code, count in enumerate(counts) if code]
    else:
        names = snapshot.dictionaries.values[name]
        pairs = [(names[code], int(count)) for code, count in enumerate(counts) if code and code < len(names)]
    values = []
    for value, count in pairs:
        if value and (count or value in selected):
            label = labels.get(value, value) if spec.kind == FIXED else value_label(snapshot, name, value)
            values.append(FacetValue(value=value, label=label, count=count, selected=value in selected))
    values += [FacetValue(value=v, label=value_label(snapshot, name, v), count=0, selected=True)
               for v in sorted(selected - {value.value for value in values})]
    if spec.by_count:
        values.sort(key=lambda v: (-v.count, v.label))
    return values


def facets_for(params: SearchParams, counter: Counter, masks: Masks, matches: np.ndarray, total: int) -> list[Facet]:
    snapshot = counter.snapshot
    facets = []
    for spec in FACETS:
        if spec.name in masks.by_filter:
            base = masks.all_but(spec.name)
            count = bitsets.count(base)
        else:
            base, count = matches, total
        counts = counter.values(spec.name, base, count)
        facets.append(Facet(name=spec.name, label=str(spec.label), values=_values(params, snapshot, spec.name, counts)))
    flag_bits = {"untreated": snapshot.treatment_bits[TREATMENT_INDEX["N"]], "certified": snapshot.certified}
    for name in FLAG_FILTERS:
        base = masks.all_but(name) if name in masks.by_filter else matches
        count = bitsets.count_and(base, flag_bits[name]) if name in flag_bits else bitsets.count(base)
        label = str(FLAG_LABELS[name])
        facets.append(Facet(name=name, label=label,
                            values=[FacetValue(value="1", label=label, count=count, selected=name in params.flags)]))
    return facets


def _display(params: SearchParams, name: str, value: Decimal) -> Decimal:
    """A value in the unit shown to the buyer: prices in their currency, to its minor unit."""
    if name != "price":
        return value
    if params.currency != settings.REFERENCE_CURRENCY:
        value = fx.from_reference(value, params.currency)
    return quantize(value, params.currency)


def ranges_for(params: SearchParams, counter: Counter, masks: Masks, matches: np.ndarray,
               total: int) -> list[RangeFacet]:
    result = []
    for spec in RANGES:
        if spec.name in masks.by_filter:
            base = masks.all_but(spec.name)
            count = bitsets.count(base)
        else:
            base, count = matches, total
        counts = range_counts(counter, spec.name, base, count)
        scale = Decimal(spec.scale)
        low, high = params.ranges.get(spec.name, (None, None))
        result.append(RangeFacet(
            name=spec.name, label=str(spec.label), unit=params.currency if spec.name == "price" else spec.unit,
            minimum=None if counts.minimum is None else _display(params, spec.name, Decimal(counts.minimum) / scale),
            maximum=None if counts.maximum is None else _display(params, spec.name, Decimal(counts.maximum) / scale),
            selected_min=low, selected_max=high,
            bins=[HistogramBin(lower=_display(params, spec.name, lower), upper=_display(params, spec.name, upper),
                               count=count) for lower, upper, count in counts.bars],
        ))
    return result
