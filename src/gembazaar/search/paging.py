"""Sorted keyset pages over the index: exact, stable, and cheap even for a million matches.

The order of a sort is total: (has no key, key, id), with the key and id negated for descending
sorts, so rows without a key (a ring sorted by carat) come last either way and ties break by id.
A page is "the first N rows after the cursor's row" in that order (or the last N before it).
Relevance is a sort too: (score, publication time, id), descending, walked score by score.

Two ways to find them, with the same answer (tests force each):
- few candidates: sort the candidates themselves (a partial selection, then a small sort);
- many: walk the sort order built with the snapshot (index.SortOrder) from the cursor's place,
  skipping rows that do not match; rows the order no longer places (dirty) are merged in from
  the first way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import bitsets
from .cursor import AFTER, BEFORE
from .facets import NO_VALUE
from .index import Snapshot, SortOrder

SMALL_LIMIT = 50_000  # at most this many candidates: sort them rather than walk the order
SORTS = {  # SearchParams.sort → (snapshot sort key, descending)
    "price_asc": ("price", False), "price_desc": ("price", True),
    "carat_asc": ("carat", False), "carat_desc": ("carat", True),
    "newest": ("newest", True), "relevance": ("newest", True),
}


LEVEL = 10**16  # relevance key = score × LEVEL + publication time (µs since 1970, below 10^16)


@dataclass(frozen=True)
class Keyset:
    key: str  # snapshot sort key, or "relevance"
    descending: bool
    # Relevance over words: (score, rows with that score), highest score first; within a score, newest first.
    levels: tuple[tuple[int, np.ndarray], ...] | None = None


@dataclass(frozen=True)
class Position:
    key: int | float | None
    id: int
    direction: str = AFTER


def _keys(snapshot: Snapshot, keyset: Keyset, rows: np.ndarray) -> np.ndarray:
    if keyset.levels is not None:
        scores = np.zeros(len(rows), dtype=np.int64)
        for score, bits in keyset.levels:
            scores[bitsets.test(bits, rows)] = score
        return scores * LEVEL + np.maximum(snapshot.published[rows], 0)
    return snapshot.sort_key(keyset.key)[rows]


def _triples(keys: np.ndarray, ids: np.ndarray, descending: bool, backwards: bool) -> tuple[np.ndarray, ...]:
    """(no key, key, id) arrays whose lexicographic ascending order is the walk's order."""
    missing = (keys == NO_VALUE) if keys.dtype.kind in "iu" else np.zeros(len(keys), dtype=bool)
    sign = -1 if descending else 1
    flip = -1 if backwards else 1
    keys = keys.astype(np.float64 if keys.dtype.kind == "f" else np.int64)
    return missing.astype(np.int8) * flip, np.where(missing, 0, keys) * sign * flip, ids * sign * flip


def _cursor_triple(position: Position, descending: bool, backwards: bool) -> tuple:
    sign = -1 if descending else 1
    flip = -1 if backwards else 1
    missing = position.key is None
    return int(missing) * flip, 0 if missing else position.key * sign * flip, position.id * sign * flip


def _after(triple: tuple[np.ndarray, ...], cursor: tuple) -> np.ndarray:
    a, b, c = triple
    ca, cb, cc = cursor
    return (a > ca) | ((a == ca) & ((b > cb) | ((b == cb) & (c > cc))))


def _smallest(triple: tuple[np.ndarray, ...], limit: int) -> np.ndarray:
    """Indices of the `limit` smallest triples, in order (a partial selection first when many)."""
    a, b, c = triple
    candidates = np.arange(len(a))
    if len(a) > 4 * limit:
        # Rows without a key sort after (or, walking backwards, before) every key.
        wide = b.astype(np.float64 if b.dtype.kind == "f" else np.int64)
        top, bottom = (np.inf, -np.inf) if wide.dtype.kind == "f" else (np.iinfo(np.int64).max, np.iinfo(np.int64).min)
        primary = np.where(a > 0, wide.dtype.type(top), np.where(a < 0, wide.dtype.type(bottom), wide))
        threshold = np.partition(primary, limit - 1)[limit - 1]
        candidates = np.flatnonzero(primary <= threshold)
    order = np.lexsort((c[candidates], b[candidates], a[candidates]))
    return candidates[order[:limit]]


def _select(snapshot: Snapshot, keyset: Keyset, rows: np.ndarray, position: Position | None,
            limit: int, backwards: bool) -> np.ndarray:
    """Of the candidate rows, the first `limit` after the position (or last before it), in sort order."""
    triple = _triples(_keys(snapshot, keyset, rows), snapshot.ids[rows], keyset.descending, backwards)
    if position is not None:
        keep = _after(triple, _cursor_triple(position, keyset.descending, backwards))
        rows, triple = rows[keep], tuple(t[keep] for t in triple)
    picked = rows[_smallest(triple, limit)]
    return picked[::-1] if backwards else picked


