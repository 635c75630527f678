"""API shapes of a seller: the badge on a listing, the directory entry, the public profile."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from gembazaar.core.api import PageOut

from .models import Seller
from .returns import ReturnsTerms


class SellerBadgeOut(Schema):
    """Who sells a listing and whether the council vouches for them."""

    slug: str
    trade_name: str
    city: str = Field(description="The city as stored: a trade city's English name, or as the seller wrote it.",
                      examples=["Lahore"])
    city_label: str = Field(description="The city in the request's language.", examples=["لاہور"])
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


class ReturnsCodeOut(Schema):
    code: str
    label: str = Field(description="In the request's language.")


def _code(code: str, label: str) -> dict:
    return {"code": code, "label": label}


class ReturnsPolicyOut(Schema):
    """The returns terms a seller's buyers get: its own policy, or the marketplace minimum."""

    marketplace_minimum: bool = Field(description="true: the seller has set no policy and the marketplace's minimum "
                                                  "applies (returns only when the item is not as described).")
    accepts_returns: bool = Field(description="Returns for any reason (a change of mind) within `window_days`.")
    window_days: int = Field(description="Days after delivery, 0 to 90; 0 when returns are not accepted.",
                             examples=[14])
    conditions: list[ReturnsCodeOut] = Field(description="What a return must meet, as codes with labels.")
    return_shipping_paid_by: ReturnsCodeOut = Field(description="`buyer` or `seller`.")
    refund_method: ReturnsCodeOut = Field(description="`original` (the original payment method), "
                                                      "`bank_transfer` or `exchange` (an exchange or a credit).")
    refund_days: int = Field(description="The refund is made within this many days of the seller receiving the "
                                         "return (1 to 30).", examples=[7])
    note: str = Field(description="The seller's own words, as written (not translated).")
    updated_at: datetime | None = Field(description="When the seller last changed it; null for the minimum.")
    buyer_protection_days: int = Field(description="Whatever the policy says, an item not as described may be "
                                                   "returned within this many days of delivery, at the seller's "
                                                   "cost, for a full refund.", examples=[30])

    @staticmethod
    def resolve_conditions(obj: ReturnsTerms) -> list[dict]:
        return [_code(code, label) for code, label in zip(obj.conditions, obj.condition_labels, strict=True)]

    @staticmethod
    def resolve_return_shipping_paid_by(obj: ReturnsTerms) -> dict:
        return _code(obj.return_shipping_paid_by, obj.return_shipping_label)

    @staticmethod
    def resolve_refund_method(obj: ReturnsTerms) -> dict:
        return _code(obj.refund_method, obj.refund_method_label)

    @staticmethod
    def resolve_buyer_protection_days(obj: ReturnsTerms) -> int:
        return obj.protection_days


class SellerDetailOut(SellerOut):
    legal_name: str
    about: str
    year_established: int | None
    returns_policy: ReturnsPolicyOut

    @staticmethod
    def resolve_returns_policy(obj: Seller) -> ReturnsTerms:
        return obj.returns_terms


class SellerPageOut(PageOut):
    items: list[SellerOut]


# A slug's own alphabet, so nothing odd (a NUL byte, say) ever reaches the database.
SellerSlug = Annotated[str, Field(max_length=80, pattern=r"^[-a-zA-Z0-9_]+$", examples=["swat-emerald-house"])]
