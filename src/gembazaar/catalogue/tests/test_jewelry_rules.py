"""Each domain rule of a piece of jewelry, with good and bad cases."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gembazaar.catalogue.validation import clean_jewelry
from gembazaar.core.middleware import CURRENCY_SESSION_KEY
from gembazaar.testing import jewelry_data, make_jewelry_listing


def errors_of(**overrides) -> dict:
    with pytest.raises(ValidationError) as exc:
        clean_jewelry(jewelry_data(**overrides))
    return exc.value.message_dict


def test_a_valid_22k_ring_passes():
    cleaned = clean_jewelry(jewelry_data())
    assert (cleaned["karat"], cleaned["fineness"]) == (22, 916)


def test_net_metal_weight_cannot_exceed_gross():
    errors = errors_of(gross_weight_g="5.000", net_metal_weight_g="5.001")
    assert "net_metal_weight_g" in errors
    assert "5.001" in errors["net_metal_weight_g"][0]


def test_net_equal_to_gross_is_fine():
    assert clean_jewelry(jewelry_data(gross_weight_g="5", net_metal_weight_g="5"))["net_metal_weight_g"] == 5


@pytest.mark.parametrize(("karat", "fineness"), [(24, 999), (22, 916), (21, 875), (18, 750), (14, 585), (9, 375)])
def test_karat_agrees_with_fineness(karat, fineness):
    cleaned = clean_jewelry(jewelry_data(karat=karat, fineness=fineness))
    assert cleaned["fineness"] == fineness


@pytest.mark.parametrize(("karat", "fineness"), [(22, 750), (18, 916), (21, 999)])
def test_karat_disagreeing_with_fineness_is_refused(karat, fineness):
    errors = errors_of(karat=karat, fineness=fineness)
    assert f"{karat}K gold is" in errors["fineness"][0]


def test_karat_alone_derives_the_fineness_and_fineness_alone_the_karat():
    assert clean_jewelry(jewelry_data(karat=21, fineness=None))["fineness"] == 875
    assert clean_jewelry(jewelry_data(karat=None, fineness=750))["karat"] == 18


def test_non_standard_karat_is_refused():
    assert "karat" in errors_of(karat=23, fineness=None)


def test_karat_is_for_gold_only():
    assert "karat" in errors_of(metal="silver", karat=22, fineness=925)


@pytest.mark.parametrize(("metal", "fineness"), [("silver", 916), ("platinum", 925), ("palladium", 999)])
def test_fineness_must_exist_for_the_metal(metal, fineness):
    assert "fineness" in errors_of(metal=metal, karat=None, fineness=fineness)


def test_sterling_silver_and_platinum_are_accepted():
    assert clean_jewelry(jewelry_data(metal="silver", karat=None, fineness=925))["karat"] is None
    assert clean_jewelry(jewelry_data(metal="platinum", karat=None, fineness=950))["fineness"] == 950


@pytest.mark.parametrize("weight", ["0", "-2", "abc", "1.123456789012", "2 tolas 3 grams", "1-12-0", "1-3-8",
                                    "2 carat", "tola", "3 masha tola"])
def test_weights_must_be_positive_grams_or_tola_masha_ratti(weight):
    assert "gross_weight_g" in errors_of(gross_weight_g=weight)


@pytest.mark.parametrize(("written", "grams", "unit"), [
    ("5.2", "5.2", "g"), ("5.200 g", "5.2", "g"), ("23.3276076", "23.3276076", "g"),
    ("2 tola", "23.3276076", "tola"), ("2 Tola", "23.3276076", "tola"), ("۲ تولہ", "23.3276076", "tola"),
    ("1 tola 3 masha 2 ratti", "14.8227506625", "tola"), ("1-3-2", "14.8227506625", "tola"),
    ("6 masha", "5.8319019", "tola"), ("1 ratti", "0.12149795625", "tola"), ("0.5 tola", "5.8319019", "tola"),
])
def test_weights_are_read_as_the_sarafa_writes_them_and_kept_exactly(written, grams, unit):
    cleaned = clean_jewelry(jewelry_data(gross_weight_g=written, net_metal_weight_g=written))
    assert cleaned["gross_weight_g"] == Decimal(grams) and cleaned["weight_unit"] == unit


def test_unknown_type_and_metal_are_refused():
    assert "jewelry_type" in errors_of(jewelry_type="crown")
    assert "metal" in errors_of(metal="copper")


def test_making_charge_cannot_be_negative():
    assert "making_charge_value" in errors_of(making_charge_value="-1")
    assert clean_jewelry(jewelry_data(making_charge_value="12.5"))["making_charge_value"] == Decimal("12.5")


@pytest.mark.django_db
def test_buyers_see_tola_where_the_seller_weighed_in_tola_or_they_buy_in_rupees(client):
    tola = make_jewelry_listing(jewelry={"gross_weight_g": "2 tola 2 masha", "net_metal_weight_g": "2 tola"})
    grams = make_jewelry_listing()  # 5.200 g gross, 4.800 g net
    page = client.get(tola.get_absolute_url()).content.decode()
    assert "2 tola (23.33 g)" in page and "2 tola 2 masha (25.27 g)" in page
    assert "4.800 g" in client.get(grams.get_absolute_url()).content.decode()
    session = client.session
    session[CURRENCY_SESSION_KEY] = "PKR"
    session.save()
    assert "4 masha 7.51 ratti (4.80 g)" in client.get(grams.get_absolute_url()).content.decode()
