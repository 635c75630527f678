"""After any change to a listing, its spec or its seller, the next search shows it: no stale results."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from gembazaar.catalogue import services
from gembazaar.catalogue.models import GemSpec, Listing, ListingPrice
from gembazaar.search import index, patch
from gembazaar.search.engine import run_search
from gembazaar.search.freshness import search_index
from gembazaar.search.params import parse_search_params
from gembazaar.search.schema import missing_search_triggers
from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing, make_jewelry_listing

pytestmark = pytest.mark.django_db


def found(query: dict) -> list[int]:
    return run_search(parse_search_params({**query, "page_size": "100"})).listing_ids


@pytest.fixture
def emerald():
    listing = make_gem_listing(price=Decimal("1000"), gem={"carat": Decimal("1.200")})
    assert found({"variety": "emerald"}) == [listing.pk]  # the index is loaded now
    return listing


def test_the_search_triggers_exist_after_migrating():
    assert missing_search_triggers() == []


def test_a_new_listing_shows_once_published_and_a_draft_never(emerald):
    draft = make_gem_listing(publish=False)
    assert draft.pk not in found({})
    services.listing_publish(listing=draft)
    assert draft.pk in found({})


def test_a_price_change_moves_the_listing_between_price_ranges(emerald):
    assert found({"price_min": "900", "price_max": "1100"}) == [emerald.pk]
    ListingPrice.objects.filter(listing=emerald).update(price=Decimal("2000"), reference_price=Decimal("2000"))
    assert found({"price_min": "900", "price_max": "1100"}) == []
    assert found({"price_min": "1900", "price_max": "2100"}) == [emerald.pk]


def test_a_spec_change_is_seen_even_without_touching_the_listing(emerald):
    generation = search_index.current().generation
    GemSpec.objects.filter(pk=emerald.pk).update(carat=Decimal("3.050"), colour="blue")
    assert found({"carat_min": "3", "colour": "blue"}) == [emerald.pk]
    assert found({"colour": "green"}) == []
    assert search_index.current().generation == generation  # patched in place, not reloaded


def test_a_sold_listing_leaves_the_results(emerald):
    Listing.objects.filter(pk=emerald.pk).update(status=Listing.Status.SOLD, quantity=0)
    assert found({}) == []


def test_an_archived_listing_leaves_the_results(emerald):
    services.listing_archive(listing=emerald)
    assert found({"q": "emerald"}) == []


def test_a_deleted_listing_leaves_the_results(emerald):
    emerald.delete()
    assert found({}) == []


def test_a_suspended_seller_takes_its_listings_away_and_back(emerald):
    other = make_jewelry_listing()
    Seller.objects.filter(pk=emerald.seller_id).update(status=Seller.Status.SUSPENDED)
    assert found({}) == [other.pk]
    Seller.objects.filter(pk=emerald.seller_id).update(status=Seller.Status.VERIFIED, verified_at=timezone.now())
    assert sorted(found({})) == sorted([emerald.pk, other.pk])


def test_a_renamed_seller_is_found_by_its_new_name_in_the_seller_facet(emerald):
    Seller.objects.filter(pk=emerald.seller_id).update(trade_name="Mingora Stones")
    facet = next(f for f in run_search(parse_search_params({})).facets if f.name == "seller")
    assert [v.label for v in facet.values] == ["Mingora Stones"]


def test_a_rolled_back_change_is_forgotten(emerald):
    with pytest.raises(RuntimeError), transaction.atomic():
        added = make_gem_listing()
        assert added.pk in found({})  # seen inside the transaction that made it
        raise RuntimeError
    assert found({}) == [emerald.pk]


def test_words_kept_in_memory_follow_text_changes(emerald):
    Listing.objects.filter(pk=emerald.pk).update(search_text="a moonglow stone")
    assert found({"q": "moonglow"}) == [emerald.pk]
    Listing.objects.filter(pk=emerald.pk).update(search_text="a plain stone")
    assert found({"q": "moonglow"}) == []


def test_an_edited_title_is_found_once_its_search_text_is_refreshed(emerald):
    Listing.objects.filter(pk=emerald.pk).update(title="Starlit emerald")
    services.listing_search_text_refresh(listing=Listing.objects.select_related("seller", "gem").get(pk=emerald.pk))
    assert found({"q": "starlit"}) == [emerald.pk]


def test_listings_beyond_the_spare_rows_rebuild_the_index(emerald, monkeypatch):
    monkeypatch.setattr(index, "MIN_SPARE", 0)
    search_index.reset()
    found({})
    spare = search_index.current().capacity - search_index.current().size
    added = [make_gem_listing().pk for _ in range(spare + 2)]
    assert sorted(found({})) == sorted([emerald.pk, *added])


def test_many_re_sorted_rows_rebuild_the_sort_orders(emerald, monkeypatch):
    monkeypatch.setattr(patch, "REBUILD_DIRTY_MIN", 1)
    monkeypatch.setattr(patch, "REBUILD_DIRTY_SHARE", 0.0)
    cheap = make_gem_listing(price=Decimal("10"))
    generation = search_index.current().generation
    ListingPrice.objects.filter(listing=emerald).update(reference_price=Decimal("5"), price=Decimal("5"))
    assert found({"sort": "price_asc"}) == [emerald.pk, cheap.pk]
    assert search_index.current().generation != generation


def test_a_listing_published_in_a_slow_transaction_is_still_picked_up(emerald):
    """A change-log id skipped at one refresh (its transaction had not committed) is asked for again."""
    later = make_gem_listing()
    with connection.cursor() as cursor:  # hide the log row, as if its transaction were still running
        cursor.execute("SELECT id FROM catalogue_searchchange WHERE listing_id = %s", [later.pk])
        log_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("UPDATE catalogue_searchchange SET id = -id WHERE listing_id = %s", [later.pk])
    make_gem_listing()  # a later log row moves the watermark past the hidden one
    assert later.pk not in found({})
    with connection.cursor() as cursor:  # the slow transaction commits
        cursor.execute("UPDATE catalogue_searchchange SET id = -id WHERE listing_id = %s", [later.pk])
    assert later.pk in found({}), log_ids
