"""GET /api/v1/listings and /api/v1/listings/{id}: shapes, pagination, filters, 404s, 422s, queries."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from gembazaar.catalogue import services
from gembazaar.catalogue.models import Listing
from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/listings"


def detail_url(listing) -> str:
    return f"/api/v1/listings/{listing.pk}"


def picture(colour=(20, 120, 60), size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def set_status(listing, status):
    Listing.objects.filter(pk=listing.pk).update(status=status)


# --- The card in the list --------------------------------------------------------------------


def test_a_gem_card_has_decimal_strings_seller_badge_and_spec_summary(client):
    seller = make_seller(trade_name="Swat Emerald House", slug="swat-emerald-house", city="Mingora")
    listing = make_gem_listing(seller=seller, price=Decimal("1250"), gem={"treatments": "O"})

    body = client.get(LIST_URL).json()

    assert body["count"] == 1
    card = body["items"][0]
    assert card["id"] == listing.pk
    assert card["url"] == listing.get_absolute_url()
    assert card["sku"] == listing.sku
    assert card["kind"] == "gemstone"
    assert card["status"] == "active"
    assert card["price"] == "1250.00"
    assert card["currency"] == "USD"
    assert card["reference_price"] == "1250.00"
    assert card["reference_currency"] == "USD"
    assert card["seller"]["slug"] == "swat-emerald-house"
    assert card["seller"]["trade_name"] == "Swat Emerald House"
    assert card["seller"]["city"] == "Mingora"
    assert card["seller"]["country"] == "PK"
    assert card["seller"]["verified"] is True
    assert card["seller"]["verified_at"]
    assert card["image"] is None
    assert card["gem"] == {"name": "Emerald", "species": "beryl", "variety": "emerald", "imitates": "",
                           "nature": "natural", "carat": "1.250", "shape": "oval", "treatments": ["O"]}
    assert card["jewelry"] is None


def test_a_jewelry_card_has_its_metal_summary_and_no_gem(client):
    make_jewelry_listing(price=Decimal("185000"), currency="PKR")

    card = client.get(LIST_URL).json()["items"][0]

    assert card["kind"] == "jewelry"
    assert card["price"] == "185000.00"
    assert card["currency"] == "PKR"
    assert card["reference_price"] == "657.19"
    assert card["gem"] is None
    assert card["jewelry"] == {"jewelry_type": "ring", "metal": "gold", "karat": 22, "fineness": 916,
                               "net_metal_weight_g": "4.800", "weight_unit": "g"}


def test_no_amount_or_weight_is_ever_a_json_number(client):
    make_gem_listing()
    make_jewelry_listing()

    for card in client.get(LIST_URL).json()["items"]:
        for key in ("price", "reference_price"):
            assert isinstance(card[key], str)
    gem_card = next(c for c in client.get(LIST_URL).json()["items"] if c["gem"])
    assert isinstance(gem_card["gem"]["carat"], str)


def test_price_is_rounded_to_the_currency_minor_units(client):
    make_gem_listing(price=Decimal("150000"), currency="JPY")

    card = client.get(LIST_URL).json()["items"][0]

    assert card["price"] == "150000"  # the yen has no minor unit
    assert card["currency"] == "JPY"


def test_the_card_image_is_the_first_picture_in_order(client):
    listing = make_gem_listing()
    first = services.listing_image_add(listing=listing, data=picture((200, 0, 0)))
    second = services.listing_image_add(listing=listing, data=picture((0, 0, 200), size=(80, 40)))
    services.listing_images_reorder(listing=listing, image_ids=[second.pk, first.pk])

    image = client.get(LIST_URL).json()["items"][0]["image"]

    assert image == {"image": second.image.url, "thumbnail": second.thumbnail.url,
                     "thumbnail_webp": second.thumbnail_webp.url, "width": 80, "height": 40, "alt_text": listing.title}
    assert image["thumbnail_webp"].endswith(".webp")


# --- Which listings are public ----------------------------------------------------------------


def test_only_active_and_reserved_listings_of_verified_sellers_are_listed(client):
    active = make_gem_listing()
    reserved = make_gem_listing()
    set_status(reserved, Listing.Status.RESERVED)
    for status in (Listing.Status.SOLD, Listing.Status.ARCHIVED):
        set_status(make_gem_listing(), status)
    make_gem_listing(publish=False)
    suspended = make_seller()
    make_gem_listing(seller=suspended)
    Seller.objects.filter(pk=suspended.pk).update(status=Seller.Status.SUSPENDED)

    body = client.get(LIST_URL).json()

    assert {item["id"] for item in body["items"]} == {active.pk, reserved.pk}
    assert body["count"] == 2


def test_newest_published_comes_first(client):
    older, newer = make_gem_listing(), make_gem_listing()
    Listing.objects.filter(pk=older.pk).update(published_at=timezone.now() - timezone.timedelta(days=3))

    ids = [item["id"] for item in client.get(LIST_URL).json()["items"]]

    assert ids == [newer.pk, older.pk]


# --- Pagination --------------------------------------------------------------------------------


def test_pages_report_count_pages_and_links(client):
    seller = make_seller()
    for _ in range(5):
        make_gem_listing(seller=seller)

    first = client.get(LIST_URL, {"page_size": 2}).json()
    middle = client.get(LIST_URL, {"page_size": 2, "page": 2}).json()
    last = client.get(LIST_URL, {"page_size": 2, "page": 3}).json()

    assert (first["count"], first["pages"], first["page"], first["page_size"]) == (5, 3, 1, 2)
    assert len(first["items"]) == 2
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/listings?page_size=2&page=2"
    assert middle["previous"] == "http://testserver/api/v1/listings?page_size=2&page=1"
    assert middle["next"] == "http://testserver/api/v1/listings?page_size=2&page=3"
    assert len(last["items"]) == 1
    assert last["next"] is None
    all_ids = [i["id"] for page in (first, middle, last) for i in page["items"]]
    assert len(set(all_ids)) == 5


def test_links_keep_the_filters(client):
    seller = make_seller(slug="peshawar-gems")
    for _ in range(3):
        make_gem_listing(seller=seller)

    body = client.get(LIST_URL, {"seller": "peshawar-gems", "kind": "gemstone", "page_size": 1}).json()

    assert body["next"] == "http://testserver/api/v1/listings?seller=peshawar-gems&kind=gemstone&page_size=1&page=2"


def test_the_default_page_size_comes_from_settings(client, settings):
    for _ in range(3):
        make_gem_listing()

    body = client.get(LIST_URL).json()

    assert body["page_size"] == settings.API_PAGE_SIZE == 24
    assert body["pages"] == 1


def test_a_page_past_the_end_is_empty_and_points_back_to_the_last_page(client):
    for _ in range(3):
        make_gem_listing()

    response = client.get(LIST_URL, {"page_size": 2, "page": 9})

    assert response.status_code == 200
    body = response.json()
    assert body["items"] == []
    assert (body["count"], body["pages"], body["page"]) == (3, 2, 9)
    assert body["next"] is None
    assert body["previous"] == "http://testserver/api/v1/listings?page_size=2&page=2"


def test_an_absurdly_large_page_is_empty_not_a_database_error(client):
    make_gem_listing()

    response = client.get(LIST_URL, {"page": 10**30})

    assert response.status_code == 200
    assert response.json()["items"] == []


def test_nothing_to_list_is_zero_pages(client):
    body = client.get(LIST_URL).json()

    assert (body["items"], body["count"], body["pages"], body["next"], body["previous"]) == ([], 0, 0, None, None)


# --- Filters -------------------------------------------------------------------------------------


def test_filter_by_kind(client):
    gem = make_gem_listing()
    jewelry = make_jewelry_listing()

    assert [i["id"] for i in client.get(LIST_URL, {"kind": "gemstone"}).json()["items"]] == [gem.pk]
    assert [i["id"] for i in client.get(LIST_URL, {"kind": "jewelry"}).json()["items"]] == [jewelry.pk]
    assert client.get(LIST_URL, {"kind": "lot"}).json()["count"] == 0


def test_filter_by_seller_slug(client):
    mine = make_gem_listing(seller=make_seller(slug="hunza-ruby-traders"))
    make_gem_listing()

    assert [i["id"] for i in client.get(LIST_URL, {"seller": "hunza-ruby-traders"}).json()["items"]] == [mine.pk]
    assert client.get(LIST_URL, {"seller": "nobody-by-that-name"}).json()["count"] == 0


def test_filter_by_species(client):
    ruby = make_gem_listing(gem={"species": "corundum", "variety": "ruby", "treatments": "H"})
    make_gem_listing()
    make_jewelry_listing()

    body = client.get(LIST_URL, {"species": "corundum"}).json()

    assert [i["id"] for i in body["items"]] == [ruby.pk]


# --- Bad input names the parameter ------------------------------------------------------------


@pytest.mark.parametrize(("params", "field"), [
    ({"page_size": 0}, "page_size"),
    ({"page_size": 101}, "page_size"),
    ({"page_size": 1000}, "page_size"),
    ({"page_size": "ten"}, "page_size"),
    ({"page": 0}, "page"),
    ({"page": -1}, "page"),
    ({"kind": "bogus"}, "kind"),
    ({"species": "kryptonite"}, "species"),
    ({"seller": "no/slashes"}, "seller"),
])
def test_bad_query_parameters_answer_422_naming_the_parameter(client, params, field):
    response = client.get(LIST_URL, params)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["field"] == field
    assert body["message"]
    assert body["errors"][0]["field"] == field


def test_the_largest_allowed_page_size_is_accepted(client, settings):
    response = client.get(LIST_URL, {"page_size": settings.API_MAX_PAGE_SIZE})

    assert response.status_code == 200


def test_every_bad_parameter_is_reported_at_once(client):
    body = client.get(LIST_URL, {"page": 0, "page_size": 0, "kind": "bogus"}).json()

    assert {e["field"] for e in body["errors"]} == {"page", "page_size", "kind"}


@pytest.mark.parametrize("raw_id", ["abc", "1.5", "0", "-3", "99999999999999999999999"])
def test_a_listing_id_that_cannot_be_one_answers_422_not_500(client, raw_id):
    response = client.get(f"/api/v1/listings/{raw_id}")

    assert response.status_code == 422
    assert response.json()["field"] == "listing_id"


# --- Detail --------------------------------------------------------------------------------------


def test_gem_detail_has_the_full_specification(client):
    listing = make_gem_listing(
        gem={"species": "corundum", "variety": "star_ruby", "treatments": "U,H", "phenomena": "asterism",
             "clarity": "SI", "lab": "GRS", "certificate_number": "GRS2024-123", "tone": 6, "saturation": 5},
        quantity=1, hs_code="7103.91",
    )

    response = client.get(detail_url(listing))

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == listing.pk
    assert body["price"] == "1250.00"
    assert body["description"] == "A fine oiled emerald from Swat."
    assert (body["quantity"], body["moq"], body["price_mode"], body["hs_code"]) == (1, 1, "fixed", "7103.91")
    assert body["origin_country"] == "PK"
    assert body["origin_locality"] == {"code": "swat_mingora", "label": "Mingora (Fizagat)",
                                       "region": "Swat, Khyber Pakhtunkhwa", "country": "PK"}
    assert body["published_at"]
    assert body["jewelry"] is None
    gem = body["gem"]
    assert gem["name"] == "Star ruby"
    assert gem["species"] == {"code": "corundum", "label": "Corundum"}
    assert gem["variety"] == {"code": "star_ruby", "label": "Star ruby"}
    assert gem["nature"] == {"code": "natural", "label": "Natural"}
    assert gem["carat"] == "1.250"
    assert (gem["length_mm"], gem["width_mm"], gem["depth_mm"]) == ("7.80", "5.90", "4.10")
    assert gem["shape"] == {"code": "oval", "label": "Oval"}
    assert gem["cutting_style"] == {"code": "step", "label": "Step"}
    assert gem["colour"] == {"code": "green", "label": "Green"}
    assert (gem["tone"], gem["saturation"], gem["pieces"]) == (6, 5, 1)
    assert gem["clarity"] == {"code": "SI", "label": "Slightly included"}
    assert gem["diamond_colour"] is None
    assert gem["cut_grade"] is None
    assert [t["code"] for t in gem["treatments"]] == ["H", "U"]  # canonical AGTA order
    diffusion = gem["treatments"][1]
    assert diffusion["label"] == "Diffusion"
    assert diffusion["must_disclose"] is True
    assert diffusion["description"].startswith("Chemicals diffused")
    assert "re-cutting" in diffusion["care"]
    assert gem["phenomena"] == [{"code": "asterism", "label": "Asterism (star)"}]
    assert gem["lab"] == {"code": "GRS", "label": "GRS"}
    assert gem["certificate_number"] == "GRS2024-123"


def test_an_untreated_stone_says_so_and_needs_no_disclosure(client):
    listing = make_gem_listing(gem={"treatments": "N"})

    treatments = client.get(detail_url(listing)).json()["gem"]["treatments"]

    assert treatments == [{"code": "N", "label": "Not enhanced",
                           "description": "The seller guarantees the stone has not been enhanced.",
                           "must_disclose": False, "care": ""}]


def test_diamond_clarity_uses_the_diamond_scale(client):
    listing = make_gem_listing(gem={"species": "diamond", "variety": "", "clarity": "VS1", "treatments": "N",
                                    "shape": "round", "cutting_style": "brilliant", "diamond_colour": "G",
                                    "cut_grade": "EX", "colour": "colourless"})

    gem = client.get(detail_url(listing)).json()["gem"]

    assert gem["clarity"] == {"code": "VS1", "label": "VS1"}
    assert gem["variety"] is None
    assert gem["diamond_colour"] == {"code": "G", "label": "G"}
    assert gem["cut_grade"] == {"code": "EX", "label": "Excellent"}


def test_jewelry_detail_has_the_full_specification(client):
    listing = make_jewelry_listing(jewelry={"stones": "12 rubies", "stone_weight_ct": Decimal("0.48"),
                                            "hallmark": "PSQCA 916", "size": "7"})

    body = client.get(detail_url(listing)).json()

    assert body["gem"] is None
    assert body["origin_country"] is None
    assert body["origin_locality"] is None
    assert body["jewelry"] == {
        "jewelry_type": {"code": "ring", "label": "Ring"},
        "metal": {"code": "gold", "label": "Gold"},
        "metal_label": "22K Gold",
        "fineness": 916,
        "karat": 22,
        "gross_weight_g": "5.200",
        "net_metal_weight_g": "4.800",
        "weight_unit": "g",
        "gross_weight": "5.200 g",
        "net_metal_weight": "4.800 g",
        "making_charge_mode": {"code": "percent", "label": "% of metal value"},
        "making_charge_value": "10.000",
        "wastage_percent": "0.00",
        "stone_value": "0.000",
        "margin_percent": "0.00",
        "stones": "12 rubies",
        "stone_weight_ct": "0.480",
        "size": "7",
        "hallmark": "PSQCA 916",
        "gender": {"code": "female", "label": "Women"},
    }


def test_detail_lists_every_picture_in_order(client):
    listing = make_gem_listing()
    first = services.listing_image_add(listing=listing, data=picture((200, 0, 0)))
    second = services.listing_image_add(listing=listing, data=picture((0, 0, 200)))
    services.listing_images_reorder(listing=listing, image_ids=[second.pk, first.pk])

    body = client.get(detail_url(listing)).json()

    assert [image["image"] for image in body["images"]] == [second.image.url, first.image.url]
    assert body["image"]["image"] == second.image.url


def test_a_reserved_listing_can_still_be_seen(client):
    listing = make_gem_listing()
    set_status(listing, Listing.Status.RESERVED)

    response = client.get(detail_url(listing))

    assert response.status_code == 200
    assert response.json()["status"] == "reserved"


@pytest.mark.parametrize("status", [Listing.Status.DRAFT, Listing.Status.ARCHIVED, Listing.Status.SOLD])
def test_a_listing_that_is_not_on_sale_is_not_found(client, status):
    listing = make_gem_listing(publish=status != Listing.Status.DRAFT)
    set_status(listing, status)

    response = client.get(detail_url(listing))

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Listing not found.", "field": None}


@pytest.mark.parametrize("status", [Seller.Status.SUSPENDED, Seller.Status.UNDER_REVIEW])
def test_a_listing_of_a_seller_not_in_good_standing_is_not_found(client, status):
    listing = make_gem_listing()
    Seller.objects.filter(pk=listing.seller_id).update(status=status)

    assert client.get(detail_url(listing)).status_code == 404


def test_a_missing_listing_is_not_found(client):
    response = client.get("/api/v1/listings/987654")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# --- Queries do not grow with the page ---------------------------------------------------------


def make_listings_with_pictures(count: int) -> None:
    sellers = [make_seller() for _ in range(3)]
    data = picture()
    for n in range(count):
        seller = sellers[n % 3]
        listing = make_gem_listing(seller=seller) if n % 2 else make_jewelry_listing(seller=seller)
        services.listing_image_add(listing=listing, data=data)


# count, the page with seller and spec joined, the pictures of the page.
LIST_QUERIES = 3


@pytest.mark.parametrize("listings", [3, 30])
def test_the_list_takes_the_same_queries_for_3_or_30_listings(client, django_assert_max_num_queries, listings):
    make_listings_with_pictures(listings)

    with django_assert_max_num_queries(LIST_QUERIES):
        body = client.get(LIST_URL, {"page_size": 100}).json()

    assert len(body["items"]) == listings
    assert all(item["image"] for item in body["items"])


def test_a_filtered_page_takes_no_more_queries(client, django_assert_max_num_queries):
    make_listings_with_pictures(12)

    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(LIST_URL, {"kind": "gemstone", "species": "beryl", "page": 2, "page_size": 2})


def test_the_detail_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    listing = make_gem_listing()
    for colour in ((1, 2, 3), (4, 5, 6), (7, 8, 9)):
        services.listing_image_add(listing=listing, data=picture(colour))

    # the listing with seller and spec joined, then its pictures
    with django_assert_max_num_queries(2):
        assert client.get(detail_url(listing)).status_code == 200
