"""Housekeeping: uploaded files are deleted after IMPORT_FILE_RETENTION_DAYS; stale jobs are retried once."""

import io
import os
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from gembazaar.catalogue.models import Listing
from gembazaar.imports.models import ImportJob
from gembazaar.imports.services import jobs, runs, writing
from gembazaar.imports.services.files import import_jobs_purge_files
from gembazaar.imports.services.jobs import import_job_create
from gembazaar.imports.services.stale import import_jobs_handle_stale
from gembazaar.imports.tasks import import_jobs_purge_files_task

from .conftest import csv_bytes, gem_row, picture_bytes, upload, zip_bytes

pytestmark = pytest.mark.django_db


def new_job(seller, capture, *, rows=("SW-1", "SW-2"), mode="create", pictures=False) -> ImportJob:
    data = csv_bytes([gem_row(sku) for sku in rows]) if mode == "create" else \
        csv_bytes([{"sku": sku, "price": "77"} for sku in rows])
    images = upload(zip_bytes({f"{rows[0]}.png": picture_bytes()}), "pics.zip") if pictures else None
    with capture(execute=False):
        job = import_job_create(seller=seller, user=None, kind="gem", mode=mode, upload=upload(data), images=images)
    return job


def put(job: ImportJob, status: str, **fields) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(status=status, **fields)
    job.refresh_from_db()
    return job


# --- Purging uploaded files ------------------------------------------------------------------------

@pytest.fixture
def old():
    return timezone.now() - timedelta(days=31)


def test_old_ended_jobs_lose_their_files_but_keep_their_record(
        seller, seller_client, settings, old, django_capture_on_commit_callbacks):
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    capture = django_capture_on_commit_callbacks
    ended = {status: put(new_job(seller, capture, pictures=True), status, finished_at=old, updated_at=old,
                         created_count=2, error_count=0, sample=[{"row": 2, "sku": "SW-1"}])
             for status in ("committed", "invalid", "failed")}
    paths = {job.pk: (job.file.path, job.images.path) for job in ended.values()}
    for file_path, images_path in paths.values():
        assert os.path.exists(file_path) and os.path.exists(images_path)

    assert import_jobs_purge_files_task() == 3

    for job in ended.values():
        job.refresh_from_db()
        assert job.files_purged_at is not None and not job.files_kept
        assert not job.file and not job.images
        assert (job.file_name, job.images_name, job.created_count, job.sample) == (
            "listings.csv", "pics.zip", 2, [{"row": 2, "sku": "SW-1"}])
        for path in paths[job.pk]:
            assert not os.path.exists(path)
    page = seller_client.get(reverse("imports:job", args=[ended["committed"].pk])).content.decode()
    assert "File no longer kept" in page
    assert import_jobs_purge_files_task() == 0  # idempotent


def test_running_awaiting_and_recent_jobs_keep_their_files(seller, settings, old, django_capture_on_commit_callbacks):
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    capture = django_capture_on_commit_callbacks
    active = [put(new_job(seller, capture), status, finished_at=old, updated_at=old)
              for status in ("queued", "validating", "valid", "committing")]
    recent = put(new_job(seller, capture), "committed", finished_at=timezone.now() - timedelta(days=29))

    assert import_jobs_purge_files() == []

    for job in [*active, recent]:
        job.refresh_from_db()
        assert job.files_purged_at is None and job.file.storage.exists(job.file.name)
    # --days overrides the setting: the recent one goes, the active ones still stay
    assert [p.job_id for p in import_jobs_purge_files(days=7)] == [recent.pk]
    assert all(ImportJob.objects.get(pk=job.pk).files_purged_at is None for job in active)


