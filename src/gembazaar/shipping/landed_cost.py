"""Landed cost: an estimate of the import duty and VAT/GST a buyer pays at the destination.

Rules (per row of DutyRate, documented in docs/SHIPPING.md "Landed cost"):
- the row is the longest hs_prefix matching the line's HS code for the destination; no row (or no
  HS code) means "no estimate" for that line, never zero, and the total is marked partial;
- shipping is shared between lines in proportion to their value;
- duty (and any additional tariff) is a % of the goods plus their shipping share ("cif"), or of
  the goods alone ("fob", the US rule);
- VAT/GST is a % of goods + shipping share + duty + additional tariff;
- de minimis: when the consignment's goods value (converted with core.fx) is at or below the
  row's threshold, the duty (scope "duty") or the duty and VAT (scope "duty_and_vat") is zero;
- money is Decimal, each amount rounded half up to the currency's minor unit, totals summed
  from the rounded lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from gembazaar.core import fx
from gembazaar.core.errors import DomainError
from gembazaar.core.money import is_iso_currency, quantize

from .duty_table import normalise_hs
from .models import DutyRate

HUNDRED = Decimal(100)
MAX_LINES = 200
MAX_AMOUNT = Decimal("1e12")


@dataclass(frozen=True)
class LineEstimate:
    hs_code: str
    value: Decimal            # in the estimate's currency
    duty: Decimal | None      # None: no estimate for this line
    extra: Decimal | None     # additional tariff (e.g. the US reciprocal tariff)
    vat: Decimal | None
    rate: DutyRate | None
    de_minimis: bool = False  # the consignment is under this row's threshold

    @property
    def has_estimate(self) -> bool:
        return self.rate is not None

    @property
    def total(self) -> Decimal | None:
        return None if self.rate is None else self.duty + self.extra + self.vat


@dataclass(frozen=True)
class LandedCost:
    country: str
    currency: str
    lines: list[LineEstimate]
    goods: Decimal
    shipping: Decimal

    @property
    def has_estimate(self) -> bool:
        return any(line.has_estimate for line in self.lines)

    @property
    def partial(self) -> bool:
        """Some lines have no estimate: the total covers only the others."""
        return any(not line.has_estimate for line in self.lines)

    def _sum(self, name: str) -> Decimal | None:
        if not self.has_estimate:
            return None
        return sum((getattr(line, name) for line in self.lines if line.has_estimate), Decimal(0))

    @property
    def duty(self) -> Decimal | None:
        return self._sum("duty")

    @property
    def extra(self) -> Decimal | None:
        return self._sum("extra")

    @property
    def vat(self) -> Decimal | None:
        return self._sum("vat")

    @property
    def total(self) -> Decimal | None:
        return self._sum("total")

    @property
    def de_minimis(self) -> bool:
        return any(line.de_minimis for line in self.lines)

    @property
    def confidence(self) -> str | None:
        """"approximate" when any row used is approximate."""
        used = {line.rate.confidence for line in self.lines if line.rate is not None}
        return None if not used else ("approximate" if "approximate" in used else "stated")


def _amount(value: object, field: str, *, allow_zero: bool) -> Decimal:
    if isinstance(value, float) or not isinstance(value, Decimal | int | str):
        raise DomainError(_("Enter a number."), code="invalid_amount", field=field)
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError:
        raise DomainError(_("Enter a number."), code="invalid_amount", field=field) from None
    if not amount.is_finite() or amount < 0 or (amount == 0 and not allow_zero):
        raise DomainError(_("Must be greater than zero.") if not allow_zero else _("Must not be negative."),
                          code="invalid_amount", field=field)
    if amount >= MAX_AMOUNT:
        raise DomainError(_("This amount is too large."), code="invalid_amount", field=field)
    return amount


def clean_currency(code: object, field: str = "currency") -> str:
    if not isinstance(code, str) or not is_iso_currency(code.strip().upper()):
        raise DomainError(_("Not an ISO 4217 currency code."), code="invalid_currency", field=field)
    return code.strip().upper()


def clean_country(country: object) -> str:
    if not isinstance(country, str) or len(country.strip()) != 2 or not country.strip().isascii() \
            or not country.strip().isalpha():
        raise DomainError(_("Enter a two-letter ISO 3166 country code."), code="invalid_country", field="country")
    return country.strip().upper()


def rate_for(rates: list[DutyRate], hs_code: str) -> DutyRate | None:
    """The row with the longest prefix of the HS code, or None."""
    digits = normalise_hs(hs_code)
    if not digits:
        return None
    matches = [r for r in rates if digits.startswith(normalise_hs(r.hs_prefix))]
    return max(matches, key=lambda r: len(normalise_hs(r.hs_prefix)), default=None)


def _under_de_minimis(rate: DutyRate, goods: Decimal, currency: str) -> bool:
    if rate.de_minimis_value is None or not rate.de_minimis_currency:
        return False
    try:
        goods_there = fx.convert(goods, currency, rate.de_minimis_currency)
    except DomainError:  # no FX rate for the threshold's currency: do not assume the exemption
        return False
    return goods_there <= rate.de_minimis_value


def estimate(*, country: str, lines: list[tuple[str, Decimal, str]], shipping: Decimal,
             currency: str) -> LandedCost:
    """The duty and VAT for a consignment to `country`, in `currency`. See the module docstring."""
    country = clean_country(country)
    currency = clean_currency(currency, "currency")
    shipping = quantize(_amount(shipping, "shipping", allow_zero=True), currency)
    if not lines or len(lines) > MAX_LINES:
        raise DomainError(_("Give between 1 and %(max)d lines.") % {"max": MAX_LINES}, code="invalid_lines",
                          field="lines")
    values = []
    for index, (hs_code, value, line_currency) in enumerate(lines):
        line_currency = clean_currency(line_currency, f"lines.{index}.currency")
        amount = _amount(value, f"lines.{index}.value", allow_zero=False)
        if not isinstance(hs_code, str) or len(hs_code) > 20:
            raise DomainError(_("Enter an HS code such as 7103.91."), code="invalid_hs_code",
                              field=f"lines.{index}.hs_code")
        values.append((hs_code, quantize(fx.convert(amount, line_currency, currency), currency)))
    goods = sum((v for _code, v in values), Decimal(0))
    rates = list(DutyRate.objects.filter(country=country))
    out = []
    for hs_code, value in values:
        rate = rate_for(rates, hs_code)
        if rate is None:
            out.append(LineEstimate(hs_code, value, None, None, None, None))
            continue
        share = shipping * value / goods if goods else Decimal(0)
        duty_base = value + share if rate.duty_base == DutyRate.Base.CIF else value
        exempt = _under_de_minimis(rate, goods, currency)
        no_duty = exempt
        no_vat = exempt and rate.de_minimis_scope == DutyRate.DeMinimisScope.DUTY_AND_VAT
        duty = Decimal(0) if no_duty else duty_base * rate.duty_percent / HUNDRED
        extra = Decimal(0) if no_duty else duty_base * rate.extra_percent / HUNDRED
        vat = Decimal(0) if no_vat else (value + share + duty + extra) * rate.vat_percent / HUNDRED
        out.append(LineEstimate(hs_code, value, quantize(duty, currency), quantize(extra, currency),
                                quantize(vat, currency), rate, exempt))
    return LandedCost(country, currency, out, goods, shipping)
