"""Every write of the pricing app: recording rates (console, API, CSV, provider) and repricing.

Rules for every rate: metal, fineness, unit and currency from the lists (errors name the field);
the price a positive decimal (no float); a rate more than PRICING_JUMP_CONFIRM_PERCENT away from
the last one for the same metal, fineness and currency needs `confirm=True`. A recorded rate and
the repricing it causes commit together, or neither does.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from gembazaar.catalogue import vocab
from gembazaar.core import fx
from gembazaar.core.money import is_iso_currency

from . import repricing, units
from .models import FXRate, ListingPriceChange, MetalRate
from .providers import get_provider

MAX_RATE_PLACES = 4
MAX_FX_PLACES = 8
FUTURE_TOLERANCE = timedelta(minutes=5)


def _decimal(value: object, *, field_name: str, places: int, errors: dict[str, list[str]]) -> Decimal | None:
    if value in (None, ""):
        errors.setdefault(field_name, []).append(_("This field is required."))
        return None
    if isinstance(value, float):
        errors.setdefault(field_name, []).append(_("Send decimals as strings or exact numbers, not floating point."))
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        errors.setdefault(field_name, []).append(_("Enter a number."))
        return None
    if not number.is_finite():
        errors.setdefault(field_name, []).append(_("Enter a number."))
        return None
    if number <= 0:
        errors.setdefault(field_name, []).append(_("A rate must be greater than zero."))
        return None
    if -number.as_tuple().exponent > places:
        errors.setdefault(field_name, []).append(_("Use at most %(places)d decimal places.") % {"places": places})
        return None
    return number


def _effective_at(value: object, errors: dict[str, list[str]]) -> datetime:
    now = timezone.now()
    if value in (None, ""):
        return now
    moment = value if isinstance(value, datetime) else parse_datetime(str(value).strip())
    if moment is None:
        errors.setdefault("effective_at", []).append(_("Enter a date and time, e.g. 2026-11-28T09:30:00+05:00."))
        return now
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now + FUTURE_TOLERANCE:
        errors.setdefault("effective_at", []).append(_("A rate cannot take effect in the future."))
    # A client clock a little ahead: the rate takes effect now, so the repricing that follows uses it.
    return min(moment, now)


def _jump_error(*, old: Decimal, new: Decimal, what: str) -> str | None:
    """The message when `new` is more than PRICING_JUMP_CONFIRM_PERCENT away from `old`."""
    limit = Decimal(settings.PRICING_JUMP_CONFIRM_PERCENT)
    change = (new - old) / old * 100
    if abs(change) <= limit:
        return None
    return _("%(what)s is %(change)s%% away from the last rate (%(old)s). Check it and send confirm=true to "
             "record it anyway.") % {"what": what, "change": f"{change:+.1f}", "old": old}


@dataclass(frozen=True)
class CleanMetalRate:
    metal: str
    fineness: int
    unit: str
    price: Decimal
    currency: str
    source: str
    effective_at: datetime
    price_per_gram: Decimal


def clean_metal_rate(*, metal, fineness, unit, price, currency, source, effective_at=None,
                     confirm: bool = False) -> CleanMetalRate:
    """Validate one metal rate (ValidationError keyed by field; nothing is written)."""
    errors: dict[str, list[str]] = {}
    metal = (metal or "").strip().lower()
    if metal not in vocab.FINENESS_BY_METAL:
        errors["metal"] = [_("Choose one of: %(allowed)s.") % {"allowed": ", ".join(vocab.FINENESS_BY_METAL)}]
    try:
        fineness = int(str(fineness).strip())
    except (TypeError, ValueError):
        errors["fineness"] = [_("Enter the fineness in parts per thousand (999, 916, 925 …).")]
        fineness = None
    if fineness is not None and metal in vocab.FINENESS_BY_METAL and fineness not in vocab.FINENESS_BY_METAL[metal]:
        errors["fineness"] = [_("%(metal)s comes in %(allowed)s fineness.") % {
            "metal": metal.capitalize(), "allowed": ", ".join(map(str, vocab.FINENESS_BY_METAL[metal]))}]
    unit = (unit or "").strip().lower()
    if unit not in units.RATE_UNITS:
        errors["unit"] = [_("Choose one of: %(allowed)s.") % {"allowed": ", ".join(units.RATE_UNITS)}]
    currency = (currency or "").strip().upper()
    if not is_iso_currency(currency):
        errors["currency"] = [_("“%(code)s” is not an ISO 4217 currency code.") % {"code": currency}]
    elif currency not in fx.rates():
        errors["currency"] = [_("No exchange rate for %(code)s yet: record its FX rate first.") % {"code": currency}]
    number = _decimal(price, field_name="price", places=MAX_RATE_PLACES, errors=errors)
    source = (source or "").strip()
    if not source:
        errors["source"] = [_("Name the source of the rate (e.g. Lahore Sarafa).")]
    elif len(source) > 100:
        errors["source"] = [_("Use at most 100 characters.")]
    moment = _effective_at(effective_at, errors)
    if errors:
        raise ValidationError(errors)
    per_gram = units.per_gram(number, unit)
    if not confirm:
        last = (MetalRate.objects.filter(metal=metal, fineness=fineness, currency=currency)
                .order_by("-effective_at", "-id").first())
        if last is not None and (message := _jump_error(old=last.price_per_gram, new=per_gram,
                                                        what=_("This rate"))):
            raise ValidationError({"confirm": [message]}, code="rate_jump")
    return CleanMetalRate(metal=metal, fineness=fineness, unit=unit, price=number, currency=currency, source=source,
                          effective_at=moment, price_per_gram=per_gram)


def _apply_metal_rate(clean: CleanMetalRate, *, recorded_by) -> MetalRate:
    rate = MetalRate.objects.create(
        metal=clean.metal, fineness=clean.fineness, unit=clean.unit, price=clean.price, currency=clean.currency,
        price_per_gram=clean.price_per_gram, source=clean.source, effective_at=clean.effective_at,
        recorded_by=recorded_by)
    return rate


def record_metal_rate(*, metal: str, fineness: int | str, unit: str, price, currency: str, source: str,
                      effective_at: datetime | str | None = None, confirm: bool = False, recorded_by=None,
                      reprice: bool = True) -> MetalRate:
    """Record a metal rate and reprice the metal-linked listings it affects, in one transaction.

    Rules: see the module docstring. Raises ValidationError keyed by field ("confirm" for an
    unconfirmed jump); nothing is written then.
    """
    clean = clean_metal_rate(metal=metal, fineness=fineness, unit=unit, price=price, currency=currency,
                             source=source, effective_at=effective_at, confirm=confirm)
    with transaction.atomic():
        rate = _apply_metal_rate(clean, recorded_by=recorded_by)
        rate.repriced = reprice_for_rate(rate=rate) if reprice else 0  # for the console's message
    return rate


def record_fx_rate(*, currency: str, per_usd, source: str, effective_at: datetime | str | None = None,
                   confirm: bool = False, recorded_by=None, reprice: bool = True) -> FXRate:
    """Record how many units of `currency` one USD buys; recompute reference prices (and
    metal-linked prices converted through FX) set-based in the same transaction.

    Rules: an ISO currency other than USD; a positive decimal (≤ 8 places); a jump beyond
    PRICING_JUMP_CONFIRM_PERCENT needs confirm=True. ValidationError keyed by field.
    """
    errors: dict[str, list[str]] = {}
    currency = (currency or "").strip().upper()
    if not is_iso_currency(currency):
        errors["currency"] = [_("“%(code)s” is not an ISO 4217 currency code.") % {"code": currency}]
    elif currency == "USD":
        errors["currency"] = [_("USD is the reference currency: its rate is always 1.")]
    number = _decimal(per_usd, field_name="per_usd", places=MAX_FX_PLACES, errors=errors)
    source = (source or "").strip()
    if not source:
        errors["source"] = [_("Name the source of the rate (e.g. State Bank of Pakistan).")]
    moment = _effective_at(effective_at, errors)
    if errors:
        raise ValidationError(errors)
    if not confirm:
        last = FXRate.objects.filter(currency=currency).order_by("-effective_at", "-id").first()
        if last is not None and (message := _jump_error(old=last.per_usd, new=number, what=_("This FX rate"))):
            raise ValidationError({"confirm": [message]}, code="rate_jump")
    with transaction.atomic():
        rate = FXRate.objects.create(currency=currency, per_usd=number, source=source[:100], effective_at=moment,
                                     recorded_by=recorded_by)
        fx.invalidate()
        transaction.on_commit(fx.invalidate)
        rate.repriced = reprice_for_fx(fx_rate=rate) if reprice else 0  # for the console's message
    return rate


def reprice_for_rate(*, rate: MetalRate) -> int:
    """Reprice every metal-linked listing of the rate's metal (set-based); returns how many
    listings changed. Each change is written to ListingPriceChange with the rate as cause."""
    return repricing.reprice_metal_linked(metal=rate.metal, cause=ListingPriceChange.Cause.METAL_RATE,
                                          metal_rate=rate)


def reprice_for_fx(*, fx_rate: FXRate) -> int:
    """After an FX rate: metal-linked prices that were converted through FX, then every reference
    price in that currency. Returns how many listings changed."""
    changed = repricing.reprice_metal_linked(metal=None, cause=ListingPriceChange.Cause.FX_RATE, fx_rate=fx_rate)
    return changed + repricing.reprice_references(currency=fx_rate.currency, fx_rate=fx_rate)


# --- CSV import --------------------------------------------------------------------------------

CSV_COLUMNS = ("kind", "metal", "fineness", "unit", "price", "currency", "source", "effective_at")


@dataclass
class ImportReport:
    metal_rates: list[MetalRate] = field(default_factory=list)
    fx_rates: list[FXRate] = field(default_factory=list)
    repriced: int = 0


def import_rates_csv(*, text: str | bytes, recorded_by=None, confirm: bool = False) -> ImportReport:
    """Record the rates of a CSV file, all or nothing.

    Columns: kind (metal | fx; blank = metal), metal, fineness, unit, price, currency, source,
    effective_at (blank = now). For kind=fx: currency, price (units per USD), source. Every row
    is validated first; errors are keyed "row <n>.<field>" (n counts data rows from 1) and nothing
    is written. Listings are repriced once per metal at the end, in the same transaction.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError({"file": [_("The file is not UTF-8 text.")]}) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("price", "currency", "source") if c not in header]
    if missing:
        raise ValidationError({"file": [_("Missing column(s): %(cols)s. Expected: %(all)s.")
                                        % {"cols": ", ".join(missing), "all": ", ".join(CSV_COLUMNS)}]})
    errors: dict[str, list[str]] = {}
    metal_rows: list[CleanMetalRate] = []
    fx_rows: list[dict] = []
    for n, raw in enumerate(reader, start=1):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        kind = row.get("kind") or "metal"
        try:
            if kind == "metal":
                metal_rows.append(clean_metal_rate(
                    metal=row.get("metal"), fineness=row.get("fineness"), unit=row.get("unit"), price=row.get("price"),
                    currency=row.get("currency"), source=row.get("source"), effective_at=row.get("effective_at"),
                    confirm=confirm))
            elif kind == "fx":
                fx_rows.append((n, {"currency": row.get("currency"), "per_usd": row.get("price"),
                                    "source": row.get("source"), "effective_at": row.get("effective_at") or None}))
            else:
                errors[f"row {n}.kind"] = [_("Use metal or fx.")]
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"row {n}.{name}"] = messages
    if not metal_rows and not fx_rows and not errors:
        errors["file"] = [_("The file has no rates.")]
    if errors:
        raise ValidationError(errors)
    report = ImportReport()
    try:
        with transaction.atomic():
            for n, data in fx_rows:
                try:
                    report.fx_rates.append(record_fx_rate(recorded_by=recorded_by, confirm=confirm, **data))
                except ValidationError as exc:
                    # "per_usd" is the CSV's "price" column.
                    raise ValidationError({f"row {n}.{'price' if k == 'per_usd' else k}": v
                                           for k, v in exc.message_dict.items()}) from exc
            for clean in metal_rows:
                report.metal_rates.append(_apply_metal_rate(clean, recorded_by=recorded_by))
            for metal in sorted({r.metal for r in report.metal_rates}):
                newest = max((r for r in report.metal_rates if r.metal == metal), key=lambda r: r.effective_at)
                report.repriced += reprice_for_rate(rate=newest)
    finally:
        fx.invalidate()
    return report


