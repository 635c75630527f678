"""API shapes of a seller: the badge on a listing, the directory entry, the public profile."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from gembazaar.core.api import PageOut

from .models import Seller


class SellerBadgeOut(Schema):
    """Who sells a listing and whether the council vouches for them."""

    slug: str
    trade_name: str
    city: str
    country: str = Field(description="ISO 3166-1 alpha-2 code.", examples=["PK"])
    verified: bool = Field(description="The council's verified badge: true while the seller is in good standing.")
    verified_at: datetime | None

    @staticmethod
    def resolve_country(obj: Seller) -> str:
        return obj.country.code

    @staticmethod
    def resolve_verified(obj: Seller) -> bool:
        return obj.is_verified


class SellerOut(SellerBadgeOut):
    url: str = Field(description="Path of the seller's storefront page.")
    market: str
    listing_count: int = Field(description="Listings on sale (active or reserved).")

    @staticmethod
    def resolve_url(obj: Seller) -> str:
        return obj.get_absolute_url()


class SellerDetailOut(SellerOut):
    legal_name: str
    about: str
    year_established: int | None


class SellerPageOut(PageOut):
    items: list[SellerOut]


# A slug's own alphabet, so nothing odd (a NUL byte, say) ever reaches the database.
SellerSlug = Annotated[str, Field(max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", examples=["swat-emerald-house"])]
