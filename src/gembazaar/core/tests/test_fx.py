"""Conversion rates as a person reads them."""

from decimal import Decimal

import pytest

from gembazaar.core import fx


@pytest.mark.parametrize(("source", "rate", "target", "text"), [
    ("PKR", Decimal("0.0035523979"), "USD", "1 USD = 281.5 PKR"),
    ("USD", Decimal("281.5"), "PKR", "1 USD = 281.5 PKR"),
    ("EUR", Decimal("1.0850"), "USD", "1 EUR = 1.085 USD"),
])
def test_a_rate_reads_as_the_larger_side_per_one_unit(source, rate, target, text):
    assert fx.rate_text(source, rate, target) == text