# --- Provider refresh ------------------------------------------------------------------------------

def refresh_from_provider(*, provider=None, confirm: bool = False) -> list[MetalRate]:
    """Fetch rates from the configured RateProvider and record them, all or nothing.

    A provider error (unreachable, malformed JSON, a missing field) raises ProviderError; a rate
    that fails validation (e.g. an unconfirmed 50 % jump) raises ValidationError; in both cases
    nothing is recorded.
    """
    provider = provider or get_provider()
    quotes = provider.fetch()
    cleaned = []
    errors: dict[str, list[str]] = {}
    for n, quote in enumerate(quotes, start=1):
        try:
            cleaned.append(clean_metal_rate(metal=quote.metal, fineness=quote.fineness, unit=quote.unit,
                                            price=quote.price, currency=quote.currency, source=quote.source,
                                            effective_at=quote.effective_at, confirm=confirm))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"{quote.metal or n}.{name}"] = messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        recorded = [_apply_metal_rate(clean, recorded_by=None) for clean in cleaned]
        for metal in sorted({r.metal for r in recorded}):
            reprice_for_rate(rate=max((r for r in recorded if r.metal == metal), key=lambda r: r.effective_at))
    return recorded


def record_listing_edit(*, listing, old_price: Decimal, old_reference: Decimal, actor) -> None:
    """A seller's edit changed the price: keep it in the same history as repricings."""
    ListingPriceChange.objects.create(
        listing=listing, currency=listing.currency, old_price=old_price, new_price=listing.price,
        old_reference=old_reference, new_reference=listing.reference_price,
        cause=ListingPriceChange.Cause.LISTING_EDIT,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None)
