"""The API for seller systems: a seller's own listings and shipping rates, with a per-seller API key.

Every endpoint is scoped to the key's seller: another seller's SKU answers 404, as an unknown
one does, and nothing changes. Money and weights are decimal strings; a JSON number is a 422.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from gembazaar.catalogue import services as catalogue_services
from gembazaar.catalogue.models import Listing
from gembazaar.catalogue.schemas import ListingDetailOut
from gembazaar.core.api import DecimalIn, ErrorOut, PageOut, PageQuery, ValidationErrorOut, paginate
from gembazaar.sellers.api_auth import KEY_ERRORS, SellerApiKeyAuth

from . import services

MAX_BULK_ITEMS = 500



router = Router(tags=["seller"], auth=SellerApiKeyAuth())


class GemIn(Schema):
    species: str | None = None
    variety: str | None = None
    nature: str | None = None
    imitates: str | None = Field(None, description="An imitation only: the variety or species it imitates "
                                                   "(its species is then what it is made of, e.g. glass).")
    carat: DecimalIn | None = None
    pieces: int | None = None
    length_mm: DecimalIn | None = None
    width_mm: DecimalIn | None = None
    depth_mm: DecimalIn | None = None
    shape: str | None = None
    cutting_style: str | None = None
    colour: str | None = None
    tone: int | None = None
    saturation: int | None = None
    trade_colour: str | None = None
    clarity: str | None = None
    diamond_colour: str | None = None
    cut_grade: str | None = None
    treatments: str | None = Field(None, description="AGTA codes, comma-separated (\"N\": not enhanced).")
    phenomena: str | None = None
    lab: str | None = None
    certificate_number: str | None = None
    size_confirmed: bool | None = Field(None, description="Confirms a weight the measurements seem unable to hold "
                                                          "(the 422 on gem.carat says when it is needed).")
    kp_certificate: str | None = Field(None, description="Rough natural diamonds only (required for them): the "
                                                         "Kimberley Process certificate number.")


# A weight in grams as a decimal string, or as a jeweller writes it: "2 tola", "1 tola 3 masha 2 ratti",
# "1-3-2" (tola-masha-ratti). Stored exactly (catalogue/weights.py); a JSON number is refused.
WeightIn = Annotated[str, Field(max_length=60, examples=["4.800", "2 tola", "1-3-2"])]


class JewelryIn(Schema):
    jewelry_type: str | None = None
    metal: str | None = None
    fineness: int | None = None
    karat: int | None = None
    gross_weight_g: WeightIn | None = None
    net_metal_weight_g: WeightIn | None = None
    weight_unit: str | None = Field(None, description="g or tola: the unit buyers see first. Set to tola by a "
                                                      "weight written in tola, masha or ratti.")
    making_charge_mode: str | None = None
    making_charge_value: DecimalIn | None = None
    wastage_percent: DecimalIn | None = Field(None, description="Extra metal weight charged, % of net weight.")
    stone_value: DecimalIn | None = Field(None, description="Value of the set stones, in the listing's currency.")
    margin_percent: DecimalIn | None = Field(None, description="Seller margin, % of metal + making + wastage + "
                                                                "stones (metal-linked pricing).")
    stones: str | None = None
    stone_weight_ct: DecimalIn | None = None
    size: str | None = None
    hallmark: str | None = None
    gender: str | None = None


class ListingIn(Schema):
    kind: Listing.Kind
    sku: str = Field(max_length=64)
    title: str = Field(max_length=200)
    price: DecimalIn
    currency: str = Field(max_length=3, examples=["USD"])
    description: str = ""
    quantity: int = 1
    moq: int = 1
    price_mode: Listing.PriceMode = Listing.PriceMode.FIXED
    origin_country: str = ""
    origin_locality: str = ""
    hs_code: str = ""
    gem: GemIn | None = Field(None, description="For gemstones and lots.")
    jewelry: JewelryIn | None = Field(None, description="For jewelry.")


class ListingPatchIn(Schema):
    """Only the fields sent change; the kind never does."""

    sku: str | None = Field(None, max_length=64)
    title: str | None = Field(None, max_length=200)
    price: DecimalIn | None = None
    currency: str | None = Field(None, max_length=3)
    description: str | None = None
    quantity: int | None = None
    moq: int | None = None
    price_mode: Listing.PriceMode | None = None
    origin_country: str | None = None
    origin_locality: str | None = None
    hs_code: str | None = None
    gem: GemIn | None = None
    jewelry: JewelryIn | None = None


class BulkUpsertIn(Schema):
    items: list[ListingIn] = Field(min_length=1, max_length=MAX_BULK_ITEMS)


class BulkUpsertOut(Schema):
    created: list[str] = Field(description="SKUs created.")
    updated: list[str] = Field(description="SKUs updated.")


class SellerListingPageOut(PageOut):
    items: list[ListingDetailOut]


SKU_PATH = Path(..., description="The SKU as you gave it, slashes included (`A/B-1`); percent-encode spaces, "
                                  "`#`, `?` and `%` (`A%20B%231`), and non-Latin characters as UTF-8.")


def _listing(request: HttpRequest, sku: str) -> Listing:
    """The key's seller's listing; another seller's SKU raises DoesNotExist (→ 404)."""
    return Listing.objects.with_card_data().select_related("seller__returns_policy").get(seller=request.seller,
                                                                                        sku=sku)


