"""What the import workers run for a job (queued by jobs.py, run by job_tasks.py): the check,
the commit, and marking a job failed. Nothing here queues work."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone

from gembazaar.core.errors import DomainError

from ..models import ImportJob
from ..rows import RowError
from .checking import Checked, Progress, Written, import_check
from .writing import import_listings

log = logging.getLogger(__name__)

def _job_files(job: ImportJob) -> tuple[bytes, bytes | None]:
    with job.file.open("rb") as handle:
        data = handle.read()
    images = None
    if job.images:
        with job.images.open("rb") as handle:
            images = handle.read()
    return data, images


def _job_progress(job_id: int) -> Progress:
    def report(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=min(done, total), total_rows=total,
                                                   updated_at=timezone.now())  # a heartbeat, see below
    return report


def _report(checked: Checked) -> list[dict]:
    return [error.as_dict() for error in checked.errors[: settings.IMPORT_MAX_REPORTED_ERRORS]]


def import_job_check(*, job_id: int) -> ImportJob:
    """Check a queued job's file; it ends `valid` (ready to commit) or `invalid` with its error report."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.VALIDATING, processed_rows=0, updated_at=timezone.now())
    job = ImportJob.objects.select_related("seller").get(pk=job_id)
    if not claimed:
        return job  # already checked (a task delivered twice)
    data, images = _job_files(job)
    checked = import_check(seller=job.seller, kind=job.kind, mode=job.mode, data=data, images=images,
                           progress=_job_progress(job.pk), keep_rows=False)
    _finish(job, checked, ImportJob.Status.VALID if checked.ok else ImportJob.Status.INVALID)
    return job


def _finish(job: ImportJob, checked: Checked, status: str, written: Written | None = None) -> None:
    job.status = status
    job.total_rows = job.processed_rows = checked.total_rows
    job.error_count = len(checked.errors)
    job.errors = _report(checked)
    job.sample = checked.sample
    if written:
        job.created_count, job.updated_count, job.image_count = written.created, written.updated, written.images
    job.finished_at = timezone.now()
    job.save()


def import_job_commit(*, job_id: int, attempt: int | None = None) -> ImportJob:
    """Check the file again (listings may have changed since) and write it all or nothing.

    `attempt` is the job's `retries` when this commit was queued: a message of an attempt the
    stale-job sweep has since replaced (redelivered after its worker died) does nothing.
    """
    job = ImportJob.objects.select_related("seller").get(pk=job_id)
    if job.status != ImportJob.Status.COMMITTING:
        return job  # already done (a task delivered twice)
    if attempt is not None and attempt != job.retries:
        return job  # superseded by a retry
    data, images = _job_files(job)
    try:
        checked, written = import_listings(seller=job.seller, kind=job.kind, mode=job.mode, data=data,
                                           images=images, publish=job.publish, progress=_job_progress(job.pk))
    except DomainError as exc:  # e.g. the seller lost verification since: publishing is refused
        checked, written = Checked(errors=[RowError(None, exc.field or "", exc.message)]), None
    _finish(job, checked, ImportJob.Status.COMMITTED if written else ImportJob.Status.INVALID, written)
    return job


def import_job_fail(*, job_id: int, message: str) -> None:
    """Mark a job failed after an unexpected error, so its page stops waiting."""
    ImportJob.objects.filter(pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.VALIDATING,
                                                    ImportJob.Status.COMMITTING]).update(
        status=ImportJob.Status.FAILED, errors=[{"row": None, "column": "", "reason": message}], error_count=1,
        finished_at=timezone.now(), updated_at=timezone.now())
