"""The in-process index: both loaders agree, `since` for digests, labels follow the language."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone, translation

from gembazaar.catalogue.models import Listing
from gembazaar.demo.run import seed_demo
from gembazaar.search import columns
from gembazaar.search.columns import SHORT_TEXT, Dictionaries
from gembazaar.search.engine import run_search
from gembazaar.search.params import parse_search_params
from gembazaar.testing import make_gem_listing

pytestmark = pytest.mark.django_db


def decoded(batch, dictionaries) -> dict:
    """A batch's columns with dynamic codes turned back into values, for comparing two loaders."""
    result = {"ids": batch.ids, "ok": batch.ok, "treatments": batch.treatments, "certified": batch.certified,
              "published": batch.published, **{f"value:{k}": v for k, v in batch.values.items()}}
    for name, codes in batch.codes.items():
        if name in dictionaries.values:
            values = dictionaries.values[name]
            result[name] = np.array([str(values[c]) if c else "" for c in codes])
        else:
            result[name] = codes
    return result


@pytest.mark.postgres
def test_the_fast_postgresql_loader_reads_what_the_row_loader_reads():
    from gembazaar.search import columns_pg

    seed_demo(listings=150, seed=5, pictures=False)
    slow_dictionaries, fast_dictionaries = Dictionaries(), Dictionaries()
    slow = decoded(columns.fetch_public(slow_dictionaries), slow_dictionaries)
    fast = decoded(columns_pg.fetch_public_fast(fast_dictionaries), fast_dictionaries)
    assert slow.keys() == fast.keys()
    for name in slow:
        assert np.array_equal(slow[name], fast[name]), name
    assert (slow[SHORT_TEXT] != "('', '')").any()


def test_since_keeps_only_listings_published_after_it():
    old = make_gem_listing()
    moment = timezone.now()
    Listing.objects.filter(pk=old.pk).update(published_at=moment - dt.timedelta(microseconds=1))
    same = make_gem_listing()
    Listing.objects.filter(pk=same.pk).update(published_at=moment)
    new = make_gem_listing()
    Listing.objects.filter(pk=new.pk).update(published_at=moment + dt.timedelta(microseconds=1))
    result = run_search(parse_search_params({"sort": "newest"}), since=moment)
    assert result.listing_ids == [new.pk]
    assert result.total == 1


def test_labels_follow_the_active_language():
    make_gem_listing()
    with translation.override("fr"):
        facet = next(f for f in run_search(parse_search_params({})).facets if f.name == "kind")
    assert facet.values[0].value == "gemstone"
    assert facet.values[0].label == str(Listing.Kind.GEMSTONE.label)