def _create_values(payload: ListingIn) -> dict[str, Any]:
    values = payload.dict(exclude={"gem", "jewelry"})
    values["kind"] = str(values["kind"])
    values["price_mode"] = str(values["price_mode"])
    for spec in ("gem", "jewelry"):
        part = getattr(payload, spec)
        values[spec] = part.dict(exclude_unset=True) if part is not None else None
    return values


@router.get("/seller/listings", response={200: SellerListingPageOut, **KEY_ERRORS, 422: ValidationErrorOut},
            operation_id="seller_listings_list", summary="Your listings")
def seller_listings_list(request: HttpRequest, pages: Query[PageQuery]):
    """The key's seller's listings in every status, newest first."""
    queryset = (Listing.objects.with_card_data().select_related("seller__returns_policy")
                .filter(seller=request.seller).order_by("-created_at", "-id"))
    return paginate(request, queryset, page=pages.page, page_size=pages.page_size)


# Before /seller/listings/{path:sku}: ninja matches paths in the order they are defined. The SKU
# takes the rest of the path (the trade writes "A/B-1"; "%2F" arrives decoded as "/" too), so the
# two fixed forms, "bulk-upsert" and "…/archive", are reserved (catalogue.validation.RESERVED_SKU).
@router.post("/seller/listings/bulk-upsert",
             response={200: BulkUpsertOut, **KEY_ERRORS, 400: ErrorOut, 422: ValidationErrorOut},
             operation_id="seller_listings_bulk_upsert", summary="Create or update many listings")
def seller_listings_bulk_upsert(request: HttpRequest, payload: BulkUpsertIn):
    """Up to 500 listings by SKU: new SKUs are created as drafts, your existing ones updated.

    All or nothing: any bad item answers 422 naming it ("items.3.gem.carat") and nothing is written.
    """
    items = [_create_values(item) for item in payload.items]
    return services.listings_bulk_upsert(seller=request.seller, items=items)


@router.post("/seller/listings/{path:sku}/archive", response={200: ListingDetailOut, **KEY_ERRORS, 404: ErrorOut},
             operation_id="seller_listing_archive", summary="Archive a listing")
def seller_listing_archive(request: HttpRequest, sku: str = SKU_PATH):
    """Takes the listing off the marketplace for good."""
    catalogue_services.listing_archive(listing=_listing(request, sku))
    return _listing(request, sku)


@router.get("/seller/listings/{path:sku}", response={200: ListingDetailOut, **KEY_ERRORS, 404: ErrorOut},
            operation_id="seller_listing_get", summary="One of your listings")
def seller_listing_get(request: HttpRequest, sku: str = SKU_PATH):
    return _listing(request, sku)


@router.post("/seller/listings", response={201: ListingDetailOut, **KEY_ERRORS, 422: ValidationErrorOut},
             operation_id="seller_listing_create", summary="Create a draft listing")
def seller_listing_create(request: HttpRequest, payload: ListingIn):
    listing = catalogue_services.listing_create(seller=request.seller, **_create_values(payload))
    return Status(201, _listing(request, listing.sku))


@router.patch("/seller/listings/{path:sku}",
              response={200: ListingDetailOut, **KEY_ERRORS, 404: ErrorOut, 422: ValidationErrorOut},
              operation_id="seller_listing_update", summary="Edit a listing")
def seller_listing_update(request: HttpRequest, payload: ListingPatchIn, sku: str = SKU_PATH):
    listing = _listing(request, sku)
    wrong_spec = "gem" if listing.kind == Listing.Kind.JEWELRY else "jewelry"
    if getattr(payload, wrong_spec) is not None:
        raise ValidationError({wrong_spec: [_("A %(kind)s listing has no %(spec)s specification.")
                                            % {"kind": listing.kind, "spec": wrong_spec}]})
    values = payload.dict(exclude_unset=True, exclude={"gem", "jewelry"})
    if values.get("price_mode") is not None:
        values["price_mode"] = str(values["price_mode"])
    if payload.gem is not None:
        values["gem"] = payload.gem.dict(exclude_unset=True)
    if payload.jewelry is not None:
        values["jewelry"] = payload.jewelry.dict(exclude_unset=True)
    listing = catalogue_services.listing_update(listing=listing, **values)
    return _listing(request, listing.sku)
