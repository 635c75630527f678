"""Full-text terms kept in memory as bits over the index's rows, exact across listing changes.

A term's rows come from the database once (text.matching_ids); after that every refresh of the
index asks the database which of the changed listings match each kept term (text.recheck), so a
kept term never goes stale. A rebuilt index renumbers its rows: the terms are then dropped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from . import bitsets, text
from .index import Snapshot

CAPACITY = 128  # terms kept; each is one bit per row (125 kB at a million listings)


class TermCache:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._version = -1
        self._terms: OrderedDict[str, np.ndarray] = OrderedDict()

    def bits(self, snapshot: Snapshot, key: str) -> np.ndarray:
        """Rows of `snapshot` whose text matches the term (from memory when kept)."""
        with self._lock:
            if self._generation == snapshot.generation and self._version == snapshot.version and key in self._terms:
                self._terms.move_to_end(key)
                return self._terms[key]
        rows = snapshot.locate(text.matching_ids(key))
        bits = bitsets.from_positions(rows[rows >= 0], snapshot.words)
        with self._lock:
            # Keep it only if no refresh happened meanwhile: a refresh rechecks kept terms only.
            if self._generation != snapshot.generation:
                self._terms.clear()
                self._generation = snapshot.generation
                self._version = snapshot.version
            if self._version == snapshot.version:
                self._terms[key] = bits
                while len(self._terms) > self.capacity:
                    self._terms.popitem(last=False)
        return bits

    def refreshed(self, snapshot: Snapshot, changed_ids: np.ndarray) -> None:
        """Bring the kept terms to `snapshot` after the listings `changed_ids` changed (under the index lock)."""
        with self._lock:
            if self._generation != snapshot.generation:
                self._terms.clear()
                self._generation, self._version = snapshot.generation, snapshot.version
                return
            keys = list(self._terms)
        matches = text.recheck(keys, changed_ids.tolist()) if keys and len(changed_ids) else []
        rows = snapshot.locate(changed_ids)
        present = rows >= 0
        updated = {}
        for key, matching in zip(keys, matches, strict=True):
            hit = np.isin(changed_ids, np.fromiter(matching, dtype=np.int64, count=len(matching)))
            bits = bitsets.with_rows(self._terms[key], rows[present & ~hit], False)
            bitsets.assign(bits, rows[present & hit], True)
            updated[key] = bits
        with self._lock:
            # Terms added meanwhile were fetched for the previous snapshot: they are dropped.
            self._terms = OrderedDict(updated)
            self._version = snapshot.version

    def clear(self) -> None:
        with self._lock:
            self._terms.clear()
            self._generation = None
