"""The write is one real transaction: a failure halfway leaves nothing behind (run on both databases)."""

import pytest
from django.db import connection

from gembazaar.catalogue.models import GemSpec, Listing, ListingImage
from gembazaar.core.errors import DomainError
from gembazaar.imports.services.checking import import_check
from gembazaar.imports.services.writing import import_write
from gembazaar.search.models import SearchChange
from gembazaar.testing import make_gem_listing, make_seller

from .conftest import csv_bytes, gem_row, picture_bytes, zip_bytes


@pytest.mark.django_db(transaction=True)
def test_a_sku_taken_between_check_and_write_rolls_everything_back(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    seller = make_seller()
    rows = [gem_row(f"SW-{n}") for n in range(50)]
    images = zip_bytes({"SW-1.png": picture_bytes(), "SW-49.png": picture_bytes()})
    checked = import_check(seller=seller, kind="gem", mode="create", data=csv_bytes(rows), images=images)
    assert checked.ok and len(checked.rows) == 50
    make_gem_listing(seller=seller, sku="SW-49")  # the last row now collides with the unique constraint
    before = (Listing.objects.count(), GemSpec.objects.count(), ListingImage.objects.count())
    with pytest.raises(DomainError) as caught:
        import_write(seller=seller, kind="gem", mode="create", checked=checked, images=images)
    assert caught.value.code == "conflict"
    assert (Listing.objects.count(), GemSpec.objects.count(), ListingImage.objects.count()) == before
    media = tmp_path / "media" / "listings"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))  # saved pictures removed


@pytest.mark.django_db(transaction=True)
def test_a_committed_import_is_visible_to_search_freshness(tmp_path):
    seller = make_seller()
    changes_before = SearchChange.objects.count()
    checked = import_check(seller=seller, kind="gem", mode="create",
                           data=csv_bytes([gem_row(f"SW-{n}") for n in range(10)]))
    written = import_write(seller=seller, kind="gem", mode="create", checked=checked, publish=True)
    assert written.created == 10
    assert Listing.objects.public().filter(seller=seller).count() == 10
    # the catalogue's triggers record every inserted listing and spec for the search index
    assert SearchChange.objects.count() - changes_before >= 10
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.fixture
def small_batches(monkeypatch):
    from gembazaar.imports.services import checking, writing
    monkeypatch.setattr(checking, "BATCH_ROWS", 3)
    monkeypatch.setattr(checking, "PROGRESS_EVERY", 1)
    used = []
    original = writing.PipelinedWriter.__init__

    def spy(self, **kwargs):
        used.append(kwargs["kind"])
        original(self, **kwargs)

    monkeypatch.setattr(writing.PipelinedWriter, "__init__", spy)
    return used


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_pipelined_write_imports_every_batch_with_pictures(small_batches, tmp_path, settings):
    from gembazaar.imports.services.writing import import_listings

    settings.MEDIA_ROOT = tmp_path / "media"
    seller = make_seller()
    checked, written = import_listings(seller=seller, kind="gem", data=csv_bytes([gem_row(f"SW-{n}")
                                                                                   for n in range(10)]),
                                       images=zip_bytes({"SW-9.png": picture_bytes()}))
    assert small_batches == ["gem"]  # the pipelined writer did the work
    assert checked.errors == [] and written.created == 10 and written.images == 1
    assert Listing.objects.filter(seller=seller).count() == 10
    assert Listing.objects.get(sku="SW-9").images.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_bad_row_after_batches_were_sent_leaves_nothing_written(small_batches):
    from gembazaar.imports.services.writing import import_listings

    seller = make_seller()
    rows = [gem_row(f"SW-{n}") for n in range(10)] + [gem_row("SW-10", carat="heavy")]
    checked, written = import_listings(seller=seller, kind="gem", data=csv_bytes(rows))
    assert written is None
    assert [(e.row, e.column) for e in checked.errors] == [(12, "carat")]
    assert Listing.objects.count() == 0 and GemSpec.objects.count() == 0
    if connection.vendor == "postgresql":
        assert small_batches == ["gem"]


@pytest.mark.django_db(transaction=True)
def test_a_sku_taken_while_the_pipeline_runs_rolls_everything_back(small_batches):
    from gembazaar.imports.services.writing import import_listings

    seller = make_seller()
    competitor = []

    def progress(done, total):
        if done == 2 and not competitor:  # another door creates SW-9 after the check read the seller's SKUs
            competitor.append(make_gem_listing(seller=seller, sku="SW-9"))

    checked, written = import_listings(seller=seller, kind="gem", progress=progress,
                                       data=csv_bytes([gem_row(f"SW-{n}") for n in range(10)]))
    assert written is None
    assert "collided" in checked.errors[0].reason
    assert list(Listing.objects.values_list("sku", flat=True)) == ["SW-9"]
