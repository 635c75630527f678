"""What can be filtered and counted: the facets, flags and ranges of the search, as data.

Every multi-valued filter (types.MULTI_FILTERS) is a FacetSpec; every range (types.RANGE_FILTERS) a
RangeSpec. The index (index.py) stores one small-integer code column per facet, code 0 meaning
"blank", codes 1… following the vocabulary's order, so the order of values on the page is the
vocabulary's (the trade's) order, not the database's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import Listing

FIXED = "fixed"  # codes come from a vocabulary in code; a bitset per value is kept (bitsets.py)
DYNAMIC = "dynamic"  # codes are assigned as values appear (sellers, countries); counted by bincount


@dataclass(frozen=True)
class FacetSpec:
    name: str  # the URL parameter and the index column
    label: str | Promise
    kind: str  # FIXED or DYNAMIC
    terms: Callable[[], tuple[tuple[str, str | Promise], ...]] | None = None  # FIXED: (code, label) in order
    by_count: bool = False  # list values by count (long lists) rather than in vocabulary order


def _kinds():
    return tuple(Listing.Kind.choices)


def _terms(items) -> Callable[[], tuple[tuple[str, str | Promise], ...]]:
    return lambda: tuple((t.code, t.label) for t in items)


def _varieties():
    return tuple((v.code, v.label) for s in vocab.SPECIES for v in s.varieties)


def _clarities():
    # One facet for both scales: a stone's grade is on the scale of its species (validation.py).
    return tuple((t.code, t.label) for t in (*vocab.COLOURED_CLARITY, *vocab.DIAMOND_CLARITY))


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec("kind", _("Kind"), FIXED, _kinds),
    FacetSpec("species", _("Species"), FIXED, _terms(vocab.SPECIES)),
    FacetSpec("variety", _("Variety"), FIXED, _varieties),
    FacetSpec("shape", _("Shape"), FIXED, _terms(vocab.SHAPES)),
    FacetSpec("cutting_style", _("Cutting style"), FIXED, _terms(vocab.CUTTING_STYLES)),
    FacetSpec("colour", _("Colour"), FIXED, _terms(vocab.COLOURS)),
    FacetSpec("clarity", _("Clarity"), FIXED, _clarities),
    # Multi-valued per listing ("H,F"): a listing counts under each of its codes.
    FacetSpec("treatment", _("Treatment"), FIXED, _terms(vocab.TREATMENTS)),
    FacetSpec("nature", _("Nature"), FIXED, _terms(vocab.NATURES)),
    # What an imitation imitates (its species is what it is made of): "imitation ruby" finds glass
    # imitating ruby, while a species or variety filter never returns it.
    FacetSpec("imitates", _("Imitates"), FIXED, _terms(vocab.IMITABLE)),
    FacetSpec("origin_country", _("Country of origin"), DYNAMIC, by_count=True),
    FacetSpec("locality", _("Locality"), FIXED, _terms(vocab.LOCALITIES)),
    FacetSpec("lab", _("Laboratory"), FIXED, _terms(vocab.LABS)),
    FacetSpec("seller", _("Seller"), DYNAMIC, by_count=True),
    FacetSpec("jewelry_type", _("Jewelry type"), FIXED, _terms(vocab.JEWELRY_TYPES)),
    FacetSpec("metal", _("Metal"), FIXED, _terms(vocab.METALS)),
    FacetSpec("karat", _("Karat"), FIXED, _terms(vocab.KARATS)),
)
FACETS_BY_NAME = {spec.name: spec for spec in FACETS}
FIXED_FACETS = tuple(spec for spec in FACETS if spec.kind == FIXED)
TREATMENT_BITS = {t.code: 1 << i for i, t in enumerate(vocab.TREATMENTS)}
UNTREATED_BITS = TREATMENT_BITS[vocab.NOT_ENHANCED]

FLAG_LABELS = {
    "untreated": _("Untreated only"),
    "certified": _("Certified only"),
    # Public listings are those of verified sellers already: the flag is kept for the URL and
    # the page, and matches every public listing.
    "verified": _("Verified sellers only"),
}


@cache
def codes_of(name: str) -> dict[str, int]:
    """Value → code of a FIXED facet (code 0 is blank)."""
    return {code: i for i, (code, _label) in enumerate(FACETS_BY_NAME[name].terms(), start=1)}


@cache
def values_of(name: str) -> tuple[str, ...]:
    """Code → value of a FIXED facet; index 0 is the blank value."""
    return ("", *(code for code, _label in FACETS_BY_NAME[name].terms()))


def is_known_value(name: str, value: str) -> bool:
    """Whether a filter value can exist (sellers are checked for shape only: unknown ones match nothing)."""
    if name == "origin_country":
        return value in dict(countries)
    if name == "seller":
        return bool(value) and len(value) <= 80 and all(c.isalnum() or c in "-_" for c in value)
    return value in codes_of(name)


# --- Ranges ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RangeSpec:
    name: str  # the parameter prefix: <name>_min, <name>_max
    label: str | Promise
    unit: str  # shown beside the numbers; "price" is in the buyer's currency instead
    scale: int  # stored as an exact integer: value × scale (carat in milli-carats …)
    places: int  # decimal places a bound may have in the URL


RANGES: tuple[RangeSpec, ...] = (
    RangeSpec("carat", _("Weight"), "ct", 1000, 3),
    RangeSpec("length_mm", _("Length"), "mm", 100, 2),
    RangeSpec("width_mm", _("Width"), "mm", 100, 2),
    RangeSpec("depth_mm", _("Depth"), "mm", 100, 2),
    RangeSpec("price", _("Price"), "USD", 100, 2),  # reference price in US cents
    RangeSpec("metal_weight_g", _("Net metal weight"), "g", 1000, 3),
)
RANGES_BY_NAME = {spec.name: spec for spec in RANGES}
NO_VALUE = -1  # stored where a listing has no such measure (a ring has no carat); never in a range


def nice_grid() -> tuple[Decimal, ...]:
    """Histogram bin edges: 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k from 10^-3 to 10^10.

    Fixed edges let the index give every row its fine bin once, at load; a request then only
    counts rows per fine bin and merges neighbours into ~16 bars with round-number edges.
    """
    steps = ("1", "1.25", "1.5", "2", "2.5", "3", "4", "5", "6", "8")
    return tuple(Decimal(step).scaleb(exponent) for exponent in range(-3, 11) for step in steps)
