"""The price of a metal-linked piece of jewelry: a pure function of its terms and the rate.

    metal     = net g × rate per g (for the piece's fineness)
    making    = per_gram: value × net g · per_tola: value × net g / 11.6638038
                percent: metal × value / 100 · fixed: value
    wastage   = net g × wastage % / 100 × rate per g   (extra weight charged)
    stones    = stone value
    margin    = (metal + making + wastage + stones) × margin % / 100
    total     = metal + making + wastage + stones + margin

Each part is rounded half up to the currency's minor unit (core.money.quantize) and the total
is the sum of the rounded parts, so a breakdown always adds up. The SQL repricer
(repricing.py) computes exactly the same expressions. Decimal throughout, never float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from gembazaar.core.money import quantize

from . import units

MAKING_MODES = ("per_gram", "per_tola", "percent", "fixed")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PriceInputs:
    """Everything the engine needs. `rate_per_gram` is for `rate_fineness` (999 or the piece's own)."""

    metal: str
    fineness: int
    net_weight_g: Decimal
    making_mode: str
    making_value: Decimal
    currency: str
    rate_per_gram: Decimal
    rate_fineness: int = units.PURE
    wastage_percent: Decimal = Decimal(0)
    stone_value: Decimal = Decimal(0)
    margin_percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class PriceBreakdown:
    currency: str
    rate_per_gram: Decimal  # for the piece's fineness, RATE_PLACES decimals
    metal_value: Decimal
    making: Decimal
    wastage: Decimal
    stones: Decimal
    margin: Decimal
    total: Decimal

    def as_dict(self) -> dict[str, Decimal | str]:
        return {"currency": self.currency, "rate_per_gram": self.rate_per_gram, "metal_value": self.metal_value,
                "making": self.making, "wastage": self.wastage, "stones": self.stones, "margin": self.margin,
                "total": self.total}


def _check(inputs: PriceInputs) -> None:
    for name in ("net_weight_g", "making_value", "rate_per_gram", "wastage_percent", "stone_value",
                 "margin_percent"):
        value = getattr(inputs, name)
        if not isinstance(value, Decimal | int) or isinstance(value, bool):
            raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    if inputs.making_mode not in MAKING_MODES:
        raise ValueError(f"unknown making charge mode {inputs.making_mode!r}")


def price(inputs: PriceInputs) -> PriceBreakdown:
    """The breakdown and total of a metal-linked piece (see the module docstring for the rule)."""
    _check(inputs)
    cur = inputs.currency
    rate = units.derive_per_gram(Decimal(inputs.rate_per_gram), metal=inputs.metal,
                                 from_fineness=inputs.rate_fineness, to_fineness=inputs.fineness)
    net = Decimal(inputs.net_weight_g)
    with localcontext() as ctx:
        ctx.prec = 60  # every product below is exact at this precision; only per_tola divides
        metal_value = quantize(net * rate, cur)
        value = Decimal(inputs.making_value)
        if inputs.making_mode == "per_gram":
            making = quantize(value * net, cur)
        elif inputs.making_mode == "per_tola":
            making = quantize(value * net / units.GRAMS_PER_TOLA, cur)
        elif inputs.making_mode == "percent":
            making = quantize(metal_value * value / HUNDRED, cur)
        else:
            making = quantize(value, cur)
        wastage = quantize(net * Decimal(inputs.wastage_percent) / HUNDRED * rate, cur)
        stones = quantize(Decimal(inputs.stone_value), cur)
        subtotal = metal_value + making + wastage + stones
        margin = quantize(subtotal * Decimal(inputs.margin_percent) / HUNDRED, cur)
        total = subtotal + margin
    return PriceBreakdown(currency=cur, rate_per_gram=rate, metal_value=metal_value, making=making,
                          wastage=wastage, stones=stones, margin=margin, total=total)