def _bisect(count: int, is_before) -> int:
    """The first index in [0, count) for which is_before(index) is False (is_before is monotone)."""
    low, high = 0, count
    while low < high:
        middle = (low + high) // 2
        if is_before(middle):
            low = middle + 1
        else:
            high = middle
    return low


def _start(snapshot: Snapshot, order: SortOrder, descending: bool, position: Position | None,
           backwards: bool) -> int:
    """Where a walk starts: the logical index of the first row after the position, or (walking
    backwards) the logical index just past the last row before it."""
    total, keyed = len(order.perm), order.with_key
    if position is None:
        return total if backwards else 0
    ids = snapshot.ids
    if position.key is None:  # among the rows without a key, which are ordered by id
        below = _bisect(total - keyed, lambda m: ids[order.perm[keyed + m]] < position.id)
        equal = int(below < total - keyed and ids[order.perm[keyed + below]] == position.id)
        if descending:  # that part is walked backwards: rows with smaller ids come after
            return total - below - equal if backwards else total - below
        return keyed + below if backwards else keyed + below + equal
    keys = order.keys[:keyed]
    low, high = np.searchsorted(keys, position.key, "left"), np.searchsorted(keys, position.key, "right")
    below = int(low) + _bisect(int(high - low), lambda m: ids[order.perm[low + m]] < position.id)
    equal = int(below < high and ids[order.perm[below]] == position.id)
    if descending:  # walked from the largest key: rows below come after
        return keyed - below - equal if backwards else keyed - below
    return below if backwards else below + equal


def _walk_index(order: SortOrder, descending: bool, logical: np.ndarray) -> np.ndarray:
    if not descending:
        return logical
    keyed, total = order.with_key, len(order.perm)
    return np.where(logical < keyed, keyed - 1 - logical, total - 1 - (logical - keyed))


def _walk(snapshot: Snapshot, keyset: Keyset, clean: np.ndarray, position: Position | None,
          limit: int, backwards: bool) -> np.ndarray:
    order = snapshot.orders[keyset.key]
    start = _start(snapshot, order, keyset.descending, position, backwards)
    found: list[np.ndarray] = []
    have, chunk, total = 0, 4 * limit + 64, len(order.perm)
    while have < limit:
        if backwards:
            logical = np.arange(start - 1, max(start - 1 - chunk, -1), -1)
            start = max(start - chunk, 0)
        else:
            logical = np.arange(start, min(start + chunk, total))
            start += chunk
        if not len(logical):
            break
        rows = order.perm[_walk_index(order, keyset.descending, logical)].astype(np.int64)
        rows = rows[bitsets.test(clean, rows)]
        found.append(rows)
        have += len(rows)
        chunk *= 4
    rows = np.concatenate(found)[:limit] if found else np.zeros(0, dtype=np.int64)
    return rows[::-1] if backwards else rows


NEWEST = Keyset("newest", True)


def _level_page(snapshot: Snapshot, keyset: Keyset, matches: np.ndarray, position: Position | None,
                limit: int, backwards: bool) -> list[int]:
    """Relevance pages: each score's rows newest first, highest score first, walked level by level."""
    levels = list(keyset.levels)
    cursor_score = inner = None
    if position is not None:
        cursor_score, published = divmod(int(position.key), LEVEL)
        inner = Position(published, position.id, position.direction)
        levels = [(s, bits) for s, bits in levels if (s >= cursor_score if backwards else s <= cursor_score)]
    if backwards:
        levels.reverse()
    # Walking backwards into a level starts from its end: before a time earlier than any publication.
    from_end = Position(-1, -1, BEFORE) if backwards else None
    found: list[int] = []
    for score, bits in levels:
        rows = page(snapshot, NEWEST, matches & bits, inner if score == cursor_score else from_end, limit - len(found))
        found = rows + found if backwards else found + rows
        if len(found) >= limit:
            break
    return found


def page(snapshot: Snapshot, keyset: Keyset, matches: np.ndarray, position: Position | None,
         limit: int) -> list[int]:
    """Up to `limit` row positions of the matching rows (bits), after or before `position`, in order."""
    backwards = position is not None and position.direction == BEFORE
    if keyset.levels is not None:
        return _level_page(snapshot, keyset, matches, position, limit, backwards)
    if bitsets.count(matches) <= SMALL_LIMIT:
        return _select(snapshot, keyset, bitsets.positions(matches), position, limit, backwards).tolist()
    dirty = bitsets.positions(matches & snapshot.dirty)
    walked = _walk(snapshot, keyset, matches & ~snapshot.dirty, position, limit, backwards)
    merged = np.concatenate([walked, dirty])
    return _select(snapshot, keyset, merged, position, limit, backwards).tolist()


def position_of(snapshot: Snapshot, keyset: Keyset, row: int, direction: str) -> Position:
    key = _keys(snapshot, keyset, np.array([row]))[0]
    if keyset.levels is None and key == NO_VALUE:
        return Position(None, int(snapshot.ids[row]), direction)
    return Position(key.item(), int(snapshot.ids[row]), direction)
