"""Rates from a CSV file: all or nothing, errors naming the row and field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gembazaar.core import fx
from gembazaar.pricing import services
from gembazaar.pricing.models import FXRate, MetalRate
from gembazaar.testing import make_jewelry_listing

from .conftest import record_gold

pytestmark = pytest.mark.django_db

GOOD = """kind,metal,fineness,unit,price,currency,source,effective_at
metal,gold,999,tola,452300,PKR,Lahore Sarafa,
metal,gold,916,ten_gram,355600,PKR,Lahore Sarafa,
metal,silver,999,tola,5450,PKR,Lahore Sarafa,
fx,,,,282.25,PKR,State Bank of Pakistan,
"""


def test_a_good_file_records_every_rate_and_reprices():
    record_gold(price="440000")
    listing = make_jewelry_listing(price_mode="metal_linked")
    report = services.import_rates_csv(text=GOOD.encode())
    assert len(report.metal_rates) == 3 and len(report.fx_rates) == 1
    assert fx.rate_per_usd("PKR") == Decimal("282.25")
    old = listing.price
    listing.refresh_from_db()
    assert listing.price != old and report.repriced >= 1


def test_one_bad_row_rejects_the_whole_file_naming_row_and_field():
    bad = GOOD.replace("5450,PKR", "-5450,PKR").replace("gold,916,ten_gram", "gold,990,ten_gram")
    with pytest.raises(ValidationError) as caught:
        services.import_rates_csv(text=bad)
    assert set(caught.value.message_dict) == {"row 2.fineness", "row 3.price"}
    assert MetalRate.objects.count() == 0 and not FXRate.objects.exclude(source="indicative seed").exists()


def test_a_file_without_the_needed_columns_is_refused():
    with pytest.raises(ValidationError) as caught:
        services.import_rates_csv(text="metal,fineness\ngold,999\n")
    assert "file" in caught.value.message_dict


def test_the_import_rates_command(tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    good = tmp_path / "rates.csv"
    good.write_text(GOOD)
    out = StringIO()
    call_command("import_rates", str(good), stdout=out)
    assert "Recorded 3 metal rate(s) and 1 FX rate(s)" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD.replace("452300", "0"))
    with pytest.raises(CommandError, match=r"row 1\.price"):
        call_command("import_rates", str(bad))


def test_a_bad_fx_row_is_named_by_its_row_and_nothing_is_recorded():
    bad = GOOD.replace("282.25,PKR", "-1,PKR")
    with pytest.raises(ValidationError) as caught:
        services.import_rates_csv(text=bad)
    assert set(caught.value.message_dict) == {"row 4.price"}
    assert MetalRate.objects.count() == 0 and not FXRate.objects.exclude(source="indicative seed").exists()
