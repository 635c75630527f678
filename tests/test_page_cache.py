"""Anonymous visitors get cached pages (core/page_cache.py), never stale where it matters, and
never someone else's page. Runs on SQLite and PostgreSQL."""

import gzip
import re
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from gembazaar.catalogue import services as catalogue_services
from gembazaar.catalogue.models import Listing
from gembazaar.core.page_cache import CACHED_HEADER
from gembazaar.sellers import services as seller_services
from gembazaar.sellers.tests.conftest import make_council_user, make_user
from gembazaar.testing import make_gem_listing, make_seller

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def served(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response


def cached(client, url, **headers) -> bool:
    return served(client, url, **headers).get(CACHED_HEADER) == "hit"


@pytest.fixture
def stone():
    return make_gem_listing(seller=make_seller(trade_name="Swat Emerald House"), title="Oval emerald from Mingora",
                            price=Decimal("1250.00"))


def pages_of(listing: Listing) -> list[str]:
    return [listing.get_absolute_url(), reverse("seller_detail", args=[listing.seller.slug]), reverse("search"),
            reverse("gem_list"), reverse("home")]


def test_the_second_anonymous_visit_is_served_from_the_cache(stone):
    for url in [*pages_of(stone), reverse("pricing:rates"), reverse("seller_list"), reverse("jewelry_list")]:
        first = served(Client(), url)
        assert first.get(CACHED_HEADER) == "miss", url
        again = served(Client(), url)
        assert again.get(CACHED_HEADER) == "hit", url
        assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode()), url