def test_dry_run_deletes_nothing_and_the_command_lists_what_it_removes(
        seller, old, django_capture_on_commit_callbacks):
    job = put(new_job(seller, django_capture_on_commit_callbacks), "committed", finished_at=old)
    name = job.file.name
    out = io.StringIO()
    call_command("purge_import_files", "--dry-run", stdout=out, stderr=io.StringIO())
    assert f"job {job.pk} (seller {seller.pk}): would delete {name}" in out.getvalue()
    assert "Dry run: 1 job(s)" in out.getvalue()
    job.refresh_from_db()
    assert job.files_purged_at is None and job.file.storage.exists(name)

    out = io.StringIO()
    call_command("purge_import_files", "--days", "30", stdout=out, stderr=io.StringIO())
    assert f"deleted {name}" in out.getvalue() and "1 job(s) ended more than 30 day(s) ago" in out.getvalue()
    job.refresh_from_db()
    assert job.files_purged_at is not None and not job.file.storage.exists(name)
    with pytest.raises(CommandError, match="--days"):
        call_command("purge_import_files", "--days", "-1", stdout=io.StringIO())


def test_the_command_shows_a_progress_bar_for_many_jobs(seller, old, django_capture_on_commit_callbacks, monkeypatch):
    from gembazaar.imports.management.commands import purge_import_files

    monkeypatch.setattr(purge_import_files, "PROGRESS_FROM", 2)
    for _n in range(2):
        put(new_job(seller, django_capture_on_commit_callbacks), "failed", finished_at=old)
    err = io.StringIO()
    call_command("purge_import_files", stdout=io.StringIO(), stderr=err)
    assert "2/2" in err.getvalue()


def test_a_file_already_missing_is_tolerated(seller, old, django_capture_on_commit_callbacks):
    job = put(new_job(seller, django_capture_on_commit_callbacks), "invalid", finished_at=old)
    job.file.storage.delete(job.file.name)
    [result] = import_jobs_purge_files()
    assert result.missing == [job.file.name]
    job.refresh_from_db()
    assert job.files_purged_at is not None


def test_a_job_without_finished_at_counts_from_its_last_change(seller, old, django_capture_on_commit_callbacks):
    job = put(new_job(seller, django_capture_on_commit_callbacks), "failed", finished_at=None, updated_at=old)
    assert [p.job_id for p in import_jobs_purge_files()] == [job.pk]


# --- Stale jobs: retried once ------------------------------------------------------------------------

def silent(job: ImportJob, status: str, minutes: int = 31) -> ImportJob:
    return put(job, status, updated_at=timezone.now() - timedelta(minutes=minutes))


def test_a_stale_check_is_requeued_once_then_failed(seller, seller_client, settings,
                                                   django_capture_on_commit_callbacks):
    settings.IMPORT_STALE_MINUTES, settings.IMPORT_STALE_RETRIES = 30, 1
    capture = django_capture_on_commit_callbacks
    job = silent(new_job(seller, capture), "validating")

    with capture(execute=False) as callbacks:
        assert import_jobs_handle_stale() == {"retried": 1, "failed": 0, "committed": 0}
    assert len(callbacks) == 1  # the check task, queued again
    job.refresh_from_db()
    assert (job.status, job.retries, job.is_retrying) == ("queued", 1, True)
    assert import_jobs_handle_stale()["retried"] == 0  # not stale any more: it was just re-queued

    put(job, "validating", processed_rows=0)
    page = seller_client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    assert "the check is running again" in page and "hx-trigger" in page

    silent(job, "validating")  # the retry went silent too
    assert import_jobs_handle_stale() == {"retried": 0, "failed": 1, "committed": 0}
    job.refresh_from_db()
    assert job.status == "failed" and "went silent for 30 minutes" in job.errors[0]["reason"]


def test_the_requeued_check_runs(seller, django_capture_on_commit_callbacks):
    job = silent(new_job(seller, django_capture_on_commit_callbacks), "validating")
    with django_capture_on_commit_callbacks(execute=True):
        import_jobs_handle_stale()
    job.refresh_from_db()
    assert (job.status, job.total_rows, job.retries) == ("valid", 2, 1)


