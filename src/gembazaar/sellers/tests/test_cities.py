"""Trade cities are vocabulary: stored once, read in the reader's language on every screen."""

import pytest
from django.utils import translation

from gembazaar.sellers.cities import TRADE_CITIES, city_label
from gembazaar.sellers.forms import city_choices
from gembazaar.testing import make_gem_listing, make_seller


@pytest.mark.parametrize("language", ["ur", "ar"])
@pytest.mark.parametrize("city", TRADE_CITIES)
def test_every_trade_city_reads_in_the_readers_language(city, language):
    with translation.override(language):
        label = city_label(city)
    assert label and label != city and not any("a" <= ch.lower() <= "z" for ch in label)


def test_a_city_typed_by_the_seller_is_shown_as_written():
    with translation.override("ur"):
        assert city_label("Sialkot Cantt") == "Sialkot Cantt"


def test_the_application_city_list_is_in_urdu_but_stores_the_trade_name():
    with translation.override("ur"):
        choices = {code: str(label) for code, label in city_choices()}
    assert set(TRADE_CITIES) <= set(choices)
    assert choices["Lahore"] == "لاہور"


@pytest.mark.django_db
def test_seller_and_listing_cards_name_the_city_in_urdu(client):
    seller = make_seller(trade_name="Anarkali Gems", city="Lahore")
    make_gem_listing(seller=seller)
    for path in ("/sellers/", seller.get_absolute_url(), "/search/"):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE="ur").content.decode()
        assert "لاہور" in html, path
        assert "· Lahore" not in html and "Lahore ·" not in html, path


@pytest.mark.django_db
def test_the_api_gives_the_stored_city_and_its_label(client):
    seller = make_seller(city="Peshawar")
    body = client.get(f"/api/v1/sellers/{seller.slug}", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert body["city"] == "Peshawar" and body["city_label"] == "بيشاور"
