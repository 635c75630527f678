"""Council staff edit a duty-rate row; every edit writes a DutyRateChange (who, before, after)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError, NotFound
from gembazaar.core.money import is_iso_currency

from .duty_table import as_record
from .models import DutyRate, DutyRateChange

PERCENT_FIELDS = ("duty_percent", "vat_percent", "extra_percent")
TEXT_LIMITS = {"extra_note": 200, "source": 200, "source_url": 300, "note": 2000}
MAX_PERCENT = Decimal(1000)


def _percent(value: object, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter a number."), code="invalid_percent", field=field) from None
    if not amount.is_finite() or amount < 0 or amount >= MAX_PERCENT or -amount.as_tuple().exponent > 3:
        raise DomainError(_("Enter a percentage from 0 to 999.999."), code="invalid_percent", field=field)
    return amount


def _clean(values: dict) -> dict:
    clean = {name: _percent(values[name], name) for name in PERCENT_FIELDS}
    for name, limit in TEXT_LIMITS.items():
        text = str(values.get(name) or "").strip()
        if len(text) > limit:
            raise DomainError(_("Too long."), code="too_long", field=name)
        clean[name] = text
    if not clean["source"]:
        raise DomainError(_("Every row needs its source."), code="source_required", field="source")
    try:
        clean["year"] = int(values["year"])
    except (TypeError, ValueError):
        raise DomainError(_("Enter a year."), code="invalid_year", field="year") from None
    if not 2000 <= clean["year"] <= 2100:
        raise DomainError(_("Enter a year."), code="invalid_year", field="year")
    if values.get("confidence") not in DutyRate.Confidence.values:
        raise DomainError(_("Choose stated or approximate."), code="invalid_confidence", field="confidence")
    clean["confidence"] = values["confidence"]
    if values.get("duty_base") not in DutyRate.Base.values:
        raise DomainError(_("Choose the duty base."), code="invalid_duty_base", field="duty_base")
    clean["duty_base"] = values["duty_base"]
    raw_minimis = str(values.get("de_minimis_value") or "").strip()
    if raw_minimis:
        currency = str(values.get("de_minimis_currency") or "").strip().upper()
        if not is_iso_currency(currency):
            raise DomainError(_("Not an ISO 4217 currency code."), code="invalid_currency",
                              field="de_minimis_currency")
        if values.get("de_minimis_scope") not in DutyRate.DeMinimisScope.values:
            raise DomainError(_("Choose what the threshold covers."), code="invalid_scope", field="de_minimis_scope")
        try:
            minimis = Decimal(raw_minimis)
        except InvalidOperation:
            raise DomainError(_("Enter a number."), code="invalid_amount", field="de_minimis_value") from None
        if not minimis.is_finite() or minimis < 0 or minimis >= Decimal("1e10") or -minimis.as_tuple().exponent > 2:
            raise DomainError(_("Enter an amount."), code="invalid_amount", field="de_minimis_value")
        clean.update(de_minimis_value=minimis, de_minimis_currency=currency,
                     de_minimis_scope=values["de_minimis_scope"])
    else:
        clean.update(de_minimis_value=None, de_minimis_currency="", de_minimis_scope="")
    return clean


def duty_rate_update(*, rate_id: int, user, values: dict) -> DutyRate:
    """Change one row; nothing is written when a field is bad (DomainError naming it)."""
    clean = _clean(values)
    with transaction.atomic():
        rate = DutyRate.objects.select_for_update().filter(pk=rate_id).first()
        if rate is None:
            raise NotFound(_("No such duty rate."), field="rate")
        before = as_record(rate)
        for name, value in clean.items():
            setattr(rate, name, value)
        after = as_record(rate)
        if after != before:
            rate.save()
            DutyRateChange.objects.create(country=rate.country, hs_prefix=rate.hs_prefix, kind="edit",
                                          changed_by=user, before=before, after=after)
    return rate
