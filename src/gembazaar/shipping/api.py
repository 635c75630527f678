"""The seller's shipping rates through the API (`/api/v1/seller/shipping-rates…`), with the seller API key,
and the public landed-cost estimate (`/api/v1/landed-cost`).

Handlers stay thin: shipping.selectors reads, shipping.services writes.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from gembazaar.catalogue import selectors as catalogue_selectors
from gembazaar.catalogue.models import Listing
from gembazaar.catalogue.schemas import ListingId
from gembazaar.core.api import DecimalIn, DecimalString, ErrorOut, ValidationErrorOut
from gembazaar.core.errors import DomainError, NotFound
from gembazaar.core.money import quantize
from gembazaar.sellers.api_auth import KEY_ERRORS, SellerApiKeyAuth

from . import landed_cost, landed_selectors, selectors, services
from .landed_api import LandedCostIn, LandedCostOut, landed_cost_out

router = Router(tags=["seller"], auth=SellerApiKeyAuth())


class ShippingRateOut(Schema):
    price: DecimalString = Field(description="Per order, in `currency`; \"0.00\" is free shipping.")
    currency: str = Field(examples=["PKR"])
    days_min: int = Field(examples=[3])
    days_max: int = Field(examples=[7])


class ShippingRateRowOut(Schema):
    zone: str = Field(description="Zone code, as in the path.", examples=["gulf"])
    zone_name: str = Field(description="The zone in the request's language.", examples=["Gulf"])
    countries: list[str] = Field(description="ISO 3166-1 codes; empty for the rest-of-world zone.")
    method: str = Field(examples=["standard"])
    default: ShippingRateOut | None = Field(description="The platform's rate, used when you set none.")
    own: ShippingRateOut | None = Field(description="Your own rate; null when the platform default applies.")


class ShippingRatesOut(Schema):
    rates: list[ShippingRateRowOut]


class ShippingRateIn(Schema):
    price: DecimalIn = Field(description="Per order, ≥ 0, with at most the currency's decimals; 0 is free.")
    currency: str = Field(max_length=3, examples=["PKR"])
    days_min: int = Field(examples=[3], description="1 to 90.")
    days_max: int = Field(examples=[7], description="days_min to 90.")


def _rate_out(rate) -> dict | None:
    if rate is None:
        return None
    return {"price": quantize(rate.price, rate.currency), "currency": rate.currency,
            "days_min": rate.days_min, "days_max": rate.days_max}


def _row_out(row: selectors.RateRow) -> dict:
    return {"zone": row.zone.code, "zone_name": row.zone.label, "countries": row.zone.country_codes,
            "method": row.method, "default": _rate_out(row.default), "own": _rate_out(row.own)}


def _rate_row(request: HttpRequest, zone: str, method: str) -> selectors.RateRow:
    """The key's seller's row; an unknown zone or method raises NotFound (→ 404)."""
    return selectors.shipping_rate_row(seller=request.seller, zone_code=zone, method=method)


SHIPPING_RATE_ERRORS = {**KEY_ERRORS, 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


@router.get("/seller/shipping-rates", response={200: ShippingRatesOut, **KEY_ERRORS},
            operation_id="seller_shipping_rates_list", summary="Your shipping rates")
def seller_shipping_rates_list(request: HttpRequest):
    """Every zone × method (standard, express): the platform default and your own rate, if any.

    Checkout charges your own rate where you set one, else the platform default."""
    return {"rates": [_row_out(row) for row in selectors.shipping_rates_for_seller(seller=request.seller)]}


@router.put("/seller/shipping-rates/{zone}/{method}", response={200: ShippingRateRowOut, **SHIPPING_RATE_ERRORS},
            operation_id="seller_shipping_rate_set", summary="Set your rate for a zone and method")
def seller_shipping_rate_set(request: HttpRequest, zone: str, method: str, payload: ShippingRateIn):
    """Creates or replaces your own rate. An unknown zone or method is 404; a broken rule (negative
    price, unknown currency, too many decimals, days_min above days_max, days outside 1–90) is 400
    naming the field, and nothing is written."""
    row = _rate_row(request, zone, method)
    services.shipping_rate_set(seller=request.seller, zone_code=row.zone.code, method=row.method,
                                        **payload.dict())
    return _row_out(_rate_row(request, zone, method))


@router.delete("/seller/shipping-rates/{zone}/{method}", response={200: ShippingRateRowOut, **KEY_ERRORS,
                                                                   404: ErrorOut},
               operation_id="seller_shipping_rate_delete", summary="Remove your rate for a zone and method")
def seller_shipping_rate_delete(request: HttpRequest, zone: str, method: str):
    """The platform default applies again. Removing a rate you did not set changes nothing (200)."""
    row = _rate_row(request, zone, method)
    services.shipping_rate_clear(seller=request.seller, zone_code=row.zone.code, method=row.method)
    return _row_out(_rate_row(request, zone, method))


# --- Landed cost: public, no key --------------------------------------------------------------

LANDED_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


@router.get("/landed-cost", response={200: LandedCostOut, **LANDED_ERRORS}, auth=None, tags=["landed cost"],
            operation_id="landed_cost_for_listing", summary="Duty and VAT estimate for a listing")
def landed_cost_for_listing(request: HttpRequest, listing_id: Query[ListingId], country: Query[str],
                            currency: Query[str | None] = None):
    """One unit of a listing on sale, shipped by its seller's cheapest option to `country`, in
    `currency` (default: the listing's). An estimate under DAP: the buyer pays on arrival. A line
    with no row for its HS code and country has no estimate (never zero). Unknown listing: 404."""
    try:
        listing = catalogue_selectors.listing_get_public(listing_id=listing_id)
    except Listing.DoesNotExist:
        raise NotFound(_("Listing not found."), field="listing_id") from None
    if listing.price is None:
        raise DomainError(_("This listing's price is on request."), code="price_on_request", field="listing_id")
    currency = currency or listing.currency
    country = landed_cost.clean_country(country)
    shipping = landed_selectors.cheapest_shipping(seller_id=listing.seller_id, country=country,
                                                  currency=landed_cost.clean_currency(currency))
    return landed_cost_out(landed_cost.estimate(
        country=country, lines=[(listing.hs_code, listing.price, listing.currency)], shipping=shipping,
        currency=currency))


@router.post("/landed-cost", response={200: LandedCostOut, 400: ErrorOut, 422: ValidationErrorOut}, auth=None,
             tags=["landed cost"], operation_id="landed_cost_estimate", summary="Duty and VAT estimate for lines")
def landed_cost_estimate(request: HttpRequest, payload: LandedCostIn):
    """Any cart: lines with HS code, value and currency, the shipping charged, the destination.
    Bad input is 400/422 naming the field (`lines.0.value`)."""
    return landed_cost_out(landed_cost.estimate(
        country=payload.country, shipping=payload.shipping, currency=payload.currency,
        lines=[(line.hs_code, line.value, line.currency) for line in payload.lines]))
