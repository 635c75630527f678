"""Reads: latest rates, the day's table, history for charts, freshness, quotes for listings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.utils import timezone

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import JewelrySpec, Listing
from gembazaar.core import fx
from gembazaar.core.errors import DomainError
from gembazaar.core.money import minor_units, quantize

from . import engine, units
from .models import FXRate, ListingPriceChange, MetalRate


@dataclass(frozen=True)
class ResolvedRate:
    """The per-gram rate the engine uses for one metal, fineness and currency."""

    metal: str
    fineness: int
    currency: str
    per_gram: Decimal  # for `fineness`, in `currency`, RATE_PLACES decimals
    source_rate: MetalRate  # the row it comes from (its own fineness, or 999)
    derived: bool  # True when computed from the 999 rate by purity
    converted: bool  # True when converted from another currency by FX
    effective_at: datetime

    @property
    def is_fresh(self) -> bool:
        return self.effective_at >= stale_before()


@dataclass(frozen=True)
class Quote:
    """What a buyer pays now for one unit of a listing, or "price on request"."""

    listing_id: int
    on_request: bool
    amount: Decimal | None  # in `currency`, rounded to its minor unit; None when on request
    currency: str
    breakdown: engine.PriceBreakdown | None  # metal-linked listings with a fresh rate only
    metal_rate_id: int | None
    quoted_at: datetime
    valid_until: datetime  # quoted_at + PRICE_LOCK_MINUTES


def stale_before(now: datetime | None = None) -> datetime:
    """Rates older than this are stale (PRICING_STALE_AFTER_HOURS)."""
    return (now or timezone.now()) - timedelta(hours=settings.PRICING_STALE_AFTER_HOURS)


def latest_metal_rate(*, metal: str, fineness: int | None, currency: str | None = None) -> MetalRate | None:
    """The newest recorded rate for exactly this metal and fineness (any fineness when None; in
    `currency` if given)."""
    rows = MetalRate.objects.filter(metal=metal, effective_at__lte=timezone.now())
    if fineness is not None:
        rows = rows.filter(fineness=fineness)
    if currency:
        rows = rows.filter(currency=currency)
    return rows.order_by("-effective_at", "-id").first()


def latest_fx_rate(*, currency: str) -> FXRate | None:
    return FXRate.objects.filter(currency=currency, effective_at__lte=timezone.now()).order_by(
        "-effective_at", "-id").first()


def fx_rates_per_usd() -> dict[str, Decimal]:
    """{currency: units per USD} from the latest FXRate of each currency (core.fx's source)."""
    latest: dict[str, Decimal] = {}
    rows = FXRate.objects.filter(effective_at__lte=timezone.now()).order_by(
        "currency", "-effective_at", "-id").values_list("currency", "per_usd")
    for currency, per_usd in rows:
        latest.setdefault(currency, per_usd)
    return latest


def resolve_rate(*, metal: str, fineness: int, currency: str) -> ResolvedRate | None:
    """The per-gram rate for a fineness in a currency, or None when no rate was ever recorded.

    Preference: the newest of (a rate for this exact fineness, the 999 rate derived by purity);
    failing both, the newest rate of any other fineness of the metal, derived by purity (platinum
    is often quoted for 950 only, palladium for 500 or 950: a Pt 900 ring is priced from the 950
    rate × 900/950). One in `currency` beats one that must be converted by FX.
    """
    for currency_wanted in (currency, None):
        candidates = [r for r in (latest_metal_rate(metal=metal, fineness=fineness, currency=currency_wanted),
                                  latest_metal_rate(metal=metal, fineness=units.PURE, currency=currency_wanted)) if r]
        if not candidates and (other := latest_metal_rate(metal=metal, fineness=None, currency=currency_wanted)):
            candidates = [other]
        if candidates:
            break
    else:
        return None
    # Newest wins; on a tie the rate for the exact fineness (entered, not derived) wins.
    row = max(candidates, key=lambda r: (r.effective_at, r.fineness == fineness, r.pk))
    converted = row.currency != currency
    per_gram = row.price_per_gram
    if converted:
        per_gram = units.fraction_to_decimal(
            Fraction(per_gram) * Fraction(fx.rate_per_usd(currency)) / Fraction(fx.rate_per_usd(row.currency)),
            units.RATE_PLACES)
    per_gram = units.derive_per_gram(per_gram, metal=metal, from_fineness=row.fineness, to_fineness=fineness)
    return ResolvedRate(metal=metal, fineness=fineness, currency=currency, per_gram=per_gram, source_rate=row,
                        derived=row.fineness != fineness, converted=converted, effective_at=row.effective_at)


def rates_are_fresh(metal: str, currency: str | None = None) -> bool:
    """True when a rate for `metal` (in `currency` if given) is newer than PRICING_STALE_AFTER_HOURS."""
    rows = MetalRate.objects.filter(metal=metal, effective_at__gte=stale_before(), effective_at__lte=timezone.now())
    if currency:
        rows = rows.filter(currency=currency)
    return rows.exists()


def inputs_for(*, spec: JewelrySpec | dict, currency: str, rate: ResolvedRate) -> engine.PriceInputs:
    """Engine inputs from a jewelry spec (a model or clean_jewelry's dict) and a resolved rate."""
    get = spec.get if isinstance(spec, dict) else lambda name, default=None: getattr(spec, name, default)
    return engine.PriceInputs(
        metal=get("metal"), fineness=int(get("fineness")), net_weight_g=Decimal(get("net_metal_weight_g")),
        making_mode=get("making_charge_mode") or "percent",
        making_value=Decimal(get("making_charge_value") or 0), currency=currency,
        rate_per_gram=rate.per_gram, rate_fineness=rate.fineness,
        wastage_percent=Decimal(get("wastage_percent", 0) or 0), stone_value=Decimal(get("stone_value", 0) or 0),
        margin_percent=Decimal(get("margin_percent", 0) or 0))


def engine_price(*, spec: JewelrySpec | dict, currency: str) -> tuple[engine.PriceBreakdown, ResolvedRate] | None:
    """The engine's breakdown for a piece with the current fresh rate, or None when stale/absent."""
    rate = resolve_rate(metal=spec["metal"] if isinstance(spec, dict) else spec.metal,
                        fineness=int(spec["fineness"] if isinstance(spec, dict) else spec.fineness),
                        currency=currency)
    if rate is None or not rate.is_fresh:
        return None
    return engine.price(inputs_for(spec=spec, currency=currency, rate=rate)), rate


def listing_price_on_request(listing: Listing) -> bool:
    """The stale-rate guard: a metal-linked listing without a fresh rate shows "price on request"
    and cannot be bought."""
    if listing.price_mode != Listing.PriceMode.METAL_LINKED:
        return False
    spec = listing.spec
    if spec is None:
        return True
    rate = resolve_rate(metal=spec.metal, fineness=spec.fineness, currency=listing.currency)
    return rate is None or not rate.is_fresh


def quote_listing(listing: Listing, *, now: datetime | None = None) -> Quote:
    """The current price of one unit of `listing`, for the cart, checkout and the price lock.

    Fixed price: the listing's price. Metal-linked: the engine's price with the current rate
    (which repricing has normally already written to the listing); with no fresh rate the quote
    is "on request" (amount None) and checkout must refuse it.
    """
    now = now or timezone.now()
    valid_until = now + timedelta(minutes=settings.PRICE_LOCK_MINUTES)
    base = {"listing_id": listing.pk, "currency": listing.currency, "quoted_at": now, "valid_until": valid_until}
    if listing.price_mode != Listing.PriceMode.METAL_LINKED:
        return Quote(on_request=False, amount=quantize(listing.price, listing.currency), breakdown=None,
                     metal_rate_id=None, **base)
    spec = listing.spec
    priced = engine_price(spec=spec, currency=listing.currency) if spec is not None else None
    if priced is None:
        return Quote(on_request=True, amount=None, breakdown=None, metal_rate_id=None, **base)
    breakdown, rate = priced
    return Quote(on_request=False, amount=breakdown.total, breakdown=breakdown, metal_rate_id=rate.source_rate.pk,
                 **base)


def listing_price_breakdown(listing: Listing) -> engine.PriceBreakdown | None:
    """Metal, making, wastage, stones, margin and total for a metal-linked listing (None otherwise
    or when the rate is stale)."""
    return quote_listing(listing).breakdown


def price_in_currency(amount: Decimal, from_currency: str, to_currency: str) -> Decimal:
    """An amount shown in the buyer's currency, rounded to that currency's minor unit."""
    return quantize(fx.convert(amount, from_currency, to_currency), to_currency)


def breakdown_in_currency(breakdown: engine.PriceBreakdown, to_currency: str) -> dict[str, Decimal | str]:
    """Each part of a breakdown converted to the buyer's currency (parts rounded one by one)."""
    out: dict[str, Decimal | str] = {"currency": to_currency}
    for name in ("metal_value", "making", "wastage", "stones", "margin", "total"):
        out[name] = price_in_currency(getattr(breakdown, name), breakdown.currency, to_currency)
    return out


@dataclass(frozen=True)
class PricePoint:
    at: datetime
    price: Decimal
    reference_price: Decimal
    cause: str  # a ListingPriceChange.Cause, or "start" / "now" for the ends of the window


@dataclass(frozen=True)
class PriceSeries:
    currency: str
    points: list[PricePoint]  # time order: the price at the window's start, each change, the price now
    changes: list[ListingPriceChange]  # the changes in the window, newest first


MAX_PRICE_CHANGES = 500  # a listing repriced twice a day has ~60 a month


def listing_price_series(listing: Listing, *, days: int = 30, now: datetime | None = None) -> PriceSeries:
    """A listing's price over the last `days` days, from its price history (one indexed query).

    The series starts at the window's start with the price then (the first change's old price, or
    today's price when nothing changed) and ends now with the current price, so a chart spans the
    whole window even for a listing whose price never moved.
    """
    now = now or timezone.now()
    start = now - timedelta(days=days)
    rows = ListingPriceChange.objects.filter(listing=listing, currency=listing.currency, at__gte=start, at__lte=now)
    changes = list(rows.order_by("-at", "-id")[:MAX_PRICE_CHANGES])
    oldest = changes[-1] if changes else None
    first = (PricePoint(at=start, price=oldest.old_price, reference_price=oldest.old_reference, cause="start")
             if oldest else PricePoint(at=start, price=listing.price, reference_price=listing.reference_price,
                                       cause="start"))
    middle = [PricePoint(at=c.at, price=c.new_price, reference_price=c.new_reference, cause=c.cause)
              for c in reversed(changes)]
    last = PricePoint(at=now, price=listing.price, reference_price=listing.reference_price, cause="now")
    return PriceSeries(currency=listing.currency, points=[first, *middle, last], changes=changes)


# --- The day's rates table and history -------------------------------------------------------

TODAY_ROWS: tuple[tuple[str, int], ...] = (
    (vocab.GOLD, 999), (vocab.GOLD, 916), (vocab.GOLD, 875), (vocab.GOLD, 750), (vocab.SILVER, 999),
    (vocab.SILVER, 925),
)


@dataclass(frozen=True)
class RateRow:
    metal: str
    fineness: int
    karat: int | None
    currency: str
    per_gram: Decimal
    per_tola: Decimal
    per_10g: Decimal
    per_troy_ounce: Decimal
    derived: bool
    source: str
    effective_at: datetime
    is_fresh: bool


def rate_row(*, metal: str, fineness: int, currency: str) -> RateRow | None:
    rate = resolve_rate(metal=metal, fineness=fineness, currency=currency)
    if rate is None:
        return None
    places = minor_units(currency)
    return RateRow(
        metal=metal, fineness=fineness, karat=vocab.FINENESS_TO_KARAT.get(fineness) if metal == vocab.GOLD else None,
        currency=currency, per_gram=units.per_unit(rate.per_gram, units.GRAM, places),
        per_tola=units.per_unit(rate.per_gram, units.TOLA, places),
        per_10g=units.per_unit(rate.per_gram, units.TEN_GRAM, places),
        per_troy_ounce=units.per_unit(rate.per_gram, units.TROY_OUNCE, places),
        derived=rate.derived or rate.converted, source=rate.source_rate.source, effective_at=rate.effective_at,
        is_fresh=rate.is_fresh)


def todays_rates(*, currencies: tuple[str, ...] = ("PKR", "USD")) -> list[RateRow]:
    """Gold 24K/22K/21K/18K and silver 999/925 in each currency (per g, tola, 10 g, troy oz)."""
    rows = []
    for currency in currencies:
        for metal, fineness in TODAY_ROWS:
            row = rate_row(metal=metal, fineness=fineness, currency=currency)
            if row is not None:
                rows.append(row)
    return rows


@dataclass(frozen=True)
class HistoryPoint:
    day: str  # ISO date
    price: Decimal  # per `unit`, rounded to the currency's minor unit; the day's last rate
    effective_at: datetime


MAX_HISTORY_DAYS = 366


def rate_history(*, metal: str, fineness: int = units.PURE, currency: str = "PKR", unit: str = units.TOLA,
                 days: int = 30) -> list[HistoryPoint]:
    """The last rate of each day over the last `days` days, for a chart (derived by purity from
    the 999 rate on days with no rate for `fineness`). DomainError naming the field on bad input."""
    if metal not in vocab.FINENESS_BY_METAL:
        raise DomainError(f"Unknown metal {metal!r}.", code="invalid", field="metal")
    if fineness not in vocab.FINENESS_BY_METAL[metal]:
        raise DomainError(f"{metal} has no fineness {fineness}.", code="invalid", field="fineness")
    if unit not in units.RATE_UNITS:
        raise DomainError(f"Unknown unit {unit!r}.", code="invalid", field="unit")
    if not 1 <= days <= MAX_HISTORY_DAYS:
        raise DomainError(f"days must be between 1 and {MAX_HISTORY_DAYS}.", code="invalid", field="days")
    now = timezone.now()
    since = now - timedelta(days=days)
    rows = (MetalRate.objects.filter(metal=metal, currency=currency, fineness__in={fineness, units.PURE},
                                     effective_at__gte=since, effective_at__lte=now)
            .order_by("effective_at", "id"))
    by_day: dict[str, tuple[MetalRate | None, MetalRate | None]] = {}
    for row in rows:
        day = timezone.localdate(row.effective_at).isoformat()
        own, pure = by_day.get(day, (None, None))
        by_day[day] = (row, pure) if row.fineness == fineness else (own, row)
    points = []
    places = minor_units(currency)
    for day in sorted(by_day):
        own, pure = by_day[day]
        row = own or pure
        per_gram = units.derive_per_gram(row.price_per_gram, metal=metal, from_fineness=row.fineness,
                                         to_fineness=fineness)
        points.append(HistoryPoint(day=day, price=units.per_unit(per_gram, unit, places),
                                   effective_at=row.effective_at))
    return points
