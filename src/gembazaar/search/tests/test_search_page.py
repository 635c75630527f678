"""The search page: facets, chips, zero-result help, htmx partials, bad parameters, query counts."""

import html as html_lib
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from PIL import Image

from gembazaar.catalogue import services
from gembazaar.catalogue.models import Listing
from gembazaar.search.freshness import search_index
from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


def _text(response) -> str:
    return response.content.decode()


def _ruby(**overrides) -> Listing:
    gem = {"species": "corundum", "variety": "ruby", "clarity": "SI", "treatments": "H", "colour": "red",
           "carat": Decimal("2.100")}
    gem.update(overrides.pop("gem", {}))
    return make_gem_listing(title=overrides.pop("title", "Hunza ruby"), origin_locality="hunza_karimabad",
                            gem=gem, **overrides)


def _emerald(**overrides) -> Listing:
    return make_gem_listing(title=overrides.pop("title", "Swat emerald"), **overrides)


@pytest.fixture
def catalogue():
    """Two oiled emeralds, one heated ruby, one untreated spinel with a report, one gold ring."""
    seller = make_seller(trade_name="Mingora Gem House")
    return {
        "emeralds": [_emerald(seller=seller, title="Oval Swat emerald", price=Decimal("1250.00")),
                     _emerald(seller=seller, title="Cushion Swat emerald", price=Decimal("2000.00"),
                              gem={"carat": Decimal("0.800")})],
        "ruby": _ruby(seller=seller, price=Decimal("300.00")),
        "spinel": make_gem_listing(seller=seller, title="Hunza spinel", origin_locality="hunza_ganesh",
                                   price=Decimal("900.00"),
                                   gem={"species": "spinel", "variety": "", "clarity": "EC", "treatments": "N",
                                        "colour": "pink", "lab": "GRS", "certificate_number": "2107-078888",
                                        "carat": Decimal("3.400")}),
        "ring": make_jewelry_listing(seller=seller, title="22K gold ring"),
    }


def _facet_count(html: str, param: str, value: str) -> int | None:
    """The count printed beside one checkbox, or None when the checkbox is not on the page."""
    match = re.search(
        rf'<input type="checkbox" id="f-{param}-{value}"[^>]*>.*?class="facet__count">([\d,]+)<', html, re.S)
    return int(match.group(1).replace(",", "")) if match else None


def _checkbox(html: str, param: str, value: str) -> str:
    match = re.search(rf'<input type="checkbox" id="f-{param}-{value}"[^>]*>', html)
    assert match, f"no checkbox for {param}={value}"
    return match.group(0)


def _href(path: str) -> str:
    return html_lib.escape(path, quote=True)


# --- Results and facets -------------------------------------------------------------------

def test_search_page_lists_everything_with_facet_counts(client, catalogue):
    response = client.get(SEARCH)

    html = _text(response)
    assert response.status_code == 200
    for title in ("Oval Swat emerald", "Cushion Swat emerald", "Hunza ruby", "Hunza spinel", "22K gold ring"):
        assert title in html
    assert _facet_count(html, "species", "beryl") == 2
    assert _facet_count(html, "species", "corundum") == 1
    assert _facet_count(html, "kind", "jewelry") == 1
    assert 'id="search-count"' in html and 'aria-live="polite"' in html
    assert html.count('class="card"') == 5


def test_url_filters_narrow_the_results(client, catalogue):
    html = _text(client.get(SEARCH, {"species": "corundum"}))

    assert "Hunza ruby" in html
    assert "Swat emerald" not in html and "22K gold ring" not in html
    assert "checked" in _checkbox(html, "species", "corundum")


def test_facet_counts_are_disjunctive_within_a_facet(client, catalogue):
    # With species=beryl selected, the other species still show what adding them would bring.
    html = _text(client.get(SEARCH, {"species": "beryl"}))

    assert _facet_count(html, "species", "corundum") == 1
    assert _facet_count(html, "species", "spinel") == 1
    assert "checked" in _checkbox(html, "species", "beryl")


def test_values_without_results_are_disabled_unless_selected(client, catalogue):
    html = _text(client.get(SEARCH, {"species": "corundum", "treatment": "O"}))

    values = re.findall(r'(<input type="checkbox" id="f-[^"]+"[^>]*>).*?class="facet__count">([\d,]+)<', html, re.S)
    assert values
    for checkbox, count in values:
        if "checked" in checkbox:
            assert "disabled" not in checkbox
        elif count == "0":
            assert "disabled" in checkbox, checkbox
        else:
            assert "disabled" not in checkbox, checkbox


