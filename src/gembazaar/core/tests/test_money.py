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
])
def test_format_money_per_locale(locale, amount, currency, expected):
    assert format_money(amount, currency, locale) == expected


def test_format_money_in_urdu_uses_the_rupee_sign():
    assert "Rs" in format_money(Decimal("1234567"), "PKR", "ur") or "₨" in format_money(Decimal("1"), "PKR", "ur")


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
