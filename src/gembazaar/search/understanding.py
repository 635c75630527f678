"""Query understanding: the words of a query that name something in the catalogue's vocabularies.

A word such as "emerald", "22k", "bangles", "katlang" or "namak" is a word of a vocabulary label
(variety Emerald, shape Emerald cut, karat 22K …), of a seller's name, city or market, of a
country's name, or of a jewelry piece's set stones or a stone's trade colour. Such words are
matched in memory against those fields (what it points at: `Target`), exactly and fast, in the
buyer's language as well as in English; a misspelt one ("emrald") is corrected to the nearest
dictionary word. Every other word goes to the database's full-text index (text.py).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from django.utils import translation
from django_countries import countries

from gembazaar.catalogue import vocab
from gembazaar.core.text import fold

from .facets import FIXED_FACETS

TOKEN = re.compile(r"[^\W_]+")
# English stop words (most of PostgreSQL's list): dropped on both databases alike, so a query of
# "very" or "their" behaves the same on SQLite (FTS5 keeps every word) as on PostgreSQL.
_STOPWORDS = """
    a about above after again against all am an and any are as at be because been before being below between
    both but by can did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very was we were what
    when where which while who whom why will with without would you your yours yourself yourselves
"""
STOPWORDS = frozenset(_STOPWORDS.split())
SPELLINGS = {"jewellery": "jewelry", "jewelery": "jewelry", "color": "colour", "colors": "colours",
             "colorless": "colourless", "gray": "grey", "karats": "karat", "carats": "carat"}
STRONG_FACETS = frozenset({"species", "variety", "jewelry_type", "metal", "karat", "kind"})
MAX_WORDS = 12
FUZZY_CUTOFF = 0.8


@dataclass(frozen=True)
class Target:
    """One thing a dictionary word points at: a facet value, a short-text word, or a predicate."""

    facet: str  # a facet name, "word" (stones / trade colour), "unheated" or "certified"
    value: str | int  # vocabulary code, dynamic facet code, or the word
    strong: bool = False  # names what the item *is* (variety, metal …): ranks higher


# Trade words that are not labels but mean a filter exactly.
SYNONYMS = {
    "untreated": (Target("treatment", "N"),), "unenhanced": (Target("treatment", "N"),),
    "unheated": (Target("unheated", 0),), "certified": (Target("certified", 0),),
    "synthetic": (Target("nature", "synthetic"),), "created": (Target("nature", "synthetic"),),
}


def normalise(token: str) -> str:
    """A light stemmer for matching words with labels: plurals and -ing/-ed endings come off."""
    word = SPELLINGS.get(token, token)
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    return word


def tokens(text: str) -> list[str]:
    """Searchable words of a text: letters and digits only (no search syntax survives), no stopwords."""
    found = [t for t in TOKEN.findall(fold(text)) if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]
    return found[:MAX_WORDS]


def label_words(text: str) -> set[str]:
    return {normalise(token) for token in tokens(text)}


def _add(dictionary: dict[str, list[Target]], text: str, target: Target) -> None:
    for word in label_words(text):
        dictionary.setdefault(word, []).append(target)


@cache
def vocabulary_dictionary(language: str) -> dict[str, tuple[Target, ...]]:
    """Word → targets for every fixed vocabulary, with labels in English and in `language`."""
    dictionary: dict[str, list[Target]] = {}
    for lang in {"en", language}:
        with translation.override(lang):
            for spec in FIXED_FACETS:
                strong = spec.name in STRONG_FACETS
                for code, label in spec.terms():
                    target = Target(spec.name, code, strong)
                    _add(dictionary, str(label), target)
                    if spec.name == "karat":
                        _add(dictionary, f"{code}k", target)
            for locality in vocab.LOCALITIES:
                _add(dictionary, str(locality.region), Target("locality", locality.code))
    for word, targets in SYNONYMS.items():
        dictionary.setdefault(normalise(word), []).extend(targets)
    return {word: tuple(dict.fromkeys(targets)) for word, targets in dictionary.items()}


def catalogue_dictionary(*, language: str, sellers: dict[int, str], countries_in_use: dict[int, str],
                         short_words: set[str]) -> dict[str, tuple[Target, ...]]:
    """The vocabularies plus what the catalogue holds now: sellers (name, city, market), the
    countries of origin in use, and the words of set stones and trade colours."""
    dictionary = {word: list(targets) for word, targets in vocabulary_dictionary(language).items()}
    for code, text in sellers.items():
        _add(dictionary, text, Target("seller", code))
    with translation.override(language):
        for code, country in countries_in_use.items():
            _add(dictionary, f"{countries.name(country)} {country}", Target("origin_country", code))
    for word in short_words:
        dictionary.setdefault(word, []).append(Target("word", word))
    return {word: tuple(dict.fromkeys(targets)) for word, targets in dictionary.items()}


@dataclass(frozen=True)
class QueryPlan:
    concepts: tuple[tuple[str, tuple[Target, ...]], ...]  # (word as typed, what it matches)
    text_terms: tuple[str, ...]  # words for the full-text index, as typed (folded)
    prefix_last: bool  # the last text term may be unfinished: match it as a prefix
    corrections: dict[str, str]  # misspelt word → the dictionary word used instead


def plan_query(q: str, dictionary: dict[str, tuple[Target, ...]], *, has_text_matches) -> QueryPlan:
    """Split a query into dictionary words and full-text words.

    `has_text_matches(word)` says whether the full-text index knows a word; a word that is in
    neither is corrected to the closest dictionary word when one is close enough.
    """
    concepts, text_terms, corrections = [], [], {}
    words = tokens(q)
    for position, token in enumerate(words):
        word = normalise(token)
        if word in dictionary:
            concepts.append((token, dictionary[word]))
            continue
        last = position == len(words) - 1
        if len(word) >= 4 and not has_text_matches(token, last):
            close = difflib.get_close_matches(word, dictionary.keys(), n=1, cutoff=FUZZY_CUTOFF)
            if close:
                corrections[token] = close[0]
                concepts.append((token, dictionary[close[0]]))
                continue
        text_terms.append(token)
    prefix_last = bool(text_terms) and bool(words) and text_terms[-1] == words[-1]
    return QueryPlan(tuple(concepts), tuple(text_terms), prefix_last, corrections)

