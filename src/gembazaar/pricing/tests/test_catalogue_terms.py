"""The pricing terms on JewelrySpec (wastage %, stone value, margin %): validation, the seller
centre form, the seller API, and the engine price on create and update; core.fx on FX history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gembazaar.catalogue import services as catalogue_services
from gembazaar.catalogue.validation import clean_jewelry
from gembazaar.core import fx
from gembazaar.core.errors import DomainError
from gembazaar.pricing import selectors, services
from gembazaar.sellercentre.forms import JEWELRY_FIELDS, ListingForm
from gembazaar.sellers import api_keys as sellerapi_services
from gembazaar.testing import jewelry_data, make_jewelry_listing, make_seller

from .conftest import record_gold


def test_the_terms_default_to_zero_and_are_validated():
    clean = clean_jewelry(jewelry_data())
    assert (clean["wastage_percent"], clean["stone_value"], clean["margin_percent"]) == (0, 0, 0)
    with pytest.raises(ValidationError) as caught:
        clean_jewelry(jewelry_data(wastage_percent="101", stone_value="-1", margin_percent="abc"))
    assert set(caught.value.message_dict) == {"wastage_percent", "stone_value", "margin_percent"}
    with pytest.raises(ValidationError) as caught:
        clean_jewelry(jewelry_data(wastage_percent=2.5))
    assert "wastage_percent" in caught.value.message_dict


def test_the_seller_centre_form_offers_the_terms_and_passes_them_to_the_services():
    assert {"wastage_percent", "stone_value", "margin_percent"} <= set(JEWELRY_FIELDS)
    data = {"sku": "R-1", "title": "Ring", "price": "1000", "currency": "PKR", "quantity": 1, "moq": 1,
            "price_mode": "metal_linked", "jewelry_type": "ring", "metal": "gold", "karat": "22",
            "gross_weight_g": "5", "net_metal_weight_g": "4.8", "gender": "female", "wastage_percent": "4.5",
            "stone_value": "2500", "margin_percent": "3"}
    form = ListingForm(data, kind="jewelry")
    assert form.is_valid(), form.errors
    terms = form.service_arguments()["jewelry"]
    assert (terms["wastage_percent"], terms["stone_value"], terms["margin_percent"]) == ("4.5", "2500", "3")


@pytest.mark.django_db
def test_an_edit_of_a_metal_linked_listing_is_repriced_by_the_engine():
    record_gold()
    listing = make_jewelry_listing(price_mode="metal_linked")
    before = listing.price
    catalogue_services.listing_update(listing=listing, jewelry={"margin_percent": "10"})
    listing.refresh_from_db()
    assert listing.jewelry.margin_percent == Decimal("10.00")
    assert listing.price == selectors.quote_listing(listing).amount > before


@pytest.mark.django_db
def test_without_a_fresh_rate_the_sellers_price_stands():
    listing = make_jewelry_listing(price_mode="metal_linked", price=Decimal("185000"))
    assert listing.price == Decimal("185000") and selectors.listing_price_on_request(listing)


@pytest.mark.django_db
def test_sellers_set_the_terms_through_the_seller_api():
    record_gold()
    seller = make_seller()
    _, plaintext = sellerapi_services.api_key_create(seller=seller, name="ERP", created_by=None)
    client = Client(headers={"Authorization": f"Bearer {plaintext}"})
    body = {"kind": "jewelry", "sku": "RING-1", "title": "22K ring", "price": "150000", "currency": "PKR",
            "price_mode": "metal_linked",
            "jewelry": {**{k: str(v) for k, v in jewelry_data().items()}, "wastage_percent": "4",
                        "stone_value": "2500", "margin_percent": "5"}}
    response = client.post("/api/v1/seller/listings", body, content_type="application/json")
    assert response.status_code == 201, response.content
    listing = seller.listings.get()
    assert listing.jewelry.wastage_percent == Decimal("4") and listing.jewelry.stone_value == Decimal("2500")
    quote = selectors.quote_listing(listing)
    assert listing.price == quote.amount and quote.breakdown.stones == Decimal("2500.00")
    bad = {**body, "sku": "RING-2", "jewelry": {**body["jewelry"], "wastage_percent": "-1"}}
    response = client.post("/api/v1/seller/listings", bad, content_type="application/json")
    assert response.status_code == 422
    assert "jewelry.wastage_percent" in [e["field"] for e in response.json()["errors"]]


@pytest.mark.django_db
def test_core_fx_reads_the_latest_fx_rate_and_forgets_the_cache_when_one_is_recorded():
    assert fx.rate_per_usd("PKR") == Decimal("281.50")  # the seeded history
    services.record_fx_rate(currency="PKR", per_usd="290", source="SBP")
    assert fx.rate_per_usd("PKR") == Decimal("290")
    assert fx.to_reference(Decimal("2900"), "PKR") == Decimal("10.00")
    assert fx.from_reference(Decimal("10"), "PKR") == Decimal("2900")
    assert fx.convert(Decimal("2900"), "PKR", "AED") == Decimal("2900") * Decimal("3.6725") / Decimal("290")
    assert fx.convert(Decimal("5"), "EUR", "EUR") == Decimal("5")
    with pytest.raises(DomainError) as caught:
        fx.rate_per_usd("BRL")
    assert caught.value.field == "currency"
