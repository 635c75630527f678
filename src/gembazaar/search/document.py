"""The typo lexicon: every word that occurs in some listing's search text (SearchWord), which
typo correction (text.py) draws on. Writers add the words of what they write: catalogue.services
through the `listing_words_written` signal (apps.py), the import and the demo seeder directly."""

from __future__ import annotations

import re
from collections.abc import Iterable

from gembazaar.core.text import fold

from .models import SearchWord

WORD = re.compile(r"[^\W\d_]{3,30}")  # lexicon words: letters only, long enough to be misspelt


def lexicon_words(text: str) -> set[str]:
    """The distinct words of a search text, for the typo lexicon (text.py), accents folded."""
    words = set(WORD.findall(text.lower()))
    # Folding is slow per character: do it only for the few words that need it.
    return {word if word.isascii() else fold(word) for word in words}


def lexicon_words_of_many(texts: Iterable[str]) -> set[str]:
    """lexicon_words of many texts at once: repeated chunks of text are looked at once (the seeder)."""
    chunks: set[str] = set()
    for text in texts:
        chunks.update(text.lower().split())
    return lexicon_words(" ".join(chunks))


def lexicon_add(words: Iterable[str]) -> None:
    """Record words in the lexicon (words already there are left alone)."""
    SearchWord.objects.bulk_create([SearchWord(word=word) for word in sorted(set(words))], batch_size=500,
                                   ignore_conflicts=True)