def test_no_retry_when_the_setting_is_zero(seller, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_STALE_RETRIES = 0
    job = silent(new_job(seller, django_capture_on_commit_callbacks), "queued")
    assert import_jobs_handle_stale()["failed"] == 1
    job.refresh_from_db()
    assert job.status == "failed"


def valid_job(seller, capture, **kwargs) -> ImportJob:
    job = new_job(seller, capture, **kwargs)
    with capture(execute=True):
        runs.import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "valid", job.errors
    with capture(execute=False):
        jobs.import_job_commit_request(job=job)
    return silent(job, "committing")


def test_a_stale_commit_that_wrote_nothing_is_requeued_and_then_imports(seller, django_capture_on_commit_callbacks):
    job = valid_job(seller, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert import_jobs_handle_stale()["retried"] == 1
    job.refresh_from_db()
    assert (job.status, job.created_count, job.retries) == ("committed", 2, 1)
    assert Listing.objects.filter(seller=seller).count() == 2


def test_a_superseded_commit_message_does_nothing(seller, django_capture_on_commit_callbacks):
    job = valid_job(seller, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        import_jobs_handle_stale()
    assert runs.import_job_commit(job_id=job.pk, attempt=0).status == "committing"  # the dead worker's
    assert Listing.objects.count() == 0
    assert runs.import_job_commit(job_id=job.pk, attempt=1).status == "committed"


def test_a_stale_commit_whose_listings_exist_is_marked_committed_not_retried(
        seller, django_capture_on_commit_callbacks):
    job = valid_job(seller, django_capture_on_commit_callbacks, pictures=True)
    # the worker's transaction committed, then it died before recording it
    with job.file.open("rb") as handle, job.images.open("rb") as pictures:
        writing.import_listings(seller=seller, kind="gem", mode="create", data=handle.read(),
                                 images=pictures.read())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert import_jobs_handle_stale() == {"retried": 0, "failed": 0, "committed": 1}
    assert callbacks == []
    job.refresh_from_db()
    assert (job.status, job.created_count, job.image_count, job.errors) == ("committed", 2, 1, [])


def test_a_stale_commit_with_some_listings_changed_meanwhile_fails(seller, django_capture_on_commit_callbacks):
    job = valid_job(seller, django_capture_on_commit_callbacks)
    # the seller made one of the SKUs by hand meanwhile
    writing.import_listings(seller=seller, kind="gem", mode="create", data=csv_bytes([gem_row("SW-1")]))
    assert import_jobs_handle_stale() == {"retried": 0, "failed": 1, "committed": 0}
    job.refresh_from_db()
    assert job.status == "failed" and "was not retried" in job.errors[0]["reason"]
    assert Listing.objects.filter(seller=seller).count() == 1


def test_a_stale_commit_that_wrote_nothing_fails_after_its_retry(seller, django_capture_on_commit_callbacks):
    job = valid_job(seller, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False):
        assert import_jobs_handle_stale()["retried"] == 1
    silent(job, "committing")
    assert import_jobs_handle_stale()["failed"] == 1
    job.refresh_from_db()
    assert job.status == "failed" and "Nothing was imported" in job.errors[0]["reason"]


def test_a_stale_update_commit_is_judged_by_what_changed(seller, django_capture_on_commit_callbacks):
    writing.import_listings(seller=seller, kind="gem", mode="create",
                             data=csv_bytes([gem_row("SW-1"), gem_row("SW-2")]))
    Listing.objects.filter(seller=seller).update(updated_at=timezone.now() - timedelta(hours=2))
    job = valid_job(seller, django_capture_on_commit_callbacks, mode="update_by_sku")
    with django_capture_on_commit_callbacks(execute=False):
        assert import_jobs_handle_stale()["retried"] == 1  # nothing touched since its last heartbeat

    silent(job, "committing")
    with job.file.open("rb") as handle:  # this time the write went through before the worker died
        writing.import_listings(seller=seller, kind="gem", mode="update_by_sku", data=handle.read())
    assert import_jobs_handle_stale()["committed"] == 1
    job.refresh_from_db()
    assert (job.status, job.updated_count, job.created_count) == ("committed", 2, 0)
