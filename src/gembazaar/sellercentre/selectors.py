"""Reads of the seller centre, always scoped to the acting seller."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from gembazaar.catalogue.models import Listing
from gembazaar.sellers.models import Seller


def listing_counts_by_status(*, seller: Seller) -> list[dict]:
    """Every status with the seller's number of listings in it (zeros included), in one query."""
    counts = dict(Listing.objects.filter(seller=seller).values_list("status").annotate(n=Count("id"))
                  .order_by())
    return [{"status": value, "label": label, "count": counts.get(value, 0)}
            for value, label in Listing.Status.choices]


def listings_for_seller(*, seller: Seller, status: str = "") -> QuerySet[Listing]:
    """The seller's listings, last edited first, with what a row shows; an unknown status is ignored."""
    queryset = Listing.objects.filter(seller=seller).with_card_data()
    if status in Listing.Status.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-updated_at", "-id")


def listing_currencies(*, seller: Seller) -> list[str]:
    """The currencies the seller prices listings in, most used first (a bulk fixed price is in one)."""
    return list(Listing.objects.filter(seller=seller).values_list("currency", flat=True)
                .annotate(n=Count("id")).order_by("-n", "currency"))