def test_text_query_finds_words_in_titles(client, catalogue):
    response = client.get(SEARCH, {"q": "ruby"})

    html = _text(response)
    assert "Hunza ruby" in html and "Oval Swat emerald" not in html
    assert "Results for “ruby”" in html
    assert 'name="q" value="ruby"' in html  # the header box and the filter form keep the words


def test_selected_filters_are_chips_that_link_to_the_search_without_them(client, catalogue):
    response = client.get(SEARCH, {"species": "beryl", "carat_min": "1"})

    html = _text(response)
    chips = response.context["result"].chips
    assert {chip.param for chip in chips} >= {"species", "carat"}
    for chip in chips:
        remove = SEARCH + ("?" + chip.remove_query.lstrip("?") if chip.remove_query.lstrip("?") else "")
        assert f'href="{_href(remove)}"' in html
    species_chip = next(chip for chip in chips if chip.param == "species")
    assert "species" not in species_chip.remove_query
    assert "carat_min=1" in species_chip.remove_query
    assert "Clear all" in html


def test_following_a_chip_removes_that_filter(client, catalogue):
    first = client.get(SEARCH, {"species": "corundum"})
    chip = first.context["result"].chips[0]

    html = _text(client.get(SEARCH + "?" + chip.remove_query.lstrip("?")))

    assert "Oval Swat emerald" in html and "Hunza ruby" in html


def test_range_facets_have_inputs_and_a_histogram(client, catalogue):
    html = _text(client.get(SEARCH, {"carat_min": "1", "carat_max": "3"}))

    assert 'name="carat_min"' in html and 'value="1"' in html
    assert 'name="carat_max"' in html and 'value="3"' in html
    assert 'class="histogram"' in html and "<rect" in html
    assert "is-inside" in html  # the selected part of the histogram is marked
    assert "Hunza ruby" in html and "Hunza spinel" not in html  # 2.1 ct in, 3.4 ct out


def test_price_range_is_in_the_buyers_display_currency(client, catalogue):
    client.post(reverse("set_currency"), {"currency": "PKR", "next": "/"})

    response = client.get(SEARCH)

    assert response.context["params"].currency == "PKR"
    price = next(facet for facet in response.context["result"].ranges if facet.name == "price")
    assert price.unit == "PKR"


def test_a_currency_in_the_url_wins_over_the_display_currency(client, catalogue):
    client.post(reverse("set_currency"), {"currency": "PKR", "next": "/"})

    response = client.get(SEARCH, {"currency": "USD", "price_max": "1000"})

    assert response.context["params"].currency == "USD"
    assert '<input type="hidden" name="currency" value="USD">' in _text(response)


def test_flags_sit_in_their_groups_and_filter(client, catalogue):
    html = _text(client.get(SEARCH, {"untreated": "1"}))

    assert "Hunza spinel" in html
    assert "Swat emerald" not in html and "Hunza ruby" not in html
    assert 'name="untreated"' in html and "checked" in re.search(r'<input[^>]*name="untreated"[^>]*>', html).group(0)


def test_sort_menu_keeps_the_default_out_of_the_url(client, catalogue):
    html = _text(client.get(SEARCH, {"sort": "price_desc"}))

    assert '<option value="" >' not in html
    assert re.search(r'<option value="price_desc" selected>', html)
    assert '<option value="">' in html  # "Best match" is the default: no parameter


@pytest.mark.parametrize(("sort", "expected"), [
    ("price_asc", ["Hunza ruby", "Hunza spinel", "Oval Swat emerald", "Cushion Swat emerald"]),
    ("price_desc", ["Cushion Swat emerald", "Oval Swat emerald", "Hunza spinel", "Hunza ruby"]),
    ("carat_desc", ["Hunza spinel", "Hunza ruby", "Oval Swat emerald", "Cushion Swat emerald"]),
])
def test_sorts_order_the_cards(client, catalogue, sort, expected):
    html = _text(client.get(SEARCH, {"sort": sort, "kind": "gemstone"}))

    assert re.findall(r'class="card__title">([^<]+)<', html) == expected


# --- htmx and no-JS -----------------------------------------------------------------------

