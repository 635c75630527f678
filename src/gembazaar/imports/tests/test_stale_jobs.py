"""A job whose worker died (killed, machine restarted) does not stay "running" for ever."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gembazaar.imports.models import ImportJob
from gembazaar.imports.services.jobs import import_job_create
from gembazaar.imports.services.stale import import_jobs_fail_stale
from gembazaar.imports.tasks import import_jobs_fail_stale_task

from .conftest import csv_bytes, gem_row, upload

pytestmark = pytest.mark.django_db


def job_in(seller, status: str, *, silent_for: timedelta, capture) -> ImportJob:
    with capture(execute=False):  # the check task is not run: the job stays where we put it
        job = import_job_create(seller=seller, user=None, kind="gem", mode="create",
                                upload=upload(csv_bytes([gem_row("SW-1")])))
    ImportJob.objects.filter(pk=job.pk).update(status=status, updated_at=timezone.now() - silent_for)
    return job


def test_running_jobs_silent_too_long_fail_with_a_reason_and_the_rest_are_left(
        seller, seller_client, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_STALE_MINUTES = 30
    settings.IMPORT_STALE_RETRIES = 0  # no retry left (retries: test_housekeeping.py)
    capture = django_capture_on_commit_callbacks
    dead = [job_in(seller, status, silent_for=timedelta(minutes=31), capture=capture)
            for status in ("queued", "validating", "committing")]
    alive = job_in(seller, "validating", silent_for=timedelta(minutes=5), capture=capture)
    finished = job_in(seller, "valid", silent_for=timedelta(days=2), capture=capture)

    assert import_jobs_fail_stale_task() == 3

    for job in dead:
        job.refresh_from_db()
        assert job.status == "failed" and job.finished_at is not None
        assert "went silent for 30 minutes" in job.errors[0]["reason"]
    alive.refresh_from_db()
    finished.refresh_from_db()
    assert (alive.status, finished.status) == ("validating", "valid")
    page = seller_client.get(reverse("imports:job", args=[dead[0].pk])).content.decode()
    assert "Nothing was imported" in page
    assert import_jobs_fail_stale() == 0  # idempotent


def test_progress_is_a_heartbeat(seller, django_capture_on_commit_callbacks):
    from gembazaar.imports.services import runs
    job = job_in(seller, "validating", silent_for=timedelta(minutes=31), capture=django_capture_on_commit_callbacks)
    runs._job_progress(job.pk)(10, 100)
    assert import_jobs_fail_stale(minutes=30) == 0
