"""What a reader sees of a page, and the Latin-script words in it that are not data: the check that
an Urdu or Arabic page has no English interface text (tests/test_interface_language.py, and the
browser journeys in tests/browser/test_first_hour.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from gembazaar.catalogue import vocab

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
# Written in Latin letters in every language of the trade: the brand, currency and unit codes,
# laboratories, karat and fineness marks, treatment codes, document formats, payment networks.
TRADE_CODES = {
    "GemBazaar", "Rs", "ct", "mm", "xlsx", "jpg", "WebP", "OpenAPI", "Excel", "gbz",
    "Raast", "Visa", "Mastercard", "Stripe", "Safepay",
    *(word for lab in vocab.LABS for word in LATIN_WORD.findall(f"{lab.code} {lab.label}")),
}
ACRONYM = re.compile(r"[A-Z]{2,6}")  # ISO codes (USD, PK), HS, SKU, NTN, CNIC, GIA: written so in Urdu and Arabic
# Names a person must type or will find in a file exactly so: CSV columns, a spreadsheet's sheet.
FILE_NAMES = {"Legend"}
CODE_LIST = re.compile(r"\b[a-z_]+(?:[,،] ?[a-z_]+){3,}")  # "kind, metal, fineness, unit, …": CSV columns
# Example data in help texts and placeholders: a business name, a rate source, a membership number.
EXAMPLES = set()
# An example quoted in a help text, as each language quotes: “Swat Emerald House (Pvt) Ltd”, ”…“, «…».
QUOTED = re.compile(r"“[^”]*”|”[^“]*“|«[^»]*»")
PATH = re.compile(r"\S*/\S*")  # addresses and file paths (/api/v1/seller/) are not words
# The marketplace's own identifiers: a checkout reference GBC-2612-HWYQPAG7, an order GB-2612-CQFZM, an
# invoice S0012-2026-000017. Their random letters are not words (seven in a row once failed a run).
IDENTIFIER = re.compile(r"\b[A-Z]{1,4}\d{0,6}-\d{4}-[A-Z0-9]{4,10}\b")
SKIP_ELEMENTS = {"script", "style", "svg", "code", "pre", "noscript", "template"}
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


class VisibleText(HTMLParser):
    """The text a reader sees or hears, with the words of elements marked translate="no" left out."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in {"html", "body"}:
            return
        other_language = values.get("lang") not in (None, self.language)  # e.g. "English" in the picker
        if tag in SKIP_ELEMENTS or values.get("translate") == "no" or other_language:
            self._skip.append(tag)
            return
        if self._skip:
            return
        self.parts += [values[name] for name in READ_ATTRIBUTES if values.get(name)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def latin_words(html: str, own_data: set[str], language: str = "ur") -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    found = []
    for part in parser.parts:
        text = IDENTIFIER.sub(" ", CODE_LIST.sub(" ", PATH.sub(" ", QUOTED.sub(" ", part))))
        for word in LATIN_WORD.findall(text):
            if (word not in own_data and word not in TRADE_CODES and word not in EXAMPLES and word not in FILE_NAMES
                    and not ACRONYM.fullmatch(word)):
                found.append(word)
    return found
