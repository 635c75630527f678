"""Reads of the catalogue that buyers see. Seller-private reads take the acting seller."""

from __future__ import annotations

from django.db.models import QuerySet

from gembazaar.sellers.models import Seller

from . import vocab
from .models import BulkJob, Listing


def listings_public(*, kind: str | None = None, seller: Seller | None = None) -> QuerySet[Listing]:
    """Listings on sale, with everything a card shows, newest first."""
    queryset = Listing.objects.public().with_card_data()
    if kind:
        queryset = queryset.filter(kind=kind)
    if seller is not None:
        queryset = queryset.filter(seller=seller)
    return queryset.order_by("-published_at", "-id")


def listing_get_public(*, listing_id: int) -> Listing:
    """One listing a buyer may see, with its seller's returns policy; raises Listing.DoesNotExist otherwise."""
    return Listing.objects.public().with_card_data().select_related("seller__returns_policy").get(pk=listing_id)


def listing_get_for_seller(*, seller: Seller, listing_id: int) -> Listing:
    """A seller's own listing, whatever its status; another seller's id raises DoesNotExist."""
    return Listing.objects.with_card_data().get(pk=listing_id, seller=seller)


def listings_of_seller_selected(*, seller: Seller, listing_ids: list[int] | None = None,
                                skus: list[str] | None = None, status: str | None = None) -> QuerySet[Listing]:
    """The seller's own listings among the ids or SKUs given, or all of them (with `status`, only
    those in it): a bulk action's selection. Another seller's ids and SKUs match nothing."""
    queryset = Listing.objects.filter(seller=seller)
    if listing_ids is not None:
        queryset = queryset.filter(pk__in=listing_ids)
    if skus is not None:
        queryset = queryset.filter(sku__in=skus)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def bulk_jobs_for_seller(*, seller: Seller) -> QuerySet[BulkJob]:
    return BulkJob.objects.filter(seller=seller).select_related("created_by")


def bulk_job_get_for_seller(*, seller: Seller, job_id: int) -> BulkJob:
    """One of the seller's bulk actions; another seller's id raises BulkJob.DoesNotExist (→ 404)."""
    return bulk_jobs_for_seller(seller=seller).get(pk=job_id)


def listings_with_origin_held() -> QuerySet[Listing]:
    """The council's queue: listings whose origin is unusual for the stone, the longest-waiting first."""
    return (Listing.objects.filter(origin_review=Listing.OriginReview.HELD)
            .exclude(status=Listing.Status.ARCHIVED)
            .select_related("seller", "gem").order_by("updated_at", "id"))


def listing_get_origin_held(*, listing_id: int) -> Listing:
    """One listing of the origin queue; raises Listing.DoesNotExist when it is not (or no longer) held."""
    return listings_with_origin_held().get(pk=listing_id)


# --- Storefront browsing ---------------------------------------------------------------------

# Tiles shown on the home page until enough stock exists to rank varieties by listings.
POPULAR_VARIETY_DEFAULTS = (
    ("beryl", "emerald"), ("corundum", "ruby"), ("spinel", ""), ("topaz", "pink_topaz"),
    ("olivine", "peridot"), ("beryl", "aquamarine"), ("tourmaline", "green_tourmaline"), ("lapis_lazuli", ""),
)


def listings_more_from_seller(*, listing: Listing, limit: int = 4) -> list[Listing]:
    """Other listings of the same seller, for the bottom of a listing page."""
    return list(listings_public(seller=listing.seller).exclude(pk=listing.pk)[:limit])


def gem_variety_tiles(counts: dict[tuple[str, str], int], *, limit: int = 8) -> list[dict]:
    """Home-page tiles from listing counts per (species, variety) ("" for a species without
    varieties): the most listed first, filled up with the trade's best-known Pakistani stones so
    the home page always has tiles. No query: the counts come from whoever keeps them (search)."""
    ranked = sorted(((key, count) for key, count in counts.items() if count), key=lambda kc: (-kc[1], kc[0]))
    rows = [{"species": species, "variety": variety, "count": count} for (species, variety), count in ranked[:limit]]
    seen = {(row["species"], row["variety"]) for row in rows}
    for species, variety in POPULAR_VARIETY_DEFAULTS:
        if len(rows) >= limit:
            break
        if (species, variety) not in seen:
            rows.append({"species": species, "variety": variety, "count": 0})
    for row in rows:
        species = vocab.SPECIES_BY_CODE.get(row["species"])
        term = vocab.VARIETIES_BY_CODE.get(row["variety"]) or species
        row["label"] = term.label if term else row["species"]
        row["colour"] = getattr(term, "colour", "") or "grey"
    return rows


def listings_featured_only(*, kind: str, limit: int) -> list[Listing]:
    """Listings staff marked as featured, newest first (the featured flag is indexed)."""
    return list(listings_public(kind=kind).filter(is_featured=True)[:limit])


def listings_public_filter(
    *, kind: str | None = None, seller_slug: str | None = None, species: str | None = None
) -> QuerySet[Listing]:
    """Public listings narrowed by simple filters (an unknown seller slug matches nothing)."""
    queryset = listings_public(kind=kind)
    if seller_slug:
        queryset = queryset.filter(seller__slug=seller_slug)
    if species:
        queryset = queryset.filter(gem__species=species)
    return queryset
