"""The words of a search (`q`) as rows of the index, and how strongly each row matches them.

Dictionary words (understanding.py) become bits straight from the index; other words come from
the database's full-text index through the term cache (terms.py). A word that finds nothing is
corrected, to a dictionary word or (PostgreSQL: pg_trgm, SQLite: difflib) to a lexicon word.
Every word must match: the rows are the AND of each word's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gembazaar.core.text import fold

from . import bitsets, text
from .facets import codes_of
from .filters import TREATMENT_INDEX
from .index import Snapshot
from .terms import TermCache
from .understanding import QueryPlan, Target, catalogue_dictionary, plan_query

HEATING = ("H", "HF", "HP")


@dataclass(frozen=True)
class TextFilter:
    bits: np.ndarray  # rows that match every word
    strong: tuple[np.ndarray, ...]  # per dictionary word: rows where it names what the item is
    plan: QueryPlan


def dictionary_for(snapshot: Snapshot, language: str) -> dict[str, tuple[Target, ...]]:
    key = ("dictionary", language)
    found = snapshot.stats.get(key)
    if found is None:
        countries = {code: value for code, value in enumerate(snapshot.dictionaries.values["origin_country"])
                     if value}
        found = snapshot.stats[key] = catalogue_dictionary(
            language=language, sellers=snapshot.sellers.words, countries_in_use=countries,
            short_words=set(snapshot.word_bits))
    return found


def _dynamic_mask(snapshot: Snapshot, facet: str, codes: list[int]) -> np.ndarray:
    lookup = np.zeros(len(snapshot.dictionaries.values[facet]) + 1, dtype=bool)
    lookup[codes] = True
    return bitsets.pack(lookup[snapshot.codes[facet][: snapshot.size]], snapshot.words)


def target_bits(snapshot: Snapshot, targets: tuple[Target, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(rows any target matches, rows a strong target matches) for one dictionary word."""
    words = snapshot.words
    masks, strong, dynamic = [], [], {}
    for target in targets:
        if target.facet in ("seller", "origin_country"):
            dynamic.setdefault(target.facet, []).append(int(target.value))
            continue
        if target.facet == "word":
            bits = snapshot.word_bits.get(str(target.value), np.zeros(words, dtype=np.uint64))
        elif target.facet == "certified":
            bits = snapshot.certified
        elif target.facet == "unheated":  # a declared treatment that is not a heating
            declared = bitsets.any_of(snapshot.treatment_bits, words)
            heated = bitsets.any_of([snapshot.treatment_bits[TREATMENT_INDEX[c]] for c in HEATING], words)
            bits = declared & ~heated
        elif target.facet == "treatment":
            bits = snapshot.treatment_bits[TREATMENT_INDEX[str(target.value)]]
        else:
            bits = snapshot.facet_bits[target.facet][codes_of(target.facet)[str(target.value)]]
        masks.append(bits)
        if target.strong:
            strong.append(bits)
    masks += [_dynamic_mask(snapshot, facet, codes) for facet, codes in dynamic.items()]
    return bitsets.any_of(masks, words), bitsets.any_of(strong, words)


def text_filter(snapshot: Snapshot, q: str, cache: TermCache, *, language: str) -> TextFilter | None:
    """The rows matching `q`, or None when it has no searchable word (punctuation, stop words)."""
    alive = snapshot.alive

    def term_rows(word: str, prefix: bool) -> np.ndarray | None:
        key = text.term_key(word, prefix)
        return None if key is None else cache.bits(snapshot, key)

    def has_text_matches(word: str, prefix: bool) -> bool:
        rows = term_rows(word, prefix)
        return rows is None or bitsets.count_and(rows, alive) > 0

    plan = plan_query(q, dictionary_for(snapshot, language), has_text_matches=has_text_matches)
    masks, strong = [], []
    for _word, targets in plan.concepts:
        rows, strong_rows = target_bits(snapshot, targets)
        masks.append(rows)
        strong.append(strong_rows)
    for position, word in enumerate(plan.text_terms):
        rows = term_rows(word, plan.prefix_last and position == len(plan.text_terms) - 1)
        if rows is None:
            continue  # a stop word of the database's language
        if not bitsets.count_and(rows, alive):
            fixes = [w for w in text.similar_words(fold(word)) if w != word]
            found = [bits for fix in fixes if (bits := term_rows(fix, False)) is not None]
            if found:
                plan.corrections[word] = fixes[0]
                rows = bitsets.any_of(found, snapshot.words)
        masks.append(rows)
        named_by_seller = _seller_rows(snapshot, word)
        if named_by_seller is not None:
            strong.append(rows & ~named_by_seller)
    if not masks:
        return None
    return TextFilter(bitsets.all_of(masks, alive), tuple(strong), plan)


def _seller_rows(snapshot: Snapshot, word: str) -> np.ndarray | None:
    """Rows of the sellers whose name, city or market has a word that `word` could be (or begin),
    or None when no seller's does.

    The full-text index holds the seller's words with the listing's own, so "emer" finds the lapis
    of "Emerald Palace" as well as the emeralds; a row outside these sellers matched on what it is,
    and outranks them (a listing of such a seller that is an emerald ranks with the seller's others
    for a bare text word; a dictionary word such as "emerald" tells them apart exactly).
    """
    word = fold(word)
    if len(word) < 3:
        return None
    folded = snapshot.stats.get("seller_words")
    if folded is None:  # once per snapshot: folding every seller's words per query would cost more
        folded = snapshot.stats["seller_words"] = [(code, fold(text).split())
                                                   for code, text in snapshot.sellers.words.items()]
    codes = [code for code, words in folded
             if any(w.startswith(word) or (len(w) >= 3 and word.startswith(w)) for w in words)]
    return _dynamic_mask(snapshot, "seller", codes) if codes else None


def relevance_levels(text_match: TextFilter | None, matches: np.ndarray) -> tuple[tuple[int, np.ndarray], ...]:
    """(score, rows) for every score, highest first: the score of a row is how many of the query's
    dictionary words name what it *is* (variety, species, metal …) rather than something about it.

    The words' bits are added up bit-sliced (a ripple-carry adder over packed bits), so this costs
    a few dozen bit operations whatever the number of rows.
    """
    planes: list[np.ndarray] = []
    for bits in text_match.strong if text_match else ():
        carry = bits & matches
        for i, plane in enumerate(planes):
            planes[i], carry = plane ^ carry, plane & carry
        if carry.any():
            planes.append(carry)
    levels = []
    for score in range(2 ** len(planes) - 1, -1, -1):
        rows = matches.copy()
        for i, plane in enumerate(planes):
            rows &= plane if score >> i & 1 else ~plane
        if rows.any():
            levels.append((score, rows))
    return tuple(levels)
