"""The words a listing is found by: `Listing.search_text`, built in one place for every writer.

Title, description (tags stripped), the English labels of its vocabulary values (species,
variety, shape, colour, nature, treatments, locality and region, country, jewelry type, metal,
karat), the set stones, and the seller's trade name, city and market. The services, the import
and the demo seeder all call `listing_search_text`; the database indexes the result (search/text.py).

English only: full-text stemming is English; buyers searching in another language still match
codes and names, and query understanding (search/understanding.py) maps their words to the vocabularies.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import cache

from django.utils import translation
from django_countries import countries

from . import vocab
from .models import Listing

TAG = re.compile(r"<[^>]*>")
MAX_LENGTH = 20_000


@cache
def _labels() -> dict[tuple[str, str], str]:
    """(vocabulary, code) → English label, resolved once: lazy labels cost microseconds each."""
    with translation.override("en"):
        labels = {("kind", code): str(label) for code, label in Listing.Kind.choices}
        groups = {
            "species": vocab.SPECIES, "variety": [v for s in vocab.SPECIES for v in s.varieties],
            "imitates": vocab.IMITABLE,
            "shape": vocab.SHAPES, "cutting_style": vocab.CUTTING_STYLES, "colour": vocab.COLOURS,
            "nature": vocab.NATURES, "treatment": vocab.TREATMENTS, "phenomena": vocab.PHENOMENA,
            "clarity": (*vocab.COLOURED_CLARITY, *vocab.DIAMOND_CLARITY), "lab": vocab.LABS,
            "jewelry_type": vocab.JEWELRY_TYPES, "metal": vocab.METALS,
        }
        for group, terms in groups.items():
            labels.update({(group, term.code): str(term.label) for term in terms})
        for locality in vocab.LOCALITIES:
            labels[("locality", locality.code)] = f"{locality.label} {locality.region}"
    return labels


@cache
def _country(code: str) -> str:
    with translation.override("en"):
        return str(countries.name(code)) if code else ""


def plain_text(description: str) -> str:
    """Sanitised HTML as words: tags become spaces, entities their characters."""
    return html.unescape(TAG.sub(" ", description or ""))


def _spec_words(kind: str, gem: Mapping | None, jewelry: Mapping | None) -> Iterable[str]:
    labels = _labels()
    yield labels.get(("kind", kind), "")
    if gem:
        for field in ("species", "variety", "imitates", "shape", "cutting_style", "colour", "nature", "clarity",
                      "lab"):
            yield labels.get((field, gem.get(field) or ""), "")
        yield gem.get("trade_colour") or ""
        for code in str(gem.get("treatments") or "").split(","):
            yield labels.get(("treatment", code), "")
        for code in str(gem.get("phenomena") or "").split(","):
            yield labels.get(("phenomena", code), "")
    if jewelry:
        yield labels.get(("jewelry_type", jewelry.get("jewelry_type") or ""), "")
        yield labels.get(("metal", jewelry.get("metal") or ""), "")
        if jewelry.get("karat"):
            yield f"{jewelry['karat']}K"
        yield jewelry.get("stones") or ""


def listing_search_text(*, title: str, description: str, kind: str, origin_country: str = "",
                        origin_locality: str = "", gem: Mapping | None = None, jewelry: Mapping | None = None,
                        seller_name: str = "", seller_city: str = "", seller_market: str = "") -> str:
    """The text a listing is found by (see the module docstring for what goes in)."""
    parts = [title, plain_text(description), *_spec_words(kind, gem, jewelry),
             _labels().get(("locality", origin_locality), ""), _country(str(origin_country or "")),
             seller_name, seller_city, seller_market]
    return " ".join(" ".join(part.split()) for part in parts if part)[:MAX_LENGTH]


def search_text_of(listing) -> str:
    """`listing_search_text` for a saved Listing with its spec and seller."""
    spec = listing.spec
    gem = jewelry = None
    if spec is not None:
        values = {f.attname: getattr(spec, f.attname) for f in spec._meta.concrete_fields}
        gem, jewelry = (None, values) if listing.kind == "jewelry" else (values, None)
    seller = listing.seller
    return listing_search_text(title=listing.title, description=listing.description, kind=listing.kind,
                               origin_country=str(listing.origin_country or ""),
                               origin_locality=listing.origin_locality, gem=gem, jewelry=jewelry,
                               seller_name=seller.trade_name, seller_city=seller.city, seller_market=seller.market)