def test_a_hit_carries_the_visitors_own_working_csrf_token(stone):
    served(Client(), stone.get_absolute_url())
    visitor = Client(enforce_csrf_checks=True)
    page = served(visitor, stone.get_absolute_url())
    assert page.get(CACHED_HEADER) == "hit"
    token = TOKEN.search(page.content.decode()).group(1)
    assert "__GEMBAZAAR" not in page.content.decode() and "csrftoken" in page.cookies
    answer = visitor.post(reverse("set_language"), {"language": "ur", "next": "/", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302  # not 403: the token and the cookie the hit set agree


def test_a_hit_is_sent_gzipped_whole_with_the_visitors_own_token(stone):
    """The stored pieces and the visitor's token make one valid gzip stream (CRC and length
    checked by gzip.decompress), equal to the page sent plain, for every cached page."""
    for url in pages_of(stone):
        plain = served(Client(), url)  # the miss stores the page
        assert plain.get(CACHED_HEADER) == "miss"
        hit = served(Client(), url, accept_encoding="gzip, deflate, br")
        assert (hit.get(CACHED_HEADER), hit["Content-Encoding"]) == ("hit", "gzip"), url
        assert "Accept-Encoding" in hit["Vary"]
        page = gzip.decompress(hit.content).decode()
        tokens = TOKEN.findall(page)
        assert tokens and all(token == tokens[0] for token in tokens) and tokens[0] not in plain.content.decode()
        assert TOKEN.sub("", page) == TOKEN.sub("", plain.content.decode()), url
        assert len(hit.content) < len(page) / 2  # compressed, not merely wrapped
        unzipped = served(Client(), url)  # a client that asks for no encoding gets the page plain
        assert "Content-Encoding" not in unzipped and TOKEN.sub("", unzipped.content.decode()) == TOKEN.sub("", page)


def test_signed_in_visitors_and_sessions_are_never_served_or_stored(stone):
    url = stone.get_absolute_url()
    buyer = Client()
    buyer.force_login(make_user("sara"))
    assert served(buyer, url).get(CACHED_HEADER) is None
    assert served(buyer, url).get(CACHED_HEADER) is None
    with_session = Client()
    with_session.post(reverse("set_currency"), {"currency": "PKR", "next": "/"})  # a session: PKR chosen
    served(Client(), url)
    served(Client(), url)
    response = served(with_session, url)
    assert response.get(CACHED_HEADER) is None and "Rs" in response.content.decode()


def test_each_language_and_the_htmx_panel_have_their_own_entry(stone):
    url = reverse("search")
    served(Client(), url)
    urdu = served(Client(), url, **{"Accept-Language": "ur"})
    assert urdu.get(CACHED_HEADER) == "miss" and 'dir="rtl"' in urdu.content.decode()
    panel = served(Client(), url, **{"HX-Request": "true"})
    assert panel.get(CACHED_HEADER) == "miss" and "<html" not in panel.content.decode()


# --- Never stale where it matters: each change shows on the next request --------------------------


def warm(listing: Listing) -> None:
    for url in pages_of(listing):
        served(Client(), url)
        assert cached(Client(), url), url


def test_a_stone_sold_leaves_every_page_at_once(stone):
    warm(stone)
    Listing.objects.filter(pk=stone.pk).update(status=Listing.Status.SOLD, quantity=0)
    assert served(Client(), stone.get_absolute_url()).status_code == 404
    assert "Oval emerald from Mingora" not in served(Client(), reverse("search")).content.decode()
    assert "Oval emerald from Mingora" not in served(Client(), reverse("gem_list")).content.decode()


def test_an_edit_and_an_archive_show_at_once(stone):
    warm(stone)
    catalogue_services.listing_update(listing=stone, actor=None, title="Oval emerald, re-cut")
    assert "Oval emerald, re-cut" in served(Client(), stone.get_absolute_url()).content.decode()
    catalogue_services.listing_archive(listing=Listing.objects.get(pk=stone.pk))
    assert served(Client(), stone.get_absolute_url()).status_code == 404


def test_a_suspended_seller_disappears_at_once(stone):
    warm(stone)
    seller_services.seller_suspend(seller=stone.seller, actor=make_council_user(), reason="Unpaid dues")
    assert served(Client(), stone.get_absolute_url()).status_code == 404
    assert served(Client(), reverse("seller_detail", args=[stone.seller.slug])).status_code == 404
    assert "Swat Emerald House" not in served(Client(), reverse("home")).content.decode()


def test_a_new_listing_appears_in_search_and_lists_at_once(stone):
    warm(stone)
    make_gem_listing(seller=stone.seller, title="Pink topaz from Katlang",
                     gem={"species": "topaz", "variety": "pink_topaz", "clarity": "EC", "treatments": "N"})
    for url in (reverse("search"), reverse("gem_list"), reverse("home")):
        assert "Pink topaz from Katlang" in served(Client(), url).content.decode(), url


def test_a_new_metal_rate_reprices_the_cached_page_at_once():
    from gembazaar.pricing import services as pricing
    from gembazaar.testing import make_jewelry_listing

    pricing.record_metal_rate(metal="gold", fineness=999, unit="tola", price=Decimal("245000"), currency="PKR",
                              source="Lahore Sarafa", confirm=True)
    ring = make_jewelry_listing(title="22K gold ring", price_mode=Listing.PriceMode.METAL_LINKED)
    page = served(Client(), ring.get_absolute_url()).content.decode()
    assert cached(Client(), ring.get_absolute_url())
    pricing.record_metal_rate(metal="gold", fineness=999, unit="tola", price=Decimal("260000"), currency="PKR",
                              source="Lahore Sarafa", confirm=True)
    repriced = served(Client(), ring.get_absolute_url())
    assert repriced.get(CACHED_HEADER) == "miss" and repriced.content.decode() != page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_stone_sold_in_another_process_is_not_served_from_the_cache(stone):
    """The sale commits on another connection (another worker's); this one serves the next page."""
    warm(stone)

    def sell() -> None:
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("UPDATE catalogue_listing SET status = 'sold', quantity = 0 WHERE id = %s", [stone.pk])
        finally:
            connections["default"].close()

    seller_thread = threading.Thread(target=sell)
    seller_thread.start()
    seller_thread.join()
    assert connection.vendor == "postgresql"
    assert served(Client(), stone.get_absolute_url()).status_code == 404
