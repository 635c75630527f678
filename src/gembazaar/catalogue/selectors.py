"""Reads of the catalogue that buyers see. Seller-private reads take the acting seller."""

from __future__ import annotations

from django.db.models import QuerySet

from gembazaar.sellers.models import Seller

from .models import Listing


def listings_public(*, kind: str | None = None, seller: Seller | None = None) -> QuerySet[Listing]:
    """Listings on sale, with everything a card shows, newest first."""
    queryset = Listing.objects.public().with_card_data()
    if kind:
        queryset = queryset.filter(kind=kind)
    if seller is not None:
        queryset = queryset.filter(seller=seller)
    return queryset.order_by("-published_at", "-id")


def listings_featured(*, kind: str, limit: int = 8) -> list[Listing]:
    featured = list(listings_public(kind=kind).filter(is_featured=True)[:limit])
    if len(featured) < limit:
        # Fill up with the newest so the home page never looks empty.
        seen = [listing.pk for listing in featured]
        featured += list(listings_public(kind=kind).exclude(pk__in=seen)[: limit - len(featured)])
    return featured


def listing_get_public(*, listing_id: int) -> Listing:
    """One listing a buyer may see; raises Listing.DoesNotExist otherwise."""
    return Listing.objects.public().with_card_data().get(pk=listing_id)


def listing_get_for_seller(*, seller: Seller, listing_id: int) -> Listing:
    """A seller's own listing, whatever its status; another seller's id raises DoesNotExist."""
    return Listing.objects.with_card_data().get(pk=listing_id, seller=seller)