def test_htmx_request_gets_the_panel_and_the_out_of_band_bits(client, catalogue):
    response = client.get(SEARCH, {"species": "beryl"}, HTTP_HX_REQUEST="true")

    html = _text(response)
    assert response.status_code == 200
    assert "<html" not in html and "site-footer" not in html
    assert 'id="search-panel"' in html
    assert 'id="search-count" hx-swap-oob="innerHTML"' in html
    assert "Oval Swat emerald" in html and "Hunza ruby" not in html
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_whole_page(client, catalogue):
    # htmx asks for the page again when its history cache misses: it needs <html>, not a fragment.
    response = client.get(SEARCH, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert "<html" in _text(response)


def test_filter_form_works_without_javascript(client, catalogue):
    html = _text(client.get(SEARCH))

    form = re.search(r'<form class="search-filters__form"[^>]*>', html).group(0)
    assert f'action="{SEARCH}"' in form and 'method="get"' in form
    assert f'hx-get="{SEARCH}"' in form
    assert "Apply filters" in html
    assert 'form="search-filters"' in html  # the sort menu belongs to the same form


def test_a_plain_form_submission_drops_empty_fields(client, catalogue):
    response = client.get(SEARCH + "?q=&species=beryl&carat_min=&carat_max=&sort=")

    assert response.status_code == 302
    assert response["Location"] == SEARCH + "?species=beryl"


def test_links_in_the_panel_are_boosted_but_listing_cards_are_not(client, catalogue):
    html = _text(client.get(SEARCH, {"species": "beryl"}))

    assert 'hx-boost="true"' in re.search(r'<ul class="chips chips--active"[^>]*>', html).group(0)
    assert 'hx-target="this"' in re.search(r'<div class="search-layout"[^>]*>', html).group(0)
    grid = html[html.index('class="grid search-grid"'):]
    assert "hx-boost" not in grid[:grid.index("</article>")]


def test_keyset_paging_links_to_the_next_page(client):
    seller = make_seller()
    for n in range(26):
        _emerald(seller=seller, title=f"Emerald number {n:02d}")

    first = client.get(SEARCH)
    result = first.context["result"]
    assert result.next_cursor
    second = client.get(SEARCH + "?" + first.context["params"].to_query_string(cursor=result.next_cursor).lstrip("?"))

    assert 'rel="next"' in _text(first)
    assert second.status_code == 200
    assert second.context["result"].previous_cursor
    assert 'rel="prev"' in _text(second)
    assert first.content.count(b'class="card"') + second.content.count(b'class="card"') == 26


# --- Zero results and bad parameters --------------------------------------------------------

def test_zero_results_offer_to_remove_a_filter(client, catalogue):
    response = client.get(SEARCH, {"species": "beryl", "untreated": "1"})

    html = _text(response)
    result = response.context["result"]
    assert result.total == 0
    assert 'data-testid="no-results"' in html
    relaxation = next(item for item in result.relaxations if item.chip.param == "untreated")
    assert relaxation.count == 2
    assert f"Remove ‘{relaxation.chip.label}’ to see 2 listings" in html
    remove = SEARCH + "?" + relaxation.chip.remove_query.lstrip("?")
    assert f'href="{_href(remove)}"' in html


def test_the_words_hint_is_quoted_once(client, catalogue):
    response = client.get(SEARCH, {"q": "emerald", "species": "corundum"})
    html = _text(response)
    assert response.context["result"].total == 0
    assert "Remove the words “emerald” to see" in html
    assert "‘“" not in html and "”’" not in html


@pytest.mark.parametrize(("query", "named"), [
    ({"carat_min": "5", "carat_max": "1"}, "carat"),
    ({"species": "kryptonite"}, "species"),
    ({"price_min": "cheap"}, "price"),
    ({"sort": "sideways"}, "sort"),
])
def test_bad_parameters_answer_400_naming_the_parameter(client, catalogue, query, named):
    response = client.get(SEARCH, query)

    html = _text(response)
    assert response.status_code == 400
    assert 'data-testid="search-errors"' in html
    errors = response.context["errors"]
    assert errors and all(error["param"].startswith(named) for error in errors)
    assert f'<code class="mono">{errors[0]["param"]}</code>' in html


def test_a_bad_parameter_leaves_the_rest_of_the_search_working(client, catalogue):
    response = client.get(SEARCH, {"species": "corundum", "carat_min": "5", "carat_max": "1"})

    html = _text(response)
    assert response.status_code == 400
    assert "Hunza ruby" in html and "Swat emerald" not in html  # species still applies
    assert "Remove it" in html


def test_each_error_links_to_the_search_without_it_and_one_link_fixes_all(client, catalogue):
    client.post(reverse("set_currency"), {"currency": "PKR", "next": "/"})

    response = client.get(SEARCH, {"species": "corundum", "carat_min": "5", "carat_max": "1", "sort": "sideways"})

    html = _text(response)
    carat = next(error for error in response.context["errors"] if error["param"].startswith("carat"))
    assert "carat_" not in carat["remove_url"] and "sort=sideways" in carat["remove_url"]
    assert "currency" not in carat["remove_url"]  # the display currency is the page's, not the URL's
    assert "Remove them all" in html
    assert f'href="{_href(SEARCH + "?species=corundum")}"' in html


def test_bad_parameters_over_htmx_still_answer_a_panel(client, catalogue):
    response = client.get(SEARCH, {"carat_min": "5", "carat_max": "1"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    assert "<html" not in _text(response) and 'data-testid="search-errors"' in _text(response)


@pytest.mark.parametrize("query", [
    "?cursor=not-a-cursor", "?page_size=100000", "?carat_min=1e400", "?species=" + "x" * 500, "?q=" + "ruby " * 200,
    "?kind=gemstone&kind=", "?price_min=-1", "?currency=XYZ",
])
def test_odd_parameters_never_fail(client, catalogue, query):
    assert client.get(SEARCH + query).status_code in (200, 302, 400)


# --- Old addresses, layout, language --------------------------------------------------------

def test_old_browse_address_redirects_to_search_with_the_words(client):
    response = client.get(reverse("browse"), {"q": "emerald", "page": "3"})

    assert response.status_code == 301
    assert response["Location"] == SEARCH + "?q=emerald"


def test_header_search_box_submits_to_the_search_page(client):
    html = _text(client.get(reverse("home")))

    assert f'<form class="search" action="{SEARCH}" method="get" role="search">' in html
    assert f'href="{SEARCH}"' in html  # the nav link


def test_home_shortcuts_open_faceted_searches(client, catalogue):
    html = _text(client.get(reverse("home")))

    for shortcut in ("untreated=1", "certified=1", "karat=22"):
        assert re.search(rf'href="{SEARCH}\?[^"]*{shortcut}', html), shortcut


@pytest.mark.parametrize("query", ["?kind=gemstone&untreated=1", "?kind=gemstone&certified=1",
                                   "?kind=jewelry&metal=gold&karat=22",
                                   "?kind=gemstone&carat_min=5"])
def test_home_shortcuts_are_valid_searches(client, catalogue, query):
    assert client.get(SEARCH + query).status_code == 200


def test_search_page_renders_right_to_left_in_urdu(client, catalogue):
    response = client.get(SEARCH, {"species": "beryl"}, HTTP_ACCEPT_LANGUAGE="ur")

    html = _text(response)
    assert response.status_code == 200
    assert '<html lang="ur" dir="rtl"' in html
    assert 'id="search-panel"' in html


# --- Query counts: constant whatever the number of listings --------------------------------

def _picture() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (20, 128, 80)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _stock(count: int) -> Seller:
    seller = make_seller()
    picture = _picture()
    for n in range(count):
        listing = make_jewelry_listing(seller=seller) if n % 3 == 2 else _emerald(seller=seller) if n % 2 else _ruby(
            seller=seller)
        services.listing_image_add(listing=listing, data=picture)
    return seller


SEARCH_QUERY_BUDGET = 10  # the engine reads a handful of rows (index sync, one page, its pictures); the layout none


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("query", ["", "?species=beryl,corundum&carat_min=1", "?q=emerald&sort=price_asc"])
def test_search_query_count_does_not_grow_with_listings(client, django_assert_max_num_queries, count, query):
    _stock(count)
    search_index.current()  # a warm worker's index (loading it is once per process)
    with django_assert_max_num_queries(SEARCH_QUERY_BUDGET):
        assert client.get(SEARCH + query).status_code == 200


# --- Headings -------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "heading"), [
    ({}, "Gems and jewelry"),
    ({"kind": "jewelry"}, "Jewelry"),
    ({"kind": "gemstone,lot"}, "Gemstones"),
    ({"species": "corundum", "carat_min": "1"}, "Corundum"),
    ({"species": "beryl,corundum"}, "Gems and jewelry"),
    ({"q": "ruby", "species": "corundum"}, "Results for “ruby”"),
])
def test_heading_names_what_is_searched(client, catalogue, query, heading):
    html = _text(client.get(SEARCH, query))

    assert f'id="search-heading">{heading}</h1>' in html


# --- "Show N more": a facet's long tail is fetched on demand ---------------------------------

def _boxes(html: str, param: str) -> list[str]:
    return re.findall(rf'<input type="checkbox" id="f-{param}-[^"]*" name="{param}" value="([^"]*)"', html)


def _more_link(html: str, param: str) -> tuple[str, int]:
    match = re.search(rf'<li class="facet__more"><a href="([^"]*#facet-{param})"[^>]*>Show (\d+) more</a>', html)
    assert match, f"no 'Show more' link for {param}"
    return html_lib.unescape(match.group(1)), int(match.group(2))


@pytest.fixture
def ten_sellers():
    """Emeralds from ten sellers (the first has two): a seller facet longer than its top eight."""
    sellers = [make_seller(trade_name=f"Swat House {n}") for n in range(10)]
    for seller in sellers:
        _emerald(seller=seller)
    _emerald(seller=sellers[0])
    make_jewelry_listing(seller=sellers[0], title="22K gold ring")
    return sellers


def test_a_long_facet_shows_its_top_values_and_a_link_to_the_rest(ten_sellers, client):
    html = _text(client.get(SEARCH, {"q": "swat"}))
    head = _boxes(html, "seller")
    assert len(head) == 8 and ten_sellers[0].slug in head  # the seller with most listings is among them
    href, rest = _more_link(html, "seller")
    assert (href, rest) == (f"{SEARCH}?q=swat&more=seller#facet-seller", 2)  # the same search, that facet whole

    page = _text(client.get(href.split("#")[0]))
    whole = _boxes(page, "seller")
    assert len(whole) == 10 and set(head) < set(whole)
    assert 'class="facet__more"' not in page.split('id="facet-seller"')[1].split("</details>")[0]


def test_htmx_asks_for_the_rest_of_a_facet_and_gets_only_those_values(ten_sellers, client):
    query = {"kind": "gemstone", "seller": ten_sellers[3].slug}
    full = _text(client.get(SEARCH, query))
    head = _boxes(full, "seller")
    assert ten_sellers[3].slug in head  # a chosen value is always shown
    _href, rest = _more_link(full, "seller")
    response = client.get(SEARCH, {**query, "more": "seller"}, headers={"HX-Request": "true"})
    html = _text(response)
    assert response.status_code == 200 and "search-panel" not in html
    tail = _boxes(html, "seller")
    assert len(tail) == rest == 2 and not set(tail) & set(head)
    assert html.count('class="facet__value') == rest  # nothing but the values
    # an unknown facet name asks for nothing and breaks nothing
    unknown = client.get(SEARCH, {**query, "more": "<b>"}, headers={"HX-Request": "true"})
    assert unknown.status_code == 200 and _boxes(_text(unknown), "seller") == []


def test_a_category_page_links_the_rest_of_a_facet_to_itself(ten_sellers, client):
    html = _text(client.get(reverse("gem_list")))
    href, _rest = _more_link(html, "seller")
    assert href == f"{reverse('gem_list')}?more=seller#facet-seller"
    page = _text(client.get(href.split("#")[0]))
    assert len(_boxes(page, "seller")) == 10 and "22K gold ring" not in page  # still the gems, whole facet


def test_every_range_control_has_its_own_descriptive_name(client, catalogue):
    """Two "Min" boxes (carat, price …) and their slider thumbs must not share an accessible name."""
    html = client.get(SEARCH).content.decode()
    labels = [" ".join(re.sub(r"<[^>]+>", " ", text).split())
              for text in re.findall(r'<label for="f-[a-z_]+-m(?:in|ax)">(.*?)</label>', html, re.S)]
    thumbs = re.findall(r'data-label-m(?:in|ax)="([^"]+)"', html)
    assert len(labels) >= 4 and len(thumbs) >= 2
    assert len(set(labels)) == len(labels) and len(set(thumbs)) == len(thumbs)
    assert not set(labels) & set(thumbs)
    assert any(label.startswith("Min · ") for label in labels)
