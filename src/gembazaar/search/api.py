"""GET /api/v1/search: the search page's engine as JSON (same parameters, facets, keyset pages).

The parameters are declared for the OpenAPI schema, but read by the search module itself
(parse_search_params), so the API and the page accept exactly the same URLs and name the same
parameter in a 422.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from gembazaar.catalogue.schemas import ListingCardOut
from gembazaar.core.api import DecimalString, ValidationErrorOut

from .engine import run_search
from .params import parse_search_params
from .types import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SORTS, plain_decimal

search_router = Router(tags=["search"])
LIST_HELP = "Repeat the parameter or separate values with commas; a listing matches any of them."


class SearchQuery(Schema):
    q: str | None = Field(None, description="Words to find (at most 200 characters); typos are forgiven.")
    kind: list[str] | None = Field(None, description="gemstone, jewelry, lot. " + LIST_HELP)
    species: list[str] | None = Field(None, description="Species codes (see /vocabularies/species). " + LIST_HELP)
    variety: list[str] | None = Field(None, description="Variety codes. " + LIST_HELP)
    shape: list[str] | None = Field(None, description=LIST_HELP)
    cutting_style: list[str] | None = Field(None, description=LIST_HELP)
    colour: list[str] | None = Field(None, description=LIST_HELP)
    clarity: list[str] | None = Field(None, description="Coloured-stone or diamond grades. " + LIST_HELP)
    treatment: list[str] | None = Field(None, description="AGTA codes: listings with any of them. " + LIST_HELP)
    nature: list[str] | None = Field(None, description=LIST_HELP)
    origin_country: list[str] | None = Field(None, description="ISO 3166-1 alpha-2 codes. " + LIST_HELP)
    locality: list[str] | None = Field(None, description=LIST_HELP)
    lab: list[str] | None = Field(None, description=LIST_HELP)
    imitates: list[str] | None = Field(None, description="Imitations of these varieties (their species is what "
                                                         "they are made of). " + LIST_HELP)
    seller: list[str] | None = Field(None, description="Seller slugs. " + LIST_HELP)
    jewelry_type: list[str] | None = Field(None, description=LIST_HELP)
    metal: list[str] | None = Field(None, description=LIST_HELP)
    karat: list[str] | None = Field(None, description="24, 22, 21, 18, 14, 10, 9. " + LIST_HELP)
    carat_min: str | None = Field(None, description="Weight in carats, inclusive.")
    carat_max: str | None = None
    length_mm_min: str | None = None
    length_mm_max: str | None = None
    width_mm_min: str | None = None
    width_mm_max: str | None = None
    depth_mm_min: str | None = None
    depth_mm_max: str | None = None
    price_min: str | None = Field(None, description="In `currency`, compared with the reference price (USD).")
    price_max: str | None = None
    metal_weight_g_min: str | None = Field(None, description="Net metal weight in grams.")
    metal_weight_g_max: str | None = None
    # Flags are strings so that the search module, not the schema, decides: 1/true/on/yes or 0/false/off/no/"".
    untreated: str | None = Field(None, description="1: only stones declared not enhanced (N).")
    certified: str | None = Field(None, description="1: only stones with a laboratory report.")
    verified: str | None = Field(None, description="1: only verified sellers (every listing on sale is).")
    currency: str | None = Field(None, description="Currency of price_min/price_max and of prices in facets; USD.")
    sort: str | None = Field(None, description="One of: " + ", ".join(SORTS) + " (default relevance).")
    page_size: str | None = Field(None, description=f"1 to {MAX_PAGE_SIZE}; default {DEFAULT_PAGE_SIZE}.")
    cursor: str | None = Field(None, description="next_cursor or previous_cursor of a previous answer.")


class FacetValueOut(Schema):
    value: str
    label: str
    count: int = Field(description="Listings matching the other filters that have this value.")
    selected: bool


class FacetOut(Schema):
    name: str = Field(description="The parameter name; flags (untreated, certified, verified) have one value, 1.")
    label: str
    values: list[FacetValueOut]


class HistogramBinOut(Schema):
    lower: DecimalString
    upper: DecimalString
    count: int


class RangeOut(Schema):
    name: str
    label: str
    unit: str
    minimum: DecimalString | None
    maximum: DecimalString | None
    selected_min: DecimalString | None
    selected_max: DecimalString | None
    bins: list[HistogramBinOut]


class ChipOut(Schema):
    param: str
    value: str | None
    label: str
    remove_query: str = Field(description="The query string without this filter.")


class RelaxationOut(Schema):
    chip: ChipOut
    count: int = Field(description="Listings found without this filter.")


class SearchOut(Schema):
    items: list[ListingCardOut]
    total: int
    facets: list[FacetOut]
    ranges: list[RangeOut]
    chips: list[ChipOut]
    relaxations: list[RelaxationOut] = Field(description="When nothing matches: what removing each filter finds.")
    next_cursor: str | None
    previous_cursor: str | None
    took_ms: float


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else plain_decimal(value)


@search_router.get("/search", response={200: SearchOut, 422: ValidationErrorOut}, operation_id="search",
                   summary="Search listings with facets")
def search(request: HttpRequest, filters: Query[SearchQuery]):
    """Full-text and faceted search over listings on sale, with keyset pages that stay stable."""
    result = run_search(parse_search_params(request.GET))
    return {
        "items": result.listings, "total": result.total,
        "facets": [{"name": f.name, "label": f.label, "values": [vars(v) for v in f.values]} for f in result.facets],
        "ranges": [{"name": r.name, "label": r.label, "unit": r.unit, "minimum": _decimal(r.minimum),
                    "maximum": _decimal(r.maximum), "selected_min": _decimal(r.selected_min),
                    "selected_max": _decimal(r.selected_max),
                    "bins": [{"lower": _decimal(b.lower), "upper": _decimal(b.upper), "count": b.count}
                             for b in r.bins]} for r in result.ranges],
        "chips": [vars(chip) for chip in result.chips],
        "relaxations": [{"chip": vars(r.chip), "count": r.count} for r in result.relaxations],
        "next_cursor": result.next_cursor, "previous_cursor": result.previous_cursor, "took_ms": result.took_ms,
    }
