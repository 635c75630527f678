"""SearchParams → one bit mask per filter, over a snapshot; ANDed, they are the results.

Each filter is kept separately so that a facet can be counted with all the *other* filters
(disjunctive faceting) and the zero-result help can drop one chip at a time. Range bounds are
turned into the index's integer units exactly (a minimum rounds up, a maximum down), prices from
the buyer's currency to US cents with exact fractions.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np

from gembazaar.core import fx

from . import bitsets
from .facets import FACETS_BY_NAME, FIXED, NO_VALUE, RANGES_BY_NAME, TREATMENT_BITS, codes_of
from .index import Snapshot
from .types import SearchParams

INT64 = np.iinfo(np.int64)
TREATMENT_INDEX = {code: i for i, code in enumerate(TREATMENT_BITS)}


@dataclass
class Masks:
    base: np.ndarray  # alive rows (published after `since` when given)
    by_filter: dict[str, np.ndarray] = field(default_factory=dict)  # parameter (or range, flag, "q") → bits

    def all(self) -> np.ndarray:
        return bitsets.all_of(list(self.by_filter.values()), self.base)

    def all_but(self, *names: str) -> np.ndarray:
        return bitsets.all_of([bits for name, bits in self.by_filter.items() if name not in names], self.base)


def facet_mask(snapshot: Snapshot, name: str, values: tuple[str, ...]) -> np.ndarray:
    words = snapshot.words
    if name == "treatment":
        return bitsets.any_of([snapshot.treatment_bits[TREATMENT_INDEX[v]] for v in values], words)
    if FACETS_BY_NAME[name].kind == FIXED:
        return bitsets.any_of([snapshot.facet_bits[name][codes_of(name)[v]] for v in values], words)
    if name == "seller":
        codes = [snapshot.sellers.codes_by_slug.get(v) for v in values]
    else:
        codes = [snapshot.dictionaries.codes[name].get(v) for v in values]
    lookup = np.zeros(len(snapshot.dictionaries.values[name]) + 1, dtype=bool)
    lookup[[c for c in codes if c is not None]] = True
    return bitsets.pack(lookup[snapshot.codes[name][: snapshot.size]], words)


def scaled_bounds(params: SearchParams, name: str) -> tuple[int, int]:
    """The range's bounds in the index's integers: [ceil(min × scale), floor(max × scale)]."""
    low, high = params.ranges[name]
    factor = Fraction(RANGES_BY_NAME[name].scale)
    if name == "price":  # typed in the buyer's currency, compared in US cents
        factor /= Fraction(fx.from_reference(Decimal(1), params.currency))
    lowest = 0 if low is None else math.ceil(Fraction(low) * factor)
    highest = INT64.max if high is None else math.floor(Fraction(high) * factor)
    return max(lowest, 0), min(highest, INT64.max)


def _range_mask(snapshot: Snapshot, params: SearchParams, name: str) -> np.ndarray:
    low, high = scaled_bounds(params, name)
    values = snapshot.values[name][: snapshot.size]
    inside = (values >= max(low, 0)) & (values <= min(high, np.iinfo(values.dtype).max)) & (values != NO_VALUE)
    return bitsets.pack(inside, snapshot.words)


def since_mask(snapshot: Snapshot, since: dt.datetime) -> np.ndarray:
    micros = (since - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
    return bitsets.pack(snapshot.published[: snapshot.size] > micros, snapshot.words)


def compile_masks(snapshot: Snapshot, params: SearchParams, *, since: dt.datetime | None = None,
                  text_rows: np.ndarray | None = None) -> Masks:
    base = snapshot.alive
    if since is not None:
        base = base & since_mask(snapshot, since)
    masks = Masks(base)
    if text_rows is not None:
        masks.by_filter["q"] = bitsets.from_positions(text_rows, snapshot.words)
    for name, values in params.filters.items():
        masks.by_filter[name] = facet_mask(snapshot, name, values)
    for name in params.ranges:
        masks.by_filter[name] = _range_mask(snapshot, params, name)
    if "untreated" in params.flags:
        masks.by_filter["untreated"] = snapshot.treatment_bits[TREATMENT_INDEX["N"]]
    if "certified" in params.flags:
        masks.by_filter["certified"] = snapshot.certified
    # "verified": public listings are verified sellers' already; nothing to narrow.
    return masks
