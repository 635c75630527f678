"""Exact weight units and purity. Decimal only, never float.

A tola is 11.6638038 g (3/8 troy ounce), a masha 1/12 tola, a ratti 1/8 masha, a troy ounce
31.1034768 g. Converting *to* grams multiplies by an exact constant, so it is exact in Decimal;
converting *from* grams divides and is exact as a Fraction (`grams_to_fraction`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from gembazaar.catalogue.vocab import FINENESS_TO_KARAT, KARAT_TO_FINENESS

GRAM, TOLA, TEN_GRAM, TROY_OUNCE, MASHA, RATTI = "gram", "tola", "ten_gram", "troy_ounce", "masha", "ratti"

GRAMS_PER_TOLA = Decimal("11.6638038")
GRAMS_PER_TROY_OUNCE = Decimal("31.1034768")

# Grams in one unit, as exact Fractions (masha and ratti are not finite decimals: 11.6638038/12/8).
GRAMS: dict[str, Fraction] = {
    GRAM: Fraction(1),
    TOLA: Fraction(GRAMS_PER_TOLA),
    TEN_GRAM: Fraction(10),
    TROY_OUNCE: Fraction(GRAMS_PER_TROY_OUNCE),
    MASHA: Fraction(GRAMS_PER_TOLA) / 12,
    RATTI: Fraction(GRAMS_PER_TOLA) / 96,
}
# Units a metal rate may be quoted per (masha and ratti are weights, not quoting units).
RATE_UNITS = (GRAM, TOLA, TEN_GRAM, TROY_OUNCE)
RATE_UNIT_LABELS = {GRAM: "gram", TOLA: "tola", TEN_GRAM: "10 g", TROY_OUNCE: "troy ounce"}

# Rates per gram are kept to this many decimal places (1e-10 of a currency unit per gram): the
# price engine and the SQL repricer read the same stored number, so they agree to the last paisa.
RATE_PLACES = 10
RATE_QUANTUM = Decimal(1).scaleb(-RATE_PLACES)

PURE = 999  # the fineness of the "24K" / fine-metal rate that councils publish


def grams(amount: Decimal, unit: str) -> Fraction:
    """`amount` of `unit` in grams, exactly."""
    return Fraction(amount) * GRAMS[unit]


def to_grams(amount: Decimal, unit: str) -> Decimal:
    """`amount` of `unit` in grams as a Decimal (exact for gram, tola, 10 g and troy ounce)."""
    exact = grams(amount, unit)
    if unit in (MASHA, RATTI):
        return fraction_to_decimal(exact, 12)
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(amount) * Decimal(str(GRAMS[unit].numerator)) / Decimal(GRAMS[unit].denominator)


def grams_to(amount_g: Decimal, unit: str) -> Fraction:
    """`amount_g` grams expressed in `unit`, exactly (a Fraction)."""
    return Fraction(amount_g) / GRAMS[unit]


def fraction_to_decimal(value: Fraction, places: int) -> Decimal:
    """Round an exact Fraction half up to `places` decimals."""
    quantum = Decimal(1).scaleb(-places)
    with localcontext() as ctx:
        ctx.prec = 80
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(quantum, rounding=ROUND_HALF_UP)


def per_gram(price: Decimal, unit: str) -> Decimal:
    """A price per `unit` as a price per gram, to RATE_PLACES decimals (half up)."""
    return fraction_to_decimal(Fraction(price) / GRAMS[unit], RATE_PLACES)


def per_unit(price_per_gram: Decimal, unit: str, places: int) -> Decimal:
    """A price per gram as a price per `unit`, rounded to `places` decimals."""
    return fraction_to_decimal(Fraction(price_per_gram) * GRAMS[unit], places)


def purity(metal: str, fineness: int) -> Fraction:
    """The share of fine metal the pricing rule assigns to a fineness, relative to the 999 rate.

    One rule everywhere (rates derived for a fineness, and the price engine): the published 999
    ("24K") rate is the price of fine metal, so 999 counts as 1; gold karats follow the Sarafa
    convention K/24 (22K = 22/24 = 0.91666…, not 0.916; 21K = 0.875; 18K = 0.75) for each karat's
    standard fineness; every other fineness is fineness/1000 (silver 925 = 0.925, platinum 950 =
    0.95, and 24K gold at 995, which is less fine than the 999 the rate is for).
    """
    if fineness == PURE:
        return Fraction(1)
    if metal == "gold":
        karat = FINENESS_TO_KARAT.get(fineness)
        if karat is not None and KARAT_TO_FINENESS[karat] == fineness:
            return Fraction(karat, 24)
    return Fraction(fineness, 1000)


def derive_per_gram(rate_per_gram: Decimal, *, metal: str, from_fineness: int, to_fineness: int) -> Decimal:
    """A per-gram rate for `from_fineness` converted to `to_fineness` by purity, to RATE_PLACES."""
    if from_fineness == to_fineness:
        return rate_per_gram
    ratio = purity(metal, to_fineness) / purity(metal, from_fineness)
    return fraction_to_decimal(Fraction(rate_per_gram) * ratio, RATE_PLACES)
