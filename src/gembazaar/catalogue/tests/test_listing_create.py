"""Creating and publishing listings through the service: rules, errors naming fields, no half-writes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gembazaar.catalogue import services
from gembazaar.catalogue.models import GemSpec, JewelrySpec, Listing
from gembazaar.core.errors import DomainError
from gembazaar.sellers.models import Seller
from gembazaar.testing import gem_data, jewelry_data, make_gem_listing, make_jewelry_listing, make_seller

pytestmark = pytest.mark.django_db


def create_gem(seller, **overrides):
    values = {"kind": "gemstone", "sku": "EM-1", "title": "Emerald, Swat", "price": "900.00", "currency": "USD",
              "gem": gem_data()}
    values.update(overrides)
    return services.listing_create(seller=seller, **values)


def test_a_gem_listing_is_created_as_a_draft_with_its_spec():
    listing = create_gem(make_seller(), origin_locality="swat_mingora")
    assert listing.status == Listing.Status.DRAFT
    assert listing.gem.variety == "emerald"
    assert listing.origin_country == "PK"
    assert listing.hs_code == "7103.91"  # worked rubies, sapphires and emeralds
    assert listing.reference_price == Decimal("900.00")


def test_reference_price_converts_other_currencies_to_usd():
    listing = create_gem(make_seller(), price="281500", currency="PKR")
    assert listing.reference_price == Decimal("1000.00")


def test_a_price_worth_less_than_a_cent_gets_the_smallest_reference_price_not_a_database_error():
    listing = create_gem(make_seller(), price="1", currency="PKR")  # 1 rupee ≈ 0.0036 USD
    assert listing.reference_price == Decimal("0.01")


def test_sku_is_unique_per_seller_but_not_across_sellers():
    seller, other = make_seller(), make_seller()
    create_gem(seller)
    with pytest.raises(ValidationError) as exc:
        create_gem(seller)
    assert "sku" in exc.value.message_dict
    assert create_gem(other).sku == "EM-1"
    assert Listing.objects.filter(seller=seller).count() == 1


def test_a_bad_spec_writes_nothing():
    seller = make_seller()
    with pytest.raises(ValidationError) as exc:
        create_gem(seller, gem=gem_data(carat="0"))
    assert "gem.carat" in exc.value.message_dict
    assert not Listing.objects.exists() and not GemSpec.objects.exists()


def test_errors_name_every_field_at_fault():
    with pytest.raises(ValidationError) as exc:
        create_gem(make_seller(), price="-5", currency="XYZ", sku="", gem=gem_data(nature=""))
    assert {"currency", "sku", "gem.nature"} <= set(exc.value.message_dict)


@pytest.mark.parametrize(("price", "currency"), [("0", "USD"), ("-1", "USD"), ("12.345", "USD"), ("100.5", "JPY"),
                                                 ("abc", "USD"), (12.5, "USD")])
def test_prices_are_positive_decimals_within_the_currency_minor_units(price, currency):
    with pytest.raises(ValidationError) as exc:
        create_gem(make_seller(), price=price, currency=currency)
    assert "price" in exc.value.message_dict


def test_three_decimal_currencies_are_accepted():
    listing = create_gem(make_seller(), price="120.125", currency="KWD", sku="KW-1")
    assert listing.price == Decimal("120.125")


def test_unknown_currency_is_refused():
    with pytest.raises(ValidationError) as exc:
        create_gem(make_seller(), currency="ABC")
    assert "currency" in exc.value.message_dict


def test_a_single_stone_is_unique():
    with pytest.raises(ValidationError) as exc:
        create_gem(make_seller(), quantity=3)
    assert "quantity" in exc.value.message_dict


def test_a_lot_can_have_many_pieces_and_stock():
    listing = create_gem(make_seller(), kind="lot", quantity=5, gem=gem_data(pieces=40, carat="12.400"))
    assert listing.quantity == 5 and listing.gem.pieces == 40


def test_jewelry_needs_a_jewelry_spec_and_gems_a_gem_spec():
    seller = make_seller()
    with pytest.raises(ValidationError) as exc:
        services.listing_create(seller=seller, kind="jewelry", sku="J1", title="Ring", price="10", currency="USD")
    assert "jewelry" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.listing_create(seller=seller, kind="gemstone", sku="G1", title="Gem", price="10", currency="USD")
    assert "gem" in exc.value.message_dict


def test_only_jewelry_can_be_metal_linked():
    with pytest.raises(ValidationError) as exc:
        create_gem(make_seller(), price_mode="metal_linked")
    assert "price_mode" in exc.value.message_dict


def test_jewelry_gets_its_hs_code_by_metal():
    gold = make_jewelry_listing(publish=False)
    silver = make_jewelry_listing(publish=False, jewelry={"metal": "silver", "karat": None, "fineness": 925})
    assert (gold.hs_code, silver.hs_code) == ("7113.19", "7113.11")
    assert JewelrySpec.objects.count() == 2


def test_locality_must_lie_in_the_origin_country():
    with pytest.raises(ValidationError) as exc:
        create_gem(make_seller(), origin_country="AF", origin_locality="swat_mingora")
    assert "origin_locality" in exc.value.message_dict


def test_description_html_is_sanitised():
    listing = create_gem(make_seller(), description='<p onclick="x()">Fine <script>alert(1)</script><b>oil</b></p>')
    assert "script" not in listing.description and "onclick" not in listing.description
    assert listing.description.startswith("<p>Fine")


def test_only_a_verified_seller_can_publish():
    seller = make_seller(status=Seller.Status.UNDER_REVIEW)
    listing = create_gem(seller)
    with pytest.raises(DomainError) as exc:
        services.listing_publish(listing=listing)
    assert exc.value.code == "seller_not_verified"
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT


def test_publishing_sets_the_publication_time_and_archiving_removes_from_sale():
    listing = make_gem_listing()
    assert listing.status == Listing.Status.ACTIVE and listing.published_at is not None
    assert Listing.objects.public().filter(pk=listing.pk).exists()
    services.listing_archive(listing=listing)
    assert not Listing.objects.public().filter(pk=listing.pk).exists()


def test_an_archived_listing_cannot_be_published_again_directly():
    listing = make_gem_listing()
    services.listing_archive(listing=listing)
    with pytest.raises(DomainError):
        services.listing_publish(listing=listing)


def test_a_suspended_sellers_listings_leave_the_storefront():
    listing = make_gem_listing()
    Seller.objects.filter(pk=listing.seller_id).update(status=Seller.Status.SUSPENDED)
    assert not Listing.objects.public().filter(pk=listing.pk).exists()


def test_jewelry_helpers_render_metal_labels():
    listing = make_jewelry_listing(jewelry=jewelry_data(karat=21, fineness=875))
    assert listing.jewelry.metal_label == "21K Gold"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"price": "1e400"}, "price"),
    ({"price": "1000000000000"}, "price"),  # 13 digits before the point: more than the column holds
    ({"hs_code": "7103.91.00.00.1"}, "hs_code"),
    ({"gem": gem_data(trade_colour="x" * 61)}, "gem.trade_colour"),
    ({"gem": gem_data(lab="GIA", certificate_number="9" * 41)}, "gem.certificate_number"),
])
def test_values_too_big_for_their_column_are_errors_naming_the_field(overrides, field):
    seller = make_seller()
    with pytest.raises(ValidationError) as exc:
        create_gem(seller, **overrides)
    assert field in exc.value.message_dict
    assert not Listing.objects.filter(seller=seller).exists()


def test_an_over_long_hallmark_is_an_error_on_update_too():
    listing = make_jewelry_listing()
    with pytest.raises(ValidationError) as exc:
        services.listing_update(listing=listing, jewelry={"hallmark": "H" * 61})
    assert "jewelry.hallmark" in exc.value.message_dict
    listing.jewelry.refresh_from_db()
    assert listing.jewelry.hallmark != "H" * 61
