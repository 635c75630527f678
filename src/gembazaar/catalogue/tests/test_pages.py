"""Storefront pages: what a buyer sees, what stays hidden, and how many queries it costs."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image

from gembazaar.catalogue import services
from gembazaar.catalogue.models import Listing
from gembazaar.search.freshness import search_index
from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

pytestmark = pytest.mark.django_db

SITE_CSS = Path(__file__).resolve().parents[2] / "static" / "gembazaar" / "site.css"


def _text(response) -> str:
    return response.content.decode()


# --- Home -----------------------------------------------------------------------------------

def test_home_shows_featured_listings_sellers_and_search(client):
    seller = make_seller(trade_name="Swat Emerald House")
    make_gem_listing(seller=seller, title="Oval emerald from Mingora")
    make_jewelry_listing(seller=seller, title="22K bridal bangles")

    response = client.get(reverse("home"))

    html = _text(response)
    assert response.status_code == 200
    assert "Oval emerald from Mingora" in html
    assert "22K bridal bangles" in html
    assert "Swat Emerald House" in html
    assert f'action="{reverse("search")}"' in html
    assert 'dir="ltr"' in html


def test_home_renders_with_an_empty_catalogue(client):
    html = _text(client.get(reverse("home")))

    assert "No gemstones on sale yet." in html
    assert reverse("gem_species_list", args=["beryl"]) + "?variety=emerald" in html  # default tiles


def test_home_tiles_link_popular_varieties_to_their_species_page(client):
    make_gem_listing(gem={"species": "corundum", "variety": "ruby", "clarity": "SI", "treatments": "H"})

    html = _text(client.get(reverse("home")))

    assert reverse("gem_species_list", args=["corundum"]) + "?variety=ruby" in html


# --- Listing detail -------------------------------------------------------------------------

def test_gem_detail_shows_price_spec_disclosure_and_verified_seller(client):
    seller = make_seller(trade_name="Hunza Stones", city="Gilgit")
    listing = make_gem_listing(seller=seller, title="Fine Swat emerald", price="1250.00", currency="USD",
                               gem={"lab": "GRS", "certificate_number": "2107-078888"})

    response = client.get(listing.get_absolute_url())

    html = _text(response)
    assert response.status_code == 200
    assert "Fine Swat emerald" in html
    assert "$1,250.00" in html
    assert 'data-testid="disclosure"' in html
    assert "Oiling / resin infusion" in html
    assert "Avoid ultrasonic and steam cleaning" in html  # the care note of O
    assert "Emerald" in html and "Beryl" in html
    assert "2107-078888" in html
    assert "Mingora (Fizagat)" in html and "Swat, Khyber Pakhtunkhwa" in html
    assert "Hunza Stones" in html and "Gilgit" in html
    assert "Verified by the council" in html
    assert listing.sku in html and listing.hs_code in html


def test_untreated_stone_gets_a_positive_badge(client):
    listing = make_gem_listing(gem={"species": "spinel", "variety": "", "clarity": "EC", "treatments": "N"})

    html = _text(client.get(listing.get_absolute_url()))

    assert "Not enhanced (N)" in html
    assert "disclosure--warn" not in html


@pytest.mark.parametrize("nature", ["synthetic", "imitation", "composite"])
def test_non_natural_stone_is_visibly_warned(client, nature):
    listing = make_gem_listing(gem={"nature": nature, "treatments": "E"})

    html = _text(client.get(listing.get_absolute_url()))

    assert "disclosure--warn" in html
    assert "Not a natural stone" in html or "Not a single natural stone" in html


def test_price_in_another_currency_shows_an_indicative_dollar_amount(client):
    listing = make_jewelry_listing(price="185000.00", currency="PKR", title="22K gold ring")

    html = _text(client.get(listing.get_absolute_url()))

    assert "Rs\u00a0185,000" in html
    assert f"≈ ${listing.reference_price:,}" in html


def test_jewelry_detail_shows_metal_weights_and_making_charge(client):
    listing = make_jewelry_listing(jewelry={"hallmark": "PGJDC 916", "stones": "Swat emerald, 6 pcs"})

    html = _text(client.get(listing.get_absolute_url()))

    assert "22K" in html and "916‰" in html
    assert "5.20 g" in html and "4.80 g" in html
    assert "10 % of metal value" in html
    assert "PGJDC 916" in html and "Swat emerald, 6 pcs" in html
    assert 'data-testid="disclosure"' not in html


def test_wrong_slug_redirects_to_the_canonical_address(client):
    listing = make_gem_listing()

    response = client.get(reverse("listing_detail", kwargs={"pk": listing.pk, "slug": "old-title"}))

    assert response.status_code == 301
    assert response["Location"] == listing.get_absolute_url()


def test_unicode_slug_resolves(client):
    listing = make_gem_listing(title="زمرد سوات")

    assert client.get(listing.get_absolute_url()).status_code == 200


def test_draft_listing_is_not_found(client):
    listing = make_gem_listing(publish=False)

    assert client.get(listing.get_absolute_url()).status_code == 404


def test_archived_listing_is_not_found(client):
    listing = services.listing_archive(listing=make_gem_listing())

    assert client.get(listing.get_absolute_url()).status_code == 404


def test_listing_of_a_suspended_seller_is_not_found(client):
    listing = make_gem_listing()
    Seller.objects.filter(pk=listing.seller_id).update(status=Seller.Status.SUSPENDED)

    assert client.get(listing.get_absolute_url()).status_code == 404


def test_missing_listing_renders_the_friendly_404_page(client):
    response = client.get(reverse("listing_detail", kwargs={"pk": 999999, "slug": "x"}))

    assert response.status_code == 404
    assert "This page is not here" in _text(response)


# --- Category lists -------------------------------------------------------------------------

def test_gem_list_shows_stones_and_lots_but_not_jewelry(client):
    make_gem_listing(title="Loose peridot")
    make_gem_listing(kind=Listing.Kind.LOT, title="Parcel of garnets", quantity=1,
                     gem={"species": "garnet", "variety": "almandine", "clarity": "SI", "treatments": "N",
                          "pieces": 20})
    make_jewelry_listing(title="Silver anklet")

    html = _text(client.get(reverse("gem_list")))

    assert "Loose peridot" in html and "Parcel of garnets" in html
    assert "Silver anklet" not in html


def test_jewelry_list_shows_only_jewelry(client):
    make_gem_listing(title="Loose peridot")
    make_jewelry_listing(title="Silver anklet")

    html = _text(client.get(reverse("jewelry_list")))

    assert "Silver anklet" in html and "Loose peridot" not in html


def test_species_list_filters_by_species_and_variety(client):
    make_gem_listing(title="Pigeon blood ruby", gem={"species": "corundum", "variety": "ruby", "clarity": "SI",
                                                      "treatments": "H"})
    make_gem_listing(title="Royal blue sapphire", gem={"species": "corundum", "variety": "blue_sapphire",
                                                        "clarity": "SI", "treatments": "H"})
    make_gem_listing(title="Swat emerald")

    species_html = _text(client.get(reverse("gem_species_list", args=["corundum"])))
    variety_html = _text(client.get(reverse("gem_species_list", args=["corundum"]) + "?variety=ruby"))

    assert "Pigeon blood ruby" in species_html and "Royal blue sapphire" in species_html
    assert "Swat emerald" not in species_html
    assert "Pigeon blood ruby" in variety_html and "Royal blue sapphire" not in variety_html


def test_unknown_species_is_not_found(client):
    assert client.get(reverse("gem_species_list", args=["kryptonite"])).status_code == 404


def test_search_box_finds_titles_case_insensitively(client):
    make_gem_listing(title="Pink topaz from Katlang", description="Unheated, from Ghundao Hill.",
                     origin_locality="katlang_ghundao",
                     gem={"species": "topaz", "variety": "pink_topaz", "clarity": "EC", "treatments": "N"})
    make_jewelry_listing(title="Emerald pendant in 18K gold",
                         jewelry={"jewelry_type": "pendant", "stones": "Swat emerald, 1 pc"})

    html = _text(client.get(reverse("browse"), {"q": "EMERALD"}, follow=True))

    assert "Emerald pendant in 18K gold" in html and "Pink topaz from Katlang" not in html


def test_sort_by_price_uses_the_reference_price_across_currencies(client):
    make_gem_listing(title="Dear stone", price="5000.00", currency="USD")
    make_gem_listing(title="Cheap stone", price="28150.00", currency="PKR")  # about 100 USD

    html = _text(client.get(reverse("gem_list"), {"sort": "price_asc"}))

    assert html.index("Cheap stone") < html.index("Dear stone")


def _next_link(html: str) -> str:
    match = re.search(r'href="([^"]+)" rel="next"', html)
    assert match, "no next page link"
    return match.group(1).replace("&amp;", "&")


def test_lists_page_by_keyset_24_at_a_time(client):
    """Category pages are the search page with a filter: 24 cards, then a cursor, never an offset."""
    seller = make_seller()
    for n in range(25):
        make_gem_listing(seller=seller, title=f"Peridot number {n:02d}")

    first = _text(client.get(reverse("gem_list")))
    second = _text(client.get(_next_link(first)))

    assert first.count('class="card"') == 24
    assert second.count('class="card"') == 1
    assert "cursor=" in _next_link(first) and "page=" not in _next_link(first)


def test_pagination_keeps_the_filters(client):
    seller = make_seller()
    for n in range(25):
        make_gem_listing(seller=seller, title=f"Lustrous stone {n}")

    link = _next_link(_text(client.get(reverse("gem_list"), {"q": "lustrous", "sort": "price_desc"})))

    assert "q=lustrous" in link and "sort=price_desc" in link and "kind=gemstone,lot" in link


def test_server_error_page_renders_without_a_request():
    # Django renders 500.html with an empty context: no request, no context processors.
    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html


def test_site_assets_are_found_by_staticfiles():
    # Without this, pages render unstyled and collectstatic ships no stylesheet.
    for asset in ("gembazaar/site.css", "gembazaar/site.js", "gembazaar/logo.svg", "gembazaar/favicon.svg"):
        assert finders.find(asset), asset


# --- Layout, i18n, RTL ----------------------------------------------------------------------

def test_layout_has_language_and_currency_pickers(client):
    html = _text(client.get(reverse("home")))

    assert f'action="{reverse("set_language")}"' in html
    assert f'action="{reverse("set_currency")}"' in html
    assert 'value="ur"' in html and 'value="PKR"' in html
    assert reverse("login") in html


def test_urdu_renders_right_to_left(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ur")

    assert '<html lang="ur" dir="rtl"' in _text(response)


def test_chosen_display_currency_is_used_for_the_indicative_price(client):
    listing = make_gem_listing(price="1000.00", currency="USD")
    client.post(reverse("set_currency"), {"currency": "PKR", "next": "/"})

    html = _text(client.get(listing.get_absolute_url()))

    assert "≈ Rs\u00a0281,500" in html
    assert '<option value="PKR" selected>' in html


def test_stylesheet_uses_only_logical_properties():
    css = SITE_CSS.read_text()
    physical = re.compile(
        r"(?<![-\w])(margin|padding|border)-(left|right)\b"
        r"|(?<![-\w])(left|right)\s*:"
        r"|text-align\s*:\s*(left|right)"
        r"|float\s*:\s*(left|right)"
        r"|(top|bottom)-(left|right)-radius"
    )

    assert physical.findall(css) == []
    assert "margin-inline-start" in css  # the pattern itself must not be blind to logical properties


# --- Query counts: constant whatever the number of listings --------------------------------

def _picture() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (20, 128, 80)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _stock(count: int) -> Seller:
    """A seller with `count` listings of both kinds, some featured, each with two pictures."""
    seller = make_seller()
    picture = _picture()
    for n in range(count):
        listing = make_jewelry_listing(seller=seller) if n % 3 == 2 else make_gem_listing(seller=seller)
        for _ in range(2):
            services.listing_image_add(listing=listing, data=picture)
    Listing.objects.filter(seller=seller, pk__in=Listing.objects.filter(seller=seller).values("pk")[:count // 2]) \
        .update(is_featured=True)
    return seller


@pytest.mark.parametrize("count", [3, 30])
def test_home_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    _stock(count)
    # A warm worker's index, whichever test ran before in this process: loading it is 3 to 9
    # queries more (PostgreSQL's fast path, the log prune), once per process.
    search_index.current()
    # Constant, whatever the stock: the engine's snapshot gives the counts and the newest pages.
    with django_assert_max_num_queries(15):  # + the page-cache version and a log check per search
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("name", ["gem_list", "jewelry_list"])  # the search page with a filter
def test_list_query_count_does_not_grow(client, django_assert_max_num_queries, count, name):
    _stock(count)
    search_index.current()  # a warm worker's index (loading it is once per process)
    with django_assert_max_num_queries(10):  # as the search page: index sync, one page, its pictures
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_listing_detail_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    seller = _stock(count)
    listing = Listing.objects.filter(seller=seller).first()
    with django_assert_max_num_queries(6):  # + the page-cache version
        assert client.get(listing.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("name", ["home", "gem_list", "jewelry_list"])
def test_storefront_pages_never_count_or_group_the_catalogue(client, name):
    """Counts come from the search engine's snapshot and pages are keyset: no COUNT(*), no GROUP BY
    and no OFFSET over the catalogue, so these pages cost the same at a million listings."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _stock(5)
    client.get(reverse(name))  # the first search of a process loads the index
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    sql = " ".join(query["sql"].upper() for query in queries.captured_queries)
    assert "COUNT(" not in sql and "GROUP BY" not in sql and "OFFSET" not in sql
