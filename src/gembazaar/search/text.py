"""Full-text matching in the database: the one place that knows PostgreSQL from SQLite.

- PostgreSQL: a GIN index on `to_tsvector('english', search_text)` (an expression index, so the
  vector is not stored in the listing row: see catalogue migration 0005); a term is
  `to_tsquery('english', 'word')` (`'word:*'` for a prefix). Misspelt words are looked up in the
  lexicon (catalogue_searchword) with pg_trgm similarity, through a trigram GIN index on the
  lexicon's words.
- SQLite: an FTS5 table over `search_text` (porter stemmer, accents folded); a term is the
  quoted word (`"word"*` for a prefix); misspelt words are looked up in the lexicon with difflib.

Terms reach the database only as words of letters and digits (understanding.tokens), and are
passed as parameters: no search syntax a buyer types can change the query.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import numpy as np
from django.db import connection, transaction

PUBLIC = "status IN ('active', 'reserved')"
# Exactly the expression of the GIN index (migration 0005), so PostgreSQL uses the index.
VECTOR = "to_tsvector('english'::regconfig, search_text)"
MAX_SIMILAR = 3
SIMILARITY = 0.4  # pg_trgm similarity a correction must reach ("emrald" ~ "emerald": 0.45)
_lexemes: dict[str, str] = {}  # word → PostgreSQL lexeme ("" for a stop word); the mapping never changes


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def term_key(word: str, prefix: bool) -> str | None:
    """The term as the database matches it, or None for a word it ignores (a stop word)."""
    if not _postgres():
        return f'"{word}"*' if prefix else f'"{word}"'
    lexeme = _lexemes.get(word)
    if lexeme is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_tsquery('english', %s)::text", [word])
            lexeme = cursor.fetchone()[0] or ""
        if len(_lexemes) < 100_000:
            _lexemes[word] = lexeme
    if not lexeme:
        return None
    return f"{word}:*" if prefix else word


def matching_ids(key: str) -> np.ndarray:
    """Ids of the listings (on sale, on PostgreSQL) whose search text matches the term."""
    if _postgres():
        return _matching_ids_postgres(key)
    # SQLite: every listing; the index keeps only those on sale anyway, and the join would cost more
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM catalogue_listing_fts WHERE catalogue_listing_fts MATCH %s", [key])
        return np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)


def _matching_ids_postgres(key: str) -> np.ndarray:
    """A broad word ("handmade") matches a third of a million listings. Left to itself the planner
    reads the table in a parallel sequential scan and computes to_tsvector for every row (21 s at
    a million). The GIN index finds the rows exactly; enough work_mem keeps its bitmap exact, so
    no row is rechecked through to_tsvector; and the ids come back as one bytea of 8-byte integers,
    not a third of a million Python tuples. The settings are LOCAL and put back before returning."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(f"SELECT string_agg(int8send(id), ''::bytea) FROM catalogue_listing "  # noqa: S608
                       f"WHERE {PUBLIC} AND {VECTOR} @@ to_tsquery('english', %s)", [key])
        packed = cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
        cursor.execute("SET LOCAL work_mem TO DEFAULT")
    if not packed:
        return np.empty(0, dtype=np.int64)
    return np.frombuffer(bytes(packed), dtype=">i8").astype(np.int64)


def recheck(keys: Sequence[str], ids: Sequence[int]) -> list[set[int]]:
    """For each term, which of the given listings match it now (for a refresh of cached terms)."""
    if not keys or not ids:
        return [set() for _ in keys]
    ids = list(ids)
    found: list[set[int]] = [set() for _ in keys]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            if _postgres():
                tests = ", ".join([f"{VECTOR} @@ to_tsquery('english', %s)"] * len(keys))
                cursor.execute(f"SELECT id, {tests} FROM catalogue_listing WHERE id IN ({marks})",  # noqa: S608
                               [*keys, *chunk])
                for row_id, *matches in cursor.fetchall():
                    for i, matched in enumerate(matches):
                        if matched:
                            found[i].add(row_id)
            else:
                for i, key in enumerate(keys):
                    cursor.execute("SELECT rowid FROM catalogue_listing_fts WHERE catalogue_listing_fts "  # noqa: S608
                                   f"MATCH %s AND rowid IN ({marks})", [key, *chunk])
                    found[i].update(row[0] for row in cursor.fetchall())
    return found


def similar_words(word: str) -> list[str]:
    """Lexicon words spelt like `word`, best first: candidates for a misspelt search word."""
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute("SELECT word FROM catalogue_searchword WHERE word %% %s AND similarity(word, %s) >= %s "
                           "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                           [word, word, SIMILARITY, word, MAX_SIMILAR])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT word FROM catalogue_searchword WHERE substr(word, 1, 1) = %s "
                       "AND length(word) BETWEEN %s AND %s", [word[:1], len(word) - 2, len(word) + 2])
        candidates = [row[0] for row in cursor.fetchall()]
    return difflib.get_close_matches(word, candidates, n=MAX_SIMILAR, cutoff=0.75)
