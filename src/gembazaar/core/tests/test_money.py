from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gembazaar.core import fx
from gembazaar.core.money import format_money, minor_units, quantize, validate_amount


def test_minor_units_follow_iso_4217():
    assert (minor_units("PKR"), minor_units("JPY"), minor_units("KWD")) == (2, 0, 3)


def test_quantize_rounds_half_up_to_the_minor_unit():
    assert quantize(Decimal("1.005"), "USD") == Decimal("1.01")
    assert quantize(Decimal("8899.5"), "JPY") == Decimal("8900")


@pytest.mark.parametrize(("locale", "amount", "currency", "expected"), [
    ("en", Decimal("1234.5"), "USD", "$1,234.50"),
    ("en", Decimal("8899.5"), "JPY", "¥8,900"),
    # Rupees as Pakistan writes them: "Rs", whole rupees without ".00", paisa kept when present.
    ("en", Decimal("1234567"), "PKR", "Rs\u00a01,234,567"),
    ("ur", Decimal("1234567.00"), "PKR", "Rs\u00a01,234,567"),
    ("en", Decimal("829216.67"), "PKR", "Rs\u00a0829,216.67"),
    ("ar", Decimal("1234567"), "PKR", "\u200f1,234,567\u00a0PKR"),  # Arabic's own pattern, no decimals
    ("ar", Decimal("1234.5"), "AED", "\u200f1,234.50\u00a0د.إ.\u200f"),
    ("zh-hans", Decimal("1234.56"), "USD", "US$1,234.56"),
])
def test_format_money_per_locale(locale, amount, currency, expected):
    assert format_money(amount, currency, locale) == expected


def test_validate_amount_refuses_floats_and_bad_currencies():
    with pytest.raises(ValidationError):
        validate_amount(1.5, "USD")
    with pytest.raises(ValidationError) as exc:
        validate_amount("1", "XXX")
    assert "currency" in exc.value.message_dict


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2))
def test_reference_conversion_round_trips_within_a_cent_per_unit(amount):
    usd = fx.to_reference(amount, "USD")
    assert usd == amount
    pkr_reference = fx.to_reference(amount, "PKR")
    pkr_back = fx.from_reference(pkr_reference, "PKR")
    if amount / fx.INDICATIVE_PER_USD["PKR"] >= Decimal("0.005"):  # worth at least half a cent
        assert abs(pkr_back - amount) <= fx.INDICATIVE_PER_USD["PKR"] / 200
    else:  # less: the reference is the floor, one cent, so it still sorts and stays positive
        assert pkr_reference == fx.MIN_REFERENCE
