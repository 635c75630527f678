"""Text helpers shared by the catalogue (a listing's search words) and search (query understanding)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents: "Gübelin" → "gubelin", "Paraíba" → "paraiba"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "").replace("’", "")
