"""A word that names what a stone is outranks the same word in a seller's name: "emerald" lists
the emeralds first, and the lapis of "Emerald Palace" after them, never in between."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gembazaar.catalogue.models import Listing
from gembazaar.testing import make_gem_listing, make_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    palace = make_seller(trade_name="Emerald Palace Gems", slug="emerald-palace")
    swat = make_seller(trade_name="Mingora Stones", slug="mingora-stones")
    emeralds = [make_gem_listing(seller=swat, title=f"Swat emerald {n}",
                                 gem={"species": "beryl", "variety": "emerald"}) for n in range(3)]
    others = [make_gem_listing(seller=palace, title=title, gem=gem) for title, gem in [
        ("Lapis lazuli cabochon", {"species": "lapis_lazuli", "variety": "", "clarity": ""}),
        ("Red spinel", {"species": "spinel", "variety": ""}),
        ("Peridot oval", {"species": "olivine", "variety": "peridot"})]]
    # The seller's other stones are the newest: within a score, newest first would put them on top.
    now = timezone.now()
    for n, listing in enumerate([*emeralds, *others]):
        Listing.objects.filter(pk=listing.pk).update(published_at=now - timedelta(days=10 - n))
    return emeralds, others


@pytest.mark.parametrize("q", ["emerald", "Emerald", "emeralds"])
def test_stones_that_are_emeralds_come_before_a_sellers_other_stones(client, market, q):
    emeralds, others = market
    found = [item["id"] for item in client.get("/api/v1/search", {"q": q}).json()["items"]]
    emerald_ids, other_ids = {e.pk for e in emeralds}, {o.pk for o in others}
    assert set(found[:3]) == emerald_ids, found
    assert set(found[3:]) <= other_ids  # the seller's stones may follow, below


@pytest.mark.parametrize("q", ["emerald", "emer", "swat emerald"])
def test_the_search_page_lists_the_emeralds_first(client, market, q):
    emeralds, others = market
    html = client.get("/search/", {"q": q}).content.decode()
    positions = {listing.pk: html.find(listing.get_absolute_url()) for listing in [*emeralds, *others]}
    shown = [pk for pk, at in positions.items() if at >= 0]
    assert {e.pk for e in emeralds} <= set(shown)
    last_emerald = max(positions[e.pk] for e in emeralds)
    assert all(positions[o.pk] > last_emerald for o in others if positions[o.pk] >= 0)
