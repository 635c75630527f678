"""run_search: filters, text, facets, ranges, one keyset page and its listings, in one pass.

Everything but the text of new words and the page's listings is answered from the in-process
index (index.py), brought up to date by one query first (freshness.py). The listings of the page
are then read in one query (plus one for their pictures) and put in the page's order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections import OrderedDict

import numpy as np
from django.utils.translation import get_language

from gembazaar.catalogue.models import Listing

from . import bitsets
from .chips import chips_for, relaxations_for
from .counting import Counter
from .cursor import AFTER, BEFORE, Cursor, decode, encode
from .facet_results import facets_for, ranges_for
from .filters import compile_masks
from .freshness import search_index
from .paging import SORTS, Keyset, Position, page, position_of
from .query import relevance_levels, text_filter
from .types import DEFAULT_PAGE_SIZE, SearchParams, SearchResult


def _keyset(params: SearchParams, matches: np.ndarray, text_match) -> Keyset:
    if params.q and params.sort == "relevance":
        return Keyset("relevance", True, relevance_levels(text_match, matches))
    key, descending = SORTS[params.sort]
    return Keyset(key, descending)


def _mode(params: SearchParams) -> str:
    return "rank" if params.q and params.sort == "relevance" else "key"


def _cursor(params: SearchParams, snapshot, keyset: Keyset, row: int, direction: str) -> str:
    position = position_of(snapshot, keyset, row, direction)
    return encode(Cursor(params.sort, _mode(params), position.key, position.id, direction))


def _page(params: SearchParams, snapshot, keyset: Keyset, matches: np.ndarray):
    """(rows of the page, next cursor, previous cursor)."""
    position = None
    if params.cursor:
        cursor = decode(params.cursor)
        position = Position(cursor.key, cursor.id, cursor.direction)
    size = params.page_size
    rows = page(snapshot, keyset, matches, position, size + 1)
    backwards = position is not None and position.direction == BEFORE
    more = len(rows) > size
    rows = rows[-size:] if backwards else rows[:size]
    if not rows:
        return rows, None, None
    first, last = rows[0], rows[-1]
    if backwards:
        previous = _cursor(params, snapshot, keyset, first, BEFORE) if more else None
        next_cursor = _cursor(params, snapshot, keyset, last, AFTER)
    else:
        next_cursor = _cursor(params, snapshot, keyset, last, AFTER) if more else None
        previous = None
        if position is not None:
            earlier = page(snapshot, keyset, matches, position_of(snapshot, keyset, first, BEFORE), 1)
            previous = _cursor(params, snapshot, keyset, first, BEFORE) if earlier else None
    return rows, next_cursor, previous


PUBLIC_STATUSES = (Listing.Status.ACTIVE, Listing.Status.RESERVED)


def listings_in_order(ids: list[int]) -> list[Listing]:
    """The page's listings with card data, in the page's order; any that left the catalogue meanwhile
    are skipped (checked here rather than in SQL: the join condition cost more than the check)."""
    found = {listing.pk: listing for listing in
             Listing.objects.with_card_data().defer("search_text").filter(pk__in=ids).order_by()}
    return [found[pk] for pk in ids if pk in found and found[pk].status in PUBLIC_STATUSES
            and found[pk].seller.is_verified]


class FacetCache:
    """Facets and ranges of recent searches, per snapshot version: paging through a search, or the
    next visitor with the same filters, reuses them. Any change to the catalogue makes a new
    snapshot version, so an entry never outlives the data it was counted from."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.enabled = True
        self._entries: OrderedDict[tuple, tuple] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(snapshot, params: SearchParams, since: dt.datetime | None) -> tuple:
        filters = dataclasses.replace(params, sort="relevance", page_size=DEFAULT_PAGE_SIZE, cursor=None)
        return snapshot.version, filters.to_query_string(), since, get_language()

    def get(self, key: tuple):
        with self._lock:
            found = self._entries.get(key) if self.enabled else None
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple, value: tuple) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


facet_cache = FacetCache()


def run_search(params: SearchParams, *, since: dt.datetime | None = None) -> SearchResult:
    """Search the catalogue: the page of listings, the total, facets, ranges, chips and help.

    `since`: only listings published after that moment (saved-search digests).
    """
    started = time.perf_counter()
    snapshot = search_index.current()
    text_match = text_filter(snapshot, params.q, search_index.terms, language=get_language() or "en") \
        if params.q else None
    masks = compile_masks(snapshot, params, since=since)
    if text_match is not None:
        masks.by_filter["q"] = text_match.bits
    matches = masks.all()
    total = bitsets.count(matches)
    cache_key = facet_cache.key(snapshot, params, since)
    cached = facet_cache.get(cache_key)
    if cached is None:
        counter = Counter(snapshot)
        cached = (facets_for(params, counter, masks, matches, total),
                  ranges_for(params, counter, masks, matches, total))
        facet_cache.put(cache_key, cached)
    facets, ranges = cached
    keyset = _keyset(params, matches, text_match)
    page_rows, next_cursor, previous_cursor = _page(params, snapshot, keyset, matches)
    listings = listings_in_order(snapshot.ids[page_rows].tolist())
    chips = chips_for(params, snapshot)
    relaxations = relaxations_for(chips, params, masks, snapshot) if total == 0 else []
    return SearchResult(
        params=params, listing_ids=[listing.pk for listing in listings], listings=listings, total=total,
        facets=facets, ranges=ranges, chips=chips, relaxations=relaxations, next_cursor=next_cursor,
        previous_cursor=previous_cursor, took_ms=round((time.perf_counter() - started) * 1000, 2),
    )
