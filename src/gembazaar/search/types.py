"""The search module's public shapes. Views, the API and saved searches use only these.

    params = parse_search_params(request.GET)   # raises ValidationError keyed by parameter name
    result = run_search(params)                 # SearchResult

Everything else in this package is internal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings

# Multi-valued filters: parameter name → the vocabulary of allowed codes (see FACETS in facets.py).
# Facets come back in this order, followed by the flags as one-value facets (value "1").
# A parameter may repeat (?species=beryl&species=corundum) or hold commas (?species=beryl,corundum).
MULTI_FILTERS = (
    "kind", "species", "variety", "shape", "cutting_style", "colour", "clarity", "treatment", "nature", "imitates",
    "origin_country", "locality", "lab", "seller", "jewelry_type", "metal", "karat",
)
# Range filters: parameter name prefix → unit. Each has `<name>_min` and `<name>_max`.
RANGE_FILTERS = ("carat", "length_mm", "width_mm", "depth_mm", "price", "metal_weight_g")
# Boolean filters.
FLAG_FILTERS = ("untreated", "certified", "verified")
SORTS = ("relevance", "price_asc", "price_desc", "carat_asc", "carat_desc", "newest")
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 24


@dataclass(frozen=True)
class SearchParams:
    """A validated search: the whole state that the URL holds."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # MULTI_FILTERS, values sorted
    ranges: dict[str, tuple[Decimal | None, Decimal | None]] = field(default_factory=dict)  # RANGE_FILTERS
    flags: frozenset[str] = frozenset()  # FLAG_FILTERS that are on
    currency: str = "USD"  # the currency price_min/price_max are given in
    sort: str = "relevance"
    page_size: int = DEFAULT_PAGE_SIZE
    cursor: str | None = None  # opaque keyset cursor from a previous SearchResult

    def to_query_string(self, *, without: tuple[str, str | None] | None = None, cursor: str | None = None) -> str:
        """The URL query string for this state (stable order), optionally minus one filter value.

        `without=("species", "beryl")` drops one value; `without=("carat", None)` drops a range or
        flag or `q`. Used for removable chips, zero-result help and saved searches. The cursor is
        part of the string only when given: a changed filter or sort starts from the first page.
        """
        return query_string(self, without=without, cursor=cursor)


@dataclass(frozen=True)
class FacetValue:
    value: str  # the code, as used in the URL
    label: str
    # Results with every *other* filter applied that have this value: the total the search would
    # have with this facet set to this value alone. Values with no such result are left out,
    # unless selected; fixed vocabularies keep their order, sellers and countries go by count.
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the parameter name
    label: str
    values: list[FacetValue]


@dataclass(frozen=True)
class HistogramBin:
    lower: Decimal
    upper: Decimal
    count: int


@dataclass(frozen=True)
class RangeFacet:
    name: str  # carat, price, metal_weight_g …
    label: str
    unit: str  # "ct", "g", "mm"; for price the buyer's currency (params.currency)
    minimum: Decimal | None  # over the results with every other filter applied; None if none has one
    maximum: Decimal | None
    selected_min: Decimal | None
    selected_max: Decimal | None
    bins: list[HistogramBin]  # ≤ 16 bars with round edges (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ)


@dataclass(frozen=True)
class Chip:
    """A selected filter, shown as a removable chip."""

    param: str
    value: str | None
    label: str
    remove_query: str  # the query string without this filter


@dataclass(frozen=True)
class Relaxation:
    """Zero-result help: 'remove untreated only to see 37 stones'."""

    chip: Chip
    count: int


@dataclass
class SearchResult:
    params: SearchParams
    listing_ids: list[int]  # this page, in order
    listings: list  # the Listing objects of this page with card data (same order)
    # `next_cursor` / `previous_cursor`: pass as SearchParams.cursor (or ?cursor=) for the next or
    # previous page; None when there is none. Keyset: pages never shift as listings are added.
    total: int
    facets: list[Facet]
    ranges: list[RangeFacet]
    chips: list[Chip]
    relaxations: list[Relaxation]  # filled only when total == 0
    next_cursor: str | None
    previous_cursor: str | None
    took_ms: float = 0.0


# --- The canonical query string --------------------------------------------------------------


def plain_decimal(value: Decimal) -> str:
    """1.500 → "1.5", 1E+3 → "1000": the shortest exact spelling, never an exponent."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def query_string(params: SearchParams, *, without: tuple[str, str | None] | None = None,
                 cursor: str | None = None) -> str:
    """The parameters in a stable order; `without` drops one value, a range, a flag or q."""
    drop_name, drop_value = without or (None, None)
    pairs: list[tuple[str, str]] = []
    if params.q and drop_name != "q":
        pairs.append(("q", params.q))
    for name in MULTI_FILTERS:
        values = [v for v in params.filters.get(name, ()) if not (name == drop_name and v == drop_value)]
        if values and not (name == drop_name and drop_value is None):
            pairs.append((name, ",".join(values)))
    for name in RANGE_FILTERS:
        if name == drop_name or name not in params.ranges:
            continue
        low, high = params.ranges[name]
        if low is not None:
            pairs.append((f"{name}_min", plain_decimal(low)))
        if high is not None:
            pairs.append((f"{name}_max", plain_decimal(high)))
    pairs += [(name, "1") for name in FLAG_FILTERS if name in params.flags and name != drop_name]
    # A price range is meaningless without its currency: keep it in the link so it reads the same
    # for a buyer whose display currency differs.
    has_price_range = "price" in params.ranges and drop_name != "price"
    if params.currency != settings.REFERENCE_CURRENCY or has_price_range:
        pairs.append(("currency", params.currency))
    if params.sort != "relevance":
        pairs.append(("sort", params.sort))
    if params.page_size != DEFAULT_PAGE_SIZE:
        pairs.append(("page_size", str(params.page_size)))
    if cursor:
        pairs.append(("cursor", cursor))
    return "&".join(f"{name}={quote(value, safe=',-_.:')}" for name, value in pairs)
