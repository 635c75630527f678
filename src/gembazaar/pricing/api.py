"""Rates and quotes in the API. Reads are public; recording a rate is for council staff
(browser session, CSRF-checked). Handlers stay thin: selectors and services do the work."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from gembazaar.accounts.permissions import is_council_staff
from gembazaar.catalogue.models import Listing
from gembazaar.core.api import DecimalString, ErrorOut, ValidationErrorOut
from gembazaar.core.errors import DomainError, Forbidden
from gembazaar.core.money import is_iso_currency, quantize

from . import selectors, services, units

router = Router(tags=["rates"])


class RateRowOut(Schema):
    metal: str
    fineness: int
    karat: int | None
    currency: str
    per_gram: DecimalString
    per_tola: DecimalString
    per_10g: DecimalString
    per_troy_ounce: DecimalString
    derived: bool = Field(description="True when computed from the 999 rate by purity, or converted by FX.")
    source: str
    effective_at: datetime
    is_fresh: bool = Field(description="False when older than PRICING_STALE_AFTER_HOURS.")


class RatesOut(Schema):
    stale_after_hours: int
    rates: list[RateRowOut]


class HistoryPointOut(Schema):
    day: str
    price: DecimalString
    effective_at: datetime


class HistoryOut(Schema):
    metal: str
    fineness: int
    currency: str
    unit: str
    points: list[HistoryPointOut]


class HistoryQuery(Schema):
    metal: str = "gold"
    fineness: int = 999
    currency: str = "PKR"
    unit: Literal["gram", "tola", "ten_gram", "troy_ounce"] = "tola"
    days: int = Field(30, ge=1, le=selectors.MAX_HISTORY_DAYS)


class RateIn(Schema):
    kind: Literal["metal", "fx"] = "metal"
    metal: str = Field("", description="gold, silver, platinum, palladium (kind=metal).")
    fineness: int | None = Field(None, description="Parts per thousand: 999, 916, 925 … (kind=metal).")
    unit: str = Field("", description="gram, tola, ten_gram or troy_ounce (kind=metal).")
    price: DecimalString | None = Field(None, description="Metal: price per unit. FX: units of currency per 1 USD.")
    currency: str
    source: str = Field(description="Where the figure comes from, e.g. Lahore Sarafa.")
    effective_at: datetime | None = None
    confirm: bool = Field(False, description="Required to record a rate more than 50 % away from the last one.")


class RateCreatedOut(Schema):
    id: int
    kind: str
    currency: str
    price: DecimalString
    effective_at: datetime


class BreakdownOut(Schema):
    currency: str
    metal_value: DecimalString
    making: DecimalString
    wastage: DecimalString
    stones: DecimalString
    margin: DecimalString
    total: DecimalString


class ListingQuoteOut(Schema):
    listing_id: int
    on_request: bool = Field(description="True: metal-linked and no fresh rate; the item cannot be bought now.")
    amount: DecimalString | None
    currency: str
    breakdown: BreakdownOut | None
    display_amount: DecimalString | None = Field(description="The amount in the requested currency.")
    display_currency: str
    display_breakdown: BreakdownOut | None
    quoted_at: datetime
    valid_until: datetime


class PricePointOut(Schema):
    at: datetime
    price: DecimalString
    reference_price: DecimalString = Field(description="The price in USD at that time.")
    cause: str = Field(description="metal_rate, fx_rate or listing_edit; start and now for the window's ends.")


class PriceHistoryOut(Schema):
    listing_id: int
    currency: str
    days: int
    points: list[PricePointOut]


def _row(row: selectors.RateRow) -> dict:
    return row.__dict__


@router.get("/rates", response=RatesOut, operation_id="rates_today", summary="Today's metal rates")
def rates_today(request: HttpRequest):
    """Gold 24K/22K/21K/18K and silver 999/925 per gram, tola, 10 g and troy ounce, in PKR and USD.

    Rates not entered for a fineness are derived from the 999 rate (gold: karat/24)."""
    from django.conf import settings

    return {"stale_after_hours": settings.PRICING_STALE_AFTER_HOURS,
            "rates": [_row(r) for r in selectors.todays_rates()]}


@router.get("/rates/history", response={200: HistoryOut, 400: ErrorOut, 422: ValidationErrorOut},
            operation_id="rates_history", summary="Rate history for a chart")
def rates_history(request: HttpRequest, query: Query[HistoryQuery]):
    """The last rate of each day over the last `days` days (1–366)."""
    points = selectors.rate_history(metal=query.metal, fineness=query.fineness, currency=query.currency.upper(),
                                    unit=query.unit, days=query.days)
    return {"metal": query.metal, "fineness": query.fineness, "currency": query.currency.upper(),
            "unit": query.unit, "points": [p.__dict__ for p in points]}


@router.post("/rates", auth=django_auth, response={201: RateCreatedOut, 401: ErrorOut, 403: ErrorOut,
                                                   422: ValidationErrorOut},
             operation_id="rates_record", summary="Record a metal or FX rate (council staff)")
def rates_record(request: HttpRequest, payload: RateIn):
    """Council staff record the day's rate; metal-linked listings are repriced at once.

    A rate more than PRICING_JUMP_CONFIRM_PERCENT (50 %) from the last needs `confirm: true`;
    bad input → 422 naming the field; nothing is recorded then."""
    if not is_council_staff(request.user):
        raise Forbidden(_("Only council staff can record rates."), code="not_council_staff")
    if payload.kind == "fx":
        rate = services.record_fx_rate(currency=payload.currency, per_usd=payload.price, source=payload.source,
                                       effective_at=payload.effective_at, confirm=payload.confirm,
                                       recorded_by=request.user)
        return Status(201, {"id": rate.pk, "kind": "fx", "currency": rate.currency, "price": rate.per_usd,
                            "effective_at": rate.effective_at})
    rate = services.record_metal_rate(metal=payload.metal, fineness=payload.fineness, unit=payload.unit,
                                      price=payload.price, currency=payload.currency, source=payload.source,
                                      effective_at=payload.effective_at, confirm=payload.confirm,
                                      recorded_by=request.user)
    return Status(201, {"id": rate.pk, "kind": "metal", "currency": rate.currency, "price": rate.price,
                               "effective_at": rate.effective_at})


@router.get("/listings/{listing_id}/quote", response={200: ListingQuoteOut, 400: ErrorOut, 404: ErrorOut,
                                                     422: ValidationErrorOut},
            operation_id="listing_quote", summary="A listing's current price and breakdown")
def listing_quote(request: HttpRequest, listing_id: int, currency: str = ""):
    """The current price (metal-linked: from today's rate), its breakdown and the same in `currency`."""
    listing = Listing.objects.public().select_related("jewelry").get(pk=listing_id)
    target = (currency or listing.currency).upper()
    if not is_iso_currency(target):
        raise DomainError(f"“{target}” is not an ISO 4217 currency code.", field="currency")
    quote = selectors.quote_listing(listing)
    breakdown = quote.breakdown.as_dict() if quote.breakdown else None
    return {
        "listing_id": quote.listing_id, "on_request": quote.on_request, "amount": quote.amount,
        "currency": quote.currency, "breakdown": breakdown,
        "display_amount": (selectors.price_in_currency(quote.amount, quote.currency, target)
                           if quote.amount is not None else None),
        "display_currency": target,
        "display_breakdown": selectors.breakdown_in_currency(quote.breakdown, target) if quote.breakdown else None,
        "quoted_at": quote.quoted_at, "valid_until": quote.valid_until,
    }


@router.get("/listings/{listing_id}/price-history", response={200: PriceHistoryOut, 404: ErrorOut,
                                                             422: ValidationErrorOut},
            operation_id="listing_price_history", summary="A listing's price over the last days")
def listing_price_history(request: HttpRequest, listing_id: int, days: int = Query(30, ge=1, le=366)):
    """Every change of the price in the last `days` days (a new metal or exchange rate, the seller's
    edit), between the price at the window's start and the price now. Metal-linked listings whose
    rate is stale have no price to show: 404, like a listing that is not on sale."""
    listing = Listing.objects.public().select_related("jewelry").get(pk=listing_id)
    if selectors.listing_price_on_request(listing):
        raise Listing.DoesNotExist
    series = selectors.listing_price_series(listing, days=days)
    # Amounts with exactly the currency's minor units, as everywhere in the API (docs/API.md).
    return {"listing_id": listing.pk, "currency": series.currency, "days": days,
            "points": [{"at": p.at, "price": str(quantize(p.price, series.currency)),
                        "reference_price": str(quantize(p.reference_price, "USD")), "cause": p.cause}
                       for p in series.points]}


__all__ = ["router", "units"]
