"""Keyset cursors: an opaque, signed token naming the last row of a page in its sort order.

A cursor holds the sort, the sort key of a row and its id, and a direction. The next page is
"the first N rows after (key, id)" in the sort's total order (key, then id), so rows added or
removed elsewhere never shift the page a cursor points to. The token is signed with SECRET_KEY:
a tampered or made-up cursor is refused rather than trusted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "gembazaar.catalogue.search.cursor"
AFTER, BEFORE = "a", "b"
MAX_LENGTH = 400


@dataclass(frozen=True)
class Cursor:
    sort: str  # the SearchParams.sort it was made for
    mode: str  # "rank" (relevance over a text query) or "key" (a column)
    key: int | float | None  # the row's sort key; None for rows without one (a ring has no carat)
    id: int
    direction: str = AFTER  # AFTER: the page after this row; BEFORE: the page before it


class BadCursor(ValueError):
    pass


def encode(cursor: Cursor) -> str:
    payload = [cursor.sort, cursor.mode, cursor.key, cursor.id, cursor.direction]
    return signing.dumps(payload, salt=SALT, compress=False)


def decode(token: str) -> Cursor:
    if not token or len(token) > MAX_LENGTH:
        raise BadCursor("length")
    try:
        sort, mode, key, row_id, direction = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadCursor("signature") from exc
    valid = (isinstance(sort, str) and mode in ("rank", "key") and direction in (AFTER, BEFORE)
             and isinstance(row_id, int) and not isinstance(key, bool)
             and (key is None or isinstance(key, int | float)))
    if not valid:
        raise BadCursor("shape")
    return Cursor(sort, mode, key, row_id, direction)
