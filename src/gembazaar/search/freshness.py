"""The process's search index, kept exact: one cheap query before every search.

Database triggers log every write to a listing, its spec or a seller to catalogue_searchchange
(migration 0002), whoever writes it. Before each search the index reads the log rows after its
watermark (an indexed range scan that returns nothing when nothing changed), fetches just those
listings (and the sellers, when one changed) and patches a copy of its snapshot.

Why a change log rather than max(updated_at): it sees every writer (admin, raw SQL, set-based
updates that forget updated_at, the seeder), it sees deletions, and it names the changed rows.
Two traps are handled:
- ids a transaction took but had not committed when a later id was read ("gaps", PostgreSQL
  commits out of order): gaps are asked for again on each refresh for GAP_SECONDS;
- a log that went backwards (a rolled-back test transaction, a restored database, pruning): the
  watermark row carries a random token; if that row is gone or different, everything is reloaded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connection
from django.utils import timezone

from . import columns, columns_pg, shared, terms
from .index import Sellers, Snapshot, build
from .patch import patch

logger = logging.getLogger(__name__)
GAP_SECONDS = 900.0
MAX_GAPS = 10_000
MAX_BATCH = 50_000  # more changes than this at once: reload everything instead
PRUNE_AFTER = 86_400  # seconds a log row is kept
PRUNE_EVERY = 3_600.0


@dataclass
class Watermark:
    last_id: int = 0
    token: int | None = None
    gaps: dict[int, float] = field(default_factory=dict)  # log id → when first missed


class SearchIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._watermark = Watermark()
        self._version = 0
        self._pruned_at = 0.0
        self.terms = terms.TermCache()
        self.last_load_seconds: float | None = None

    def current(self) -> Snapshot:
        """The snapshot to search, brought up to date with the database first."""
        with self._lock:
            try:
                if self._snapshot is None:
                    self._load()
                else:
                    self._catch_up()
            except _Reload:
                self._load()
            return self._snapshot

    def reset(self) -> None:
        """Forget everything; the next search loads the index again."""
        with self._lock:
            self._snapshot = None
            self._watermark = Watermark()
            self.terms.clear()

    # --- Loading ---------------------------------------------------------------------------

    def _load(self) -> None:
        folder = shared.directory()
        if folder is None:
            self._build()
            return
        with shared.exclusive(folder):
            if not self._map(folder):
                self._build()
                shared.write(folder, self._snapshot, self._watermark)
                self._map(folder)  # use the mapped arrays (shared with the other workers), not our own

    def _map(self, folder) -> bool:
        """Take the host's shared index and bring it up to date; False when there is none to take."""
        started = time.perf_counter()
        found = shared.read(folder)
        if found is None:
            return False
        snapshot, watermark = found
        previous = self._snapshot, self._watermark
        self._version += 1
        self._snapshot, self._watermark = dataclasses.replace(snapshot, version=self._version), watermark
        try:
            self._catch_up()
        except _Reload:  # its watermark is gone from the log: the file is from another time
            self._snapshot, self._watermark = previous
            return False
        self.terms.clear()
        self.last_load_seconds = time.perf_counter() - started
        logger.info("Search index mapped: %s listings in %.2f s", snapshot.size, self.last_load_seconds)
        return True

    def _build(self) -> None:
        started = time.perf_counter()
        watermark = self._read_watermark()
        dictionaries = columns.Dictionaries()
        sellers = Sellers.from_rows(columns.fetch_sellers(), dictionaries)
        batch = _fetch_public(dictionaries)
        if not sellers.knows(batch.codes["seller"]):
            sellers = Sellers.from_rows(columns.fetch_sellers(), dictionaries)
        self._version += 1
        self._snapshot = build(batch, dictionaries, sellers, version=self._version)
        self._watermark = watermark
        self.terms.clear()
        self.last_load_seconds = time.perf_counter() - started
        logger.info("Search index loaded: %s listings in %.2f s", batch.ids.size, self.last_load_seconds)
        self._prune()

    def _read_watermark(self) -> Watermark:
        """The newest log row, and the ids below it not (yet) visible: they may still commit."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, token FROM catalogue_searchchange ORDER BY id DESC LIMIT 1000")
            rows = cursor.fetchall()
        if not rows:
            return Watermark()
        now = time.monotonic()
        seen = {row_id for row_id, _token in rows}
        low = rows[-1][0] if len(rows) == 1000 else max(rows[0][0] - 1000, 0)
        gaps = {gap: now for gap in range(low + 1, rows[0][0]) if gap not in seen}
        return Watermark(rows[0][0], rows[0][1], gaps)

    def _prune(self) -> None:
        if time.monotonic() - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = time.monotonic()
        horizon = timezone.now() - dt.timedelta(seconds=PRUNE_AFTER)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalogue_searchchange WHERE created_at < %s AND id < %s",
                           [horizon, self._watermark.last_id])

    # --- Catching up -------------------------------------------------------------------------

    def _catch_up(self) -> None:
        mark = self._watermark
        gaps = sorted(mark.gaps)[:MAX_GAPS]
        sql = "SELECT id, listing_id, seller_id, token FROM catalogue_searchchange WHERE id >= %s"
        if gaps:
            sql += f" OR id IN ({', '.join(['%s'] * len(gaps))})"
        with connection.cursor() as cursor:
            # the watermark row itself, the gaps, and one row more than MAX_BATCH (then: reload)
            cursor.execute(sql + f" ORDER BY id LIMIT {MAX_BATCH + len(gaps) + 2}", [mark.last_id, *gaps])
            rows = cursor.fetchall()
        if mark.last_id and not any(row[0] == mark.last_id and row[3] == mark.token for row in rows):
            raise _Reload  # the log went backwards: its rows were rolled back, restored or pruned
        newer = [row for row in rows if row[0] > mark.last_id]
        filled = [row for row in rows if row[0] in mark.gaps]
        if len(newer) > MAX_BATCH or any(row[1] is None and row[2] is None for row in newer + filled):
            raise _Reload  # too many changes, or a writer logged "reload everything" (LOG_CHANGED_SQL)
        changes = newer + filled
        if changes:
            listing_ids = np.array(sorted({row[1] for row in changes if row[1] is not None}), dtype=np.int64)
            self._apply(listing_ids, seller_changed=any(row[2] is not None for row in changes))
        self._watermark = _advanced(mark, newer, filled)  # only once applied: a failure retries them

    def _apply(self, listing_ids: np.ndarray, *, seller_changed: bool) -> None:
        snapshot = self._snapshot
        dictionaries = snapshot.dictionaries.copy()
        batch = columns.fetch_ids(listing_ids.tolist(), dictionaries)
        sellers = snapshot.sellers
        if seller_changed or not sellers.knows(batch.codes["seller"]):
            sellers = Sellers.from_rows(columns.fetch_sellers(), dictionaries)
        self._version += 1
        updated = patch(snapshot, batch, listing_ids, dictionaries, sellers, version=self._version)
        self.terms.refreshed(updated, listing_ids)
        self._snapshot = updated


def _fetch_public(dictionaries: columns.Dictionaries) -> columns.RowBatch:
    if connection.vendor == "postgresql":
        try:
            return columns_pg.fetch_public_fast(dictionaries)
        except ValueError:  # a 64-bit hash collision: take the slow, exact road
            logger.warning("Search index: hash collision, loading row by row")
    return columns.fetch_public(dictionaries)


def _advanced(mark: Watermark, newer: list[tuple], filled: list[tuple]) -> Watermark:
    """The watermark after reading `newer` rows and the `filled` gaps; skipped ids become gaps."""
    now = time.monotonic()
    gaps = {gap: since for gap, since in mark.gaps.items() if now - since < GAP_SECONDS}
    for row_id, *_ in filled:
        gaps.pop(row_id, None)
    previous = mark.last_id
    for row_id, *_ in newer:
        gaps.update((gap, now) for gap in range(max(previous + 1, row_id - MAX_GAPS), row_id))
        previous = row_id
    if len(gaps) > MAX_GAPS:
        gaps = dict(sorted(gaps.items())[-MAX_GAPS:])
    if not newer:
        return Watermark(mark.last_id, mark.token, gaps)
    return Watermark(newer[-1][0], newer[-1][3], gaps)


class _Reload(Exception):
    pass


# For writers that switch the row trigger off for their transaction (SET LOCAL gembazaar.search_log =
# 'off', migration 0004) and log set-based instead: a data-modifying CTE body that logs the ids a CTE
# named `changed` (column `id`) returns; its two parameters are both MAX_BATCH. Up to MAX_BATCH
# listings it writes a row per listing (the index patches them), above it a single row with neither
# listing nor seller, which makes every process reload its index (as MAX_BATCH rows would anyway).
LOG_CHANGED_SQL = """INSERT INTO catalogue_searchchange (listing_id, seller_id, token, created_at)
    SELECT id, NULL::bigint, (random() * 9.0e18)::bigint, now() FROM changed
    WHERE (SELECT count(*) FROM changed) <= %s
    UNION ALL
    SELECT NULL::bigint, NULL::bigint, (random() * 9.0e18)::bigint, now() WHERE (SELECT count(*) FROM changed) > %s"""


search_index = SearchIndex()
