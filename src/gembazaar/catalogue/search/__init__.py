"""Catalogue search: faceted, full-text, keyset-paged; fast at a million listings.

    params = parse_search_params(request.GET)   # ValidationError keyed by parameter name
    result = run_search(params)                 # SearchResult (types.py)

See docs/ARCHITECTURE.md ("Search") for how it works and docs/PERFORMANCE.md for its figures.
"""

from .engine import run_search
from .params import parse_search_params
from .types import (
    Chip,
    Facet,
    FacetValue,
    HistogramBin,
    RangeFacet,
    Relaxation,
    SearchParams,
    SearchResult,
)

__all__ = [
    "Chip", "Facet", "FacetValue", "HistogramBin", "RangeFacet", "Relaxation", "SearchParams", "SearchResult",
    "parse_search_params", "run_search",
]
