"""One index per host: the first worker builds it and writes it to the shared folder; the next maps
it instead of reading the catalogue again, shares its arrays, and stays exact from the change log.
(Two SearchIndex objects stand in for two worker processes.)"""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection

from gembazaar.catalogue import services
from gembazaar.search import shared
from gembazaar.search.freshness import SearchIndex
from gembazaar.testing import make_gem_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(settings, tmp_path):
    settings.SEARCH_SHARED_INDEX_DIR = str(tmp_path / "search-index")
    return tmp_path / "search-index"


def alive_ids(index: SearchIndex) -> set[int]:
    snapshot = index.current()
    rows = np.flatnonzero(np.unpackbits(snapshot.alive.view(np.uint8), bitorder="little")[: snapshot.size])
    return set(snapshot.ids[rows].tolist())


def test_the_second_worker_maps_the_first_workers_index(folder, django_assert_max_num_queries):
    listings = [make_gem_listing() for _ in range(3)]
    first = SearchIndex()
    assert alive_ids(first) == {listing.pk for listing in listings}
    assert (folder / shared.FILE_NAME).exists()

    second = SearchIndex()
    with django_assert_max_num_queries(3):  # the watermark check and the log: no catalogue read
        assert alive_ids(second) == {listing.pk for listing in listings}
    # Its arrays are views on the mapped file, not copies of its own.
    assert not second.current().ids.flags.owndata and not second.current().alive.flags.owndata


def test_a_mapped_index_catches_up_from_the_change_log(folder):
    stone = make_gem_listing()
    SearchIndex().current()  # the first worker writes the file
    newer = make_gem_listing()
    services.listing_archive(listing=stone)
    assert alive_ids(SearchIndex()) == {newer.pk}  # mapped, then the log applied: exact


def test_a_file_from_another_time_is_rebuilt(folder):
    stone = make_gem_listing()
    first = SearchIndex()
    first.current()
    # The log rows behind the file's watermark are gone (pruned or rolled back).
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalogue_searchchange")
    other = make_gem_listing()
    assert alive_ids(SearchIndex()) == {stone.pk, other.pk}
    assert alive_ids(SearchIndex()) == {stone.pk, other.pk}  # the rewritten file is good


def test_a_file_that_is_not_an_index_is_rebuilt(folder):
    folder.mkdir(parents=True)
    (folder / shared.FILE_NAME).write_bytes(b"not an index at all")
    stone = make_gem_listing()
    assert alive_ids(SearchIndex()) == {stone.pk}
    assert (folder / shared.FILE_NAME).read_bytes().startswith(shared.MAGIC)


def test_sharing_off_writes_nothing(settings, tmp_path):
    settings.SEARCH_SHARED_INDEX_DIR = ""
    stone = make_gem_listing()
    assert alive_ids(SearchIndex()) == {stone.pk}
    assert not (tmp_path / "search-index").exists()


def test_a_folder_others_can_write_to_is_not_trusted(folder):
    stone = make_gem_listing()
    SearchIndex().current()
    folder.chmod(0o777)
    assert shared.read(folder) is None  # never unpickle what another user could have put there
    assert alive_ids(SearchIndex()) == {stone.pk}  # the worker builds its own instead


def test_a_cut_off_file_is_rebuilt(folder):
    stone = make_gem_listing()
    SearchIndex().current()
    path = folder / shared.FILE_NAME
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # a disk that filled up mid-write
    assert shared.read(folder) is None
    assert alive_ids(SearchIndex()) == {stone.pk}


def test_a_file_written_by_another_release_is_rebuilt(folder, monkeypatch):
    stone = make_gem_listing()
    SearchIndex().current()
    monkeypatch.setattr(shared, "FORMAT", shared.FORMAT + 1)  # what the next release would write
    assert shared.read(folder) is None
    assert alive_ids(SearchIndex()) == {stone.pk}
    assert shared.read(folder) is not None  # rewritten in the new shape
