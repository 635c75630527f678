"""Schemas and the answer shape of the landed-cost endpoints (the handlers are in shipping/api.py)."""

from __future__ import annotations

from ninja import Field, Schema

from gembazaar.core.api import DecimalIn, DecimalString

from .landed_cost import LandedCost


class LandedLineIn(Schema):
    hs_code: str = Field(max_length=20, examples=["7103.91"])
    value: DecimalIn = Field(description="The line's value (> 0), in `currency` of the line.", examples=["500.00"])
    currency: str = Field(max_length=3, examples=["USD"])


class LandedCostIn(Schema):
    country: str = Field(max_length=2, description="ISO 3166-1 alpha-2 destination.", examples=["DE"])
    lines: list[LandedLineIn] = Field(min_length=1, max_length=200)
    shipping: DecimalIn = Field(description="Shipping charged, ≥ 0, in `currency`.", examples=["25.00"])
    currency: str = Field(max_length=3, description="The currency of the estimate and of `shipping`.",
                          examples=["EUR"])


class DutyRateRowOut(Schema):
    country: str
    hs_prefix: str = Field(examples=["7113"])
    duty_percent: DecimalString
    vat_percent: DecimalString
    extra_percent: DecimalString
    extra_note: str
    source: str
    source_url: str
    year: int
    confidence: str = Field(examples=["approximate"])


class LandedLineOut(Schema):
    hs_code: str
    value: DecimalString
    has_estimate: bool = Field(description="False: no row for this HS code and country (\"no estimate\").")
    duty: DecimalString | None
    additional_tariff: DecimalString | None
    vat: DecimalString | None
    de_minimis: bool
    rate: DutyRateRowOut | None


class LandedCostOut(Schema):
    country: str
    currency: str
    incoterm: str = Field(description="DAP: the buyer pays duty and VAT on arrival.", examples=["DAP"])
    goods: DecimalString
    shipping: DecimalString
    has_estimate: bool
    partial: bool = Field(description="Some lines have no estimate: the totals cover only the others.")
    duty: DecimalString | None
    additional_tariff: DecimalString | None
    vat: DecimalString | None
    total: DecimalString | None = Field(description="null when no line has an estimate (never a zero).")
    confidence: str | None = Field(examples=["approximate"])
    lines: list[LandedLineOut]


def _rate_out(rate) -> dict | None:
    if rate is None:
        return None
    return {name: getattr(rate, name) for name in DutyRateRowOut.model_fields}


def landed_cost_out(estimate: LandedCost) -> dict:
    return {
        "country": estimate.country, "currency": estimate.currency, "incoterm": "DAP",
        "goods": estimate.goods, "shipping": estimate.shipping, "has_estimate": estimate.has_estimate,
        "partial": estimate.partial, "duty": estimate.duty, "additional_tariff": estimate.extra,
        "vat": estimate.vat, "total": estimate.total, "confidence": estimate.confidence,
        "lines": [{"hs_code": line.hs_code, "value": line.value, "has_estimate": line.has_estimate,
                   "duty": line.duty, "additional_tariff": line.extra, "vat": line.vat,
                   "de_minimis": line.de_minimis, "rate": _rate_out(line.rate)} for line in estimate.lines],
    }
