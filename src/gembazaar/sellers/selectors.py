from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Seller

PUBLIC_LISTING_STATUSES = ["active", "reserved"]


def sellers_verified() -> QuerySet[Seller]:
    """Sellers in good standing, with how many listings each has on sale."""
    return (
        Seller.objects.filter(status=Seller.Status.VERIFIED)
        .annotate(listing_count=Count("listings", filter=Q(listings__status__in=PUBLIC_LISTING_STATUSES)))
        .order_by("trade_name")
    )


def seller_get_public(*, slug: str) -> Seller:
    """A verified seller's public profile; raises Seller.DoesNotExist otherwise."""
    return sellers_verified().get(slug=slug)


def sellers_verified_most_active(*, limit: int = 8) -> list[Seller]:
    """Verified sellers with the most listings on sale first, for the home page strip."""
    return list(sellers_verified().order_by("-listing_count", "trade_name")[:limit])


def sellers_directory() -> QuerySet[Seller]:
    """Verified sellers in a total order (name, then id), so pages never overlap or skip."""
    return sellers_verified().order_by("trade_name", "id")
