"""Facet counts and range histograms over a set of rows (packed bits), for one request.

Counts come from bincounts of joint codes (groups.py) over the set's rows, or, when the set holds
more than half of the listings on sale, over the rows *not* in it, subtracted from the counts of
all listings on sale (kept with the snapshot): a search without filters costs next to nothing,
and no search gathers more than half the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from . import bitsets, groups
from .facets import RANGES_BY_NAME
from .grid import grid_of
from .index import Snapshot

MAX_BARS = 16
COMPLEMENT_SHARE = 0.5  # count the rows outside a set holding more than this share of the rows on sale


class Counter:
    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.alive_count = bitsets.count(snapshot.alive)
        self._rows: dict[int, tuple[np.ndarray, np.ndarray, bool]] = {}
        self._counts: dict[tuple[str, int], np.ndarray] = {}

    def _rows_for(self, base: np.ndarray, size: int) -> tuple[np.ndarray, bool]:
        """(rows, complement): the set's rows, or the rows on sale outside it when that is fewer."""
        found = self._rows.get(id(base))
        if found is None or found[0] is not base:
            complement = size > COMPLEMENT_SHARE * self.alive_count
            rows = bitsets.positions(self.snapshot.alive & ~base if complement else base)
            found = self._rows[id(base)] = (base, rows, complement)
        return found[1], found[2]

    def _alive_counts(self, key: str, compute) -> np.ndarray:
        stats = self.snapshot.stats
        if ("alive", key) not in stats:
            stats[("alive", key)] = compute(bitsets.positions(self.snapshot.alive))
        return stats[("alive", key)]

    def group(self, group: str, base: np.ndarray, size: int) -> np.ndarray:
        """Rows of `base` (holding `size` rows) per combination of the group's members."""
        key = (group, id(base))
        if key not in self._counts:
            joint = self.snapshot.joint[group]
            rows, complement = self._rows_for(base, size)
            counts = groups.count(group, joint[rows])
            if complement:
                counts = self._alive_counts(group, lambda all_rows: groups.count(group, joint[all_rows])) - counts
            self._counts[key] = counts
        return self._counts[key]

    def values(self, name: str, base: np.ndarray, size: int) -> np.ndarray:
        """Rows of `base` per code of facet `name` (index = code; code 0 = blank)."""
        if name == "treatment":  # many codes per row: one AND and popcount per code
            return np.array([0, *(bitsets.count_and(bits, base) for bits in self.snapshot.treatment_bits)])
        if name in groups.GROUP_OF:
            group = groups.GROUP_OF[name]
            return groups.marginal(group, self.group(group, base, size), name)
        codes = self.snapshot.codes[name]
        length = len(self.snapshot.dictionaries.values[name]) + 1
        rows, complement = self._rows_for(base, size)
        counts = np.bincount(codes[rows], minlength=length)
        if complement:
            alive = self._alive_counts(name, lambda all_rows: np.bincount(codes[all_rows], minlength=length))
            counts = np.pad(alive, (0, max(0, len(counts) - len(alive)))) - counts
        return counts


@dataclass(frozen=True)
class RangeCounts:
    minimum: int | None  # scaled integers
    maximum: int | None
    bars: list[tuple[Decimal, Decimal, int]]  # (lower, upper, count) in the range's own unit


def _extreme(snapshot: Snapshot, name: str, base: np.ndarray, fine_bin: int, highest: bool) -> int:
    """The smallest (largest) value among the rows of `base` in one fine bin: the bin's rows as at the
    last build, still in that bin, plus rows changed since (dirty)."""
    start, end = snapshot.bin_starts[name][fine_bin], snapshot.bin_starts[name][fine_bin + 1]
    rows = snapshot.bin_rows[name][start:end].astype(np.int64)
    dirty = snapshot.stats.get("dirty_rows")
    if dirty is None:
        dirty = snapshot.stats["dirty_rows"] = bitsets.positions(snapshot.dirty)
    rows = np.concatenate([rows[~bitsets.test(snapshot.dirty, rows)], dirty])
    rows = rows[bitsets.test(base, rows) & (snapshot.fine[name][rows] == fine_bin)]
    values = snapshot.values[name][rows]
    return int(values.max() if highest else values.min())


def range_counts(counter: Counter, name: str, base: np.ndarray, size: int) -> RangeCounts:
    """Smallest and largest value among the rows of `base`, and a histogram of ≤ 16 round-edged bars."""
    snapshot = counter.snapshot
    group = groups.GROUP_OF[name]
    per_bin = groups.marginal(group, counter.group(group, base, size), name).copy()
    per_bin[0] = 0  # rows without a value
    filled = np.flatnonzero(per_bin)
    if not len(filled):
        return RangeCounts(None, None, [])
    first, last = int(filled[0]), int(filled[-1])
    minimum = _extreme(snapshot, name, base, first, highest=False)
    maximum = _extreme(snapshot, name, base, last, highest=True)
    edges, _scaled = grid_of(name)
    scale = Decimal(RANGES_BY_NAME[name].scale)
    step = -(-(last - first + 1) // MAX_BARS)
    bars = []
    for start in range(first, last + 1, step):
        end = min(start + step - 1, last)
        lower = edges[start - 1]
        upper = edges[end] if end < len(edges) else Decimal(maximum) / scale
        bars.append((lower, upper, int(per_bin[start:end + 1].sum())))
    return RangeCounts(minimum, maximum, bars)
