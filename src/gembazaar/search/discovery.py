"""What the home page shows, read from the search engine's snapshot instead of the database.

The counts of every listing on sale by variety, species and seller are kept with the snapshot
(an unfiltered search costs nothing extra), and its newest page is a keyset read: so the home
page does not grow with the catalogue. The database is asked only for the featured listings
(an indexed flag) and the few sellers shown, by primary key.
"""

from __future__ import annotations

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import Listing
from gembazaar.catalogue.selectors import gem_variety_tiles, listings_featured_only
from gembazaar.sellers.models import Seller

from .engine import run_search
from .params import parse_search_params
from .types import SearchResult


def _facet_counts(result: SearchResult, name: str) -> dict[str, int]:
    facet = next((facet for facet in result.facets if facet.name == name), None)
    return {value.value: value.count for value in facet.values} if facet else {}


def _newest(kind: str, limit: int, *, featured: list[Listing]) -> list[Listing]:
    """Featured first, filled up with the newest (the engine's first page)."""
    if len(featured) >= limit:
        return featured[:limit]
    seen = {listing.pk for listing in featured}
    page = run_search(parse_search_params({"kind": kind, "sort": "newest", "page_size": str(limit * 2)})).listings
    return featured + [listing for listing in page if listing.pk not in seen][: limit - len(featured)]


def variety_counts(result: SearchResult) -> dict[tuple[str, str], int]:
    """(species, variety) → listings on sale; a species without varieties counts as (species, "")."""
    counts = {(vocab.VARIETY_TO_SPECIES.get(code, ""), code): count
              for code, count in _facet_counts(result, "variety").items()}
    for code, count in _facet_counts(result, "species").items():
        species = vocab.SPECIES_BY_CODE.get(code)
        if species is not None and not species.varieties:
            counts[(code, "")] = count
    return counts


def top_sellers(result: SearchResult, *, limit: int) -> list[Seller]:
    """The verified sellers with the most listings on sale, each with `listing_count` set."""
    counts = sorted(_facet_counts(result, "seller").items(), key=lambda item: (-item[1], item[0]))[:limit]
    by_slug = Seller.objects.filter(status=Seller.Status.VERIFIED).in_bulk([slug for slug, _count in counts],
                                                                             field_name="slug")
    sellers = []
    for slug, count in counts:
        if (seller := by_slug.get(slug)) is not None:
            seller.listing_count = count
            sellers.append(seller)
    return sellers


def home_context() -> dict:
    everything = run_search(parse_search_params({"page_size": "1"}))
    return {
        "featured_gems": _newest(Listing.Kind.GEMSTONE.value, 8,
                                 featured=listings_featured_only(kind=Listing.Kind.GEMSTONE, limit=8)),
        "featured_jewelry": _newest(Listing.Kind.JEWELRY.value, 4,
                                    featured=listings_featured_only(kind=Listing.Kind.JEWELRY, limit=4)),
        "sellers": top_sellers(everything, limit=6),
        "varieties": gem_variety_tiles(variety_counts(everything), limit=8),
    }
