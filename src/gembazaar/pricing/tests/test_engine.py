"""The price engine: worked examples from DOMAIN.md and properties that must always hold."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gembazaar.core.money import minor_units
from gembazaar.pricing import engine, units

TOLA_24K = Decimal("452300")  # PKR per tola


def gold_22k(**overrides) -> engine.PriceInputs:
    values = {"metal": "gold", "fineness": 916, "net_weight_g": units.to_grams(Decimal(2), units.TOLA),
              "making_mode": "percent", "making_value": Decimal(0), "currency": "PKR",
              "rate_per_gram": units.per_gram(TOLA_24K, units.TOLA), "rate_fineness": 999}
    values.update(overrides)
    return engine.PriceInputs(**values)


def test_a_22k_piece_of_two_tola_is_worth_two_tola_of_24k_times_22_over_24():
    # 2 tola × 452,300 × 22/24 = 829,216.666… → Rs 829,216.67 (22K purity is 22/24, not 0.916).
    breakdown = engine.price(gold_22k())
    assert breakdown.metal_value == Decimal("829216.67")
    assert breakdown.total == Decimal("829216.67")


def test_worked_example_with_making_wastage_stones_and_margin():
    breakdown = engine.price(gold_22k(making_value=Decimal(10), wastage_percent=Decimal(5),
                                      stone_value=Decimal(15000), margin_percent=Decimal(3)))
    assert breakdown.metal_value == Decimal("829216.67")
    assert breakdown.making == Decimal("82921.67")  # 10 % of the metal value
    assert breakdown.wastage == Decimal("41460.83")  # 5 % more metal at the 22K rate
    assert breakdown.stones == Decimal("15000.00")
    assert breakdown.margin == Decimal("29057.98")  # 3 % of 968,599.17
    assert breakdown.total == Decimal("997657.15")
    assert breakdown.total == (breakdown.metal_value + breakdown.making + breakdown.wastage + breakdown.stones
                               + breakdown.margin)


def test_making_per_tola_and_per_gram_and_fixed():
    assert engine.price(gold_22k(making_mode="per_tola", making_value=Decimal(5000))).making == Decimal("10000.00")
    per_gram = engine.price(gold_22k(net_weight_g=Decimal("10"), making_mode="per_gram",
                                     making_value=Decimal("850.5")))
    assert per_gram.making == Decimal("8505.00")
    assert engine.price(gold_22k(making_mode="fixed", making_value=Decimal("12000"))).making == Decimal("12000.00")


def test_a_rate_entered_for_the_pieces_own_fineness_is_used_as_is():
    rate_22k = units.per_gram(Decimal("414600"), units.TOLA)
    breakdown = engine.price(gold_22k(rate_per_gram=rate_22k, rate_fineness=916))
    assert breakdown.rate_per_gram == rate_22k
    assert breakdown.metal_value == Decimal("829200.00")


def test_other_metals_use_fineness_over_1000():
    silver = engine.price(engine.PriceInputs(
        metal="silver", fineness=925, net_weight_g=Decimal("100"), making_mode="fixed", making_value=Decimal(0),
        currency="PKR", rate_per_gram=Decimal("500"), rate_fineness=999))
    assert silver.metal_value == Decimal("46250.00")  # 100 g × 500 × 0.925


def test_the_total_follows_the_currency_minor_unit():
    assert engine.price(gold_22k(currency="JPY")).total.as_tuple().exponent == 0
    assert engine.price(gold_22k(currency="KWD")).total.as_tuple().exponent == -3


def test_floats_are_refused():
    with pytest.raises(TypeError):
        engine.price(gold_22k(net_weight_g=23.3))
    with pytest.raises(ValueError):
        engine.price(gold_22k(making_mode="per_kilo"))


def test_unit_constants_and_conversions_are_exact():
    assert units.to_grams(Decimal(1), units.TOLA) == Decimal("11.6638038")
    assert units.to_grams(Decimal(1), units.TROY_OUNCE) == Decimal("31.1034768")
    assert units.GRAMS[units.TOLA] == Fraction(3, 8) * units.GRAMS[units.TROY_OUNCE]
    assert units.GRAMS[units.MASHA] * 12 == units.GRAMS[units.TOLA]
    assert units.GRAMS[units.RATTI] * 8 == units.GRAMS[units.MASHA]
    assert units.purity("gold", 916) == Fraction(22, 24)
    assert units.purity("gold", 999) == 1
    assert units.purity("silver", 925) == Fraction(925, 1000)
    assert units.purity("gold", 995) == Fraction(995, 1000)  # 24K at 995 is less fine than the 999 rate


# --- Properties -------------------------------------------------------------------------------

weights = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("10000"), places=3)
rates = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("100000"), places=4)
percents = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2)
currencies = st.sampled_from(["PKR", "USD", "JPY", "KWD", "AED"])
modes = st.sampled_from(engine.MAKING_MODES)
finenesses = st.sampled_from([999, 916, 875, 750, 585, 417, 375])


@st.composite
def inputs(draw, weight=None, rate=None):
    return engine.PriceInputs(
        metal="gold", fineness=draw(finenesses), net_weight_g=weight if weight is not None else draw(weights),
        making_mode=draw(modes), making_value=draw(st.decimals(min_value=0, max_value=100000, places=3)),
        currency=draw(currencies), rate_per_gram=rate if rate is not None else draw(rates),
        wastage_percent=draw(percents), stone_value=draw(st.decimals(min_value=0, max_value=10**7, places=2)),
        margin_percent=draw(percents))


@settings(max_examples=200, deadline=None)
@given(inputs(), weights)
def test_more_metal_never_costs_less(base, other):
    small, large = sorted([base.net_weight_g, other])
    low = engine.price(engine.PriceInputs(**{**base.__dict__, "net_weight_g": small}))
    high = engine.price(engine.PriceInputs(**{**base.__dict__, "net_weight_g": large}))
    assert low.total <= high.total


@settings(max_examples=200, deadline=None)
@given(inputs(), rates)
def test_a_higher_rate_never_lowers_the_price(base, other):
    small, large = sorted([base.rate_per_gram, other])
    low = engine.price(engine.PriceInputs(**{**base.__dict__, "rate_per_gram": small}))
    high = engine.price(engine.PriceInputs(**{**base.__dict__, "rate_per_gram": large}))
    assert low.total <= high.total


@settings(max_examples=200, deadline=None)
@given(inputs())
def test_every_part_is_a_decimal_in_the_currency_minor_unit_and_they_add_up(value):
    breakdown = engine.price(value)
    parts = [breakdown.metal_value, breakdown.making, breakdown.wastage, breakdown.stones, breakdown.margin]
    for amount in [*parts, breakdown.total]:
        assert isinstance(amount, Decimal)
        assert amount.as_tuple().exponent == -minor_units(value.currency)
    assert sum(parts) == breakdown.total


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2),
       st.sampled_from([*units.RATE_UNITS, units.MASHA, units.RATTI]))
def test_unit_round_trips_are_exact(amount, unit):
    assert units.grams_to(units.grams(amount, unit), unit) == Fraction(amount)
    if unit in units.RATE_UNITS:
        assert units.to_grams(amount, unit) == amount * units.to_grams(Decimal(1), unit)  # exact in Decimal
        # A rate per unit → per gram (10 places) → per unit at 2 places gives back the rate entered.
        assert units.per_unit(units.per_gram(amount, unit), unit, 2) == amount
