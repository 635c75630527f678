"""Searching by words: vocabulary words, free text, prefixes, typos, hostile input, relevance order."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.db import connection

from gembazaar.search import paging, text
from gembazaar.search.engine import run_search
from gembazaar.search.params import parse_search_params
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

pytestmark = pytest.mark.django_db


def search(q: str, **query) -> list[int]:
    return run_search(parse_search_params({"q": q, "page_size": "100", **query})).listing_ids


@pytest.fixture
def stones():
    swat = make_gem_listing(title="Fine Swat emerald, moonglow lustre", origin_locality="swat_mingora")
    hunza = make_gem_listing(title="Hunza ruby", origin_locality="hunza_karimabad",
                             gem={"species": "corundum", "variety": "ruby", "colour": "red", "treatments": "N"})
    topaz = make_gem_listing(title="Katlang topaz", origin_locality="katlang_ghundao",
                             gem={"species": "topaz", "variety": "pink_topaz", "colour": "pink", "treatments": "N"})
    ring = make_jewelry_listing(title="22K gold ring set with emeralds",
                                jewelry={"stones": "Natural emeralds from Swat, 0.50 ct in total"})
    return {"swat": swat.pk, "hunza": hunza.pk, "topaz": topaz.pk, "ring": ring.pk}


def test_a_vocabulary_word_finds_stones_and_the_jewelry_set_with_them(stones):
    assert set(search("emerald")) == {stones["swat"], stones["ring"]}
    assert set(search("Emeralds")) == {stones["swat"], stones["ring"]}


def test_every_word_must_match(stones):
    assert search("swat emerald", kind="gemstone") == [stones["swat"]]
    assert search("hunza emerald") == []
    assert search("22k gold ring") == [stones["ring"]]


def test_a_free_text_word_is_found_in_the_title(stones):
    assert search("moonglow") == [stones["swat"]]
    assert search("lustre moonglow") == [stones["swat"]]


def test_the_last_word_may_be_unfinished(stones):
    assert search("moongl") == [stones["swat"]]


def test_a_misspelt_vocabulary_word_is_corrected(stones):
    assert set(search("emrald")) == {stones["swat"], stones["ring"]}
    assert search("rubby") == [stones["hunza"]]


def test_a_misspelt_free_text_word_is_corrected_from_the_lexicon(stones):
    assert search("monglow") == [stones["swat"]]


@pytest.mark.postgres
def test_typos_are_corrected_with_trigram_similarity_on_postgresql(stones):
    assert "emerald" in text.similar_words("emrald")
    assert text.similar_words("moonglw") == ["moonglow"]
    with connection.cursor() as cursor:  # the lexicon's trigram index is there to be used
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'catalogue_searchword_trgm_idx'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]
    assert set(search("emrald")) == {stones["swat"], stones["ring"]}


def test_a_seller_is_found_by_name_and_market():
    seller = make_seller(trade_name="Namak Mandi Gem House", market="Namak Mandi")
    listing = make_gem_listing(seller=seller)
    make_gem_listing()
    assert search("namak mandi") == [listing.pk]


@pytest.mark.parametrize("hostile", [
    '"', "*", "NEAR(", "AND", "OR NOT", '"unbalanced', "a*b", "^col", "title:emerald", "()", "' OR 1=1 --",
    "\\", "%", "_", "emerald NEAR/2 ruby", "{ruby}", "-emerald", "+ruby", "ruby AND (", "😀 💎", "\x00",
])
def test_search_syntax_typed_by_a_buyer_never_breaks_the_search(stones, hostile):
    result = run_search(parse_search_params({"q": hostile}))
    assert result.total >= 0


def test_a_query_of_stop_words_matches_everything(stones):
    assert len(search("the of and")) == 4


def test_relevance_puts_what_the_item_is_before_what_it_mentions():
    named = make_gem_listing(title="Pink topaz", gem={"species": "topaz", "variety": "pink_topaz",
                                                        "colour": "pink", "treatments": "N"})
    coloured = make_gem_listing(title="Imperial topaz", gem={"species": "topaz", "variety": "imperial_topaz",
                                                              "colour": "pink", "treatments": "N"})
    assert search("pink topaz") == [named.pk, coloured.pk]


@pytest.mark.parametrize("small_limit", [0, 10**9], ids=["walk", "sort"])
def test_relevance_pages_walk_through_every_result_once_in_order(monkeypatch, small_limit):
    monkeypatch.setattr(paging, "SMALL_LIMIT", small_limit)
    made = []
    for i in range(13):
        variety = ("pink_topaz", "imperial_topaz", "blue_topaz")[i % 3]
        made.append(make_gem_listing(price=Decimal(100 + i), gem={
            "species": "topaz", "variety": variety, "colour": "pink", "treatments": "N"}).pk)
    params = dataclasses.replace(parse_search_params({"q": "pink topaz"}), page_size=4)
    everything = run_search(dataclasses.replace(params, page_size=100)).listing_ids
    assert sorted(everything) == sorted(made)
    pages, result = [], run_search(params)
    while True:
        pages.append(result.listing_ids)
        if not result.next_cursor:
            break
        result = run_search(dataclasses.replace(params, cursor=result.next_cursor))
    assert [pk for page in pages for pk in page] == everything
    back = []
    while result.previous_cursor:
        result = run_search(dataclasses.replace(params, cursor=result.previous_cursor))
        back = result.listing_ids + back
    assert back + pages[-1] == everything


def test_an_imitation_is_found_as_what_it_imitates_and_filtered_as_what_it_is():
    ruby = make_gem_listing(title="Hunza ruby", origin_locality="hunza_karimabad",
                            gem={"species": "corundum", "variety": "ruby", "colour": "red", "treatments": "N"})
    glass = make_gem_listing(title="Red stone 4 ct", gem={"species": "glass", "variety": "", "nature": "imitation",
                                                          "imitates": "ruby", "colour": "red", "clarity": "EC",
                                                          "treatments": "N"})
    assert search("imitation ruby") == [glass.pk]
    assert search("ruby") == [ruby.pk, glass.pk]  # the ruby first: "ruby" is what it *is*
    assert search("", species="corundum") == [ruby.pk]  # glass is never corundum
    assert search("", imitates="ruby") == [glass.pk]
    assert search("", species="glass") == [glass.pk]
