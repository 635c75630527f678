"""Jobs whose worker went silent (killed, the machine restarted): retried, failed or marked
committed (the beat task in tasks.py)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.catalogue.models import Listing, ListingImage

from ..job_tasks import import_job_check_task, import_job_commit_task
from ..models import ImportJob
from ..parsing import FileRejected, read_table
from ..rows import CREATE, UPDATE, header_errors
from .runs import _job_files

log = logging.getLogger(__name__)

STALE_RETRY = "retried"
STALE_FAILED = "failed"
STALE_COMMITTED = "committed"


def _stale_message(minutes: int) -> str:
    return _("The import stopped: its worker went silent for %(minutes)d minutes. Nothing was imported; "
             "please upload the file again.") % {"minutes": minutes}


def _file_skus(job: ImportJob) -> list[str] | None:
    """The SKUs of a job's file (None when it cannot be read: no decision can rest on it)."""
    try:
        data, _images = _job_files(job)
        table = read_table(data)
    except (OSError, ValueError, FileRejected):
        return None
    keys, problems = header_errors(table.header, kind=job.kind, mode=job.mode)
    if problems or "sku" not in keys:
        return None
    sku_at = keys.index("sku")
    return sorted({cells[sku_at].strip() for _n, cells in table.rows if sku_at < len(cells)} - {""})


def _commit_outcome(job: ImportJob) -> tuple[str, list[int]]:
    """Was a stale commit written? "none", "all" (with the listing ids) or "unknown".

    The write is one transaction, so a dead worker wrote all of the file or none of it; the worker
    may also have died after its transaction committed but before it recorded `committed`.
    - create mode: the check refused any SKU the seller already had, so the file's listings exist
      now only if the commit went through: none of them → none, all of them → all.
    - update mode: the listings exist either way, but the write stamps `updated_at` after the last
      progress heartbeat (job.updated_at): none touched since → none, all touched since → all.
    Anything else (a few, or an unreadable file) was changed by someone else too: "unknown".
    """
    skus = _file_skus(job)
    if not skus:
        return "unknown", []
    listings = Listing.objects.filter(seller_id=job.seller_id, sku__in=skus)
    if job.mode == UPDATE:
        listings = listings.filter(updated_at__gte=job.updated_at)
    ids = list(listings.values_list("pk", flat=True))
    if not ids:
        return "none", []
    if len(ids) == len(skus):
        return "all", ids
    return "unknown", ids


def _handle_stale(job_id: int, *, cutoff, minutes: int, max_retries: int) -> str | None:
    """Re-queue, fail or (a commit that did go through) mark committed one silent job. None: not stale now."""
    with transaction.atomic():
        job = (ImportJob.objects.select_for_update()
               .filter(pk=job_id, status__in=ImportJob.RUNNING, updated_at__lt=cutoff).first())
        if job is None:
            return None  # it reported progress or ended meanwhile
        now = timezone.now()
        if job.status == ImportJob.Status.COMMITTING:
            outcome, ids = _commit_outcome(job)
            if outcome == "all":
                created = len(ids) if job.mode == CREATE else 0
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportJob.Status.COMMITTED, created_count=created, updated_count=len(ids) - created,
                    # new listings' pictures are all the job's; in update mode they cannot be told apart
                    image_count=ListingImage.objects.filter(listing_id__in=ids).count() if created else 0,
                    processed_rows=job.total_rows, errors=[], error_count=0, finished_at=now, updated_at=now)
                return STALE_COMMITTED
            if outcome == "unknown":
                message = _("The import stopped: its worker went silent for %(minutes)d minutes, and some of the "
                            "file's listings were changed meanwhile, so it was not retried. Check your listings, "
                            "then upload again what is missing.") % {"minutes": minutes}
                ImportJob.objects.filter(pk=job.pk).update(
                    status=ImportJob.Status.FAILED, errors=[{"row": None, "column": "", "reason": message}],
                    error_count=1, finished_at=now, updated_at=now)
                return STALE_FAILED
        if job.retries < max_retries:
            attempt = job.retries + 1
            if job.status == ImportJob.Status.COMMITTING:  # nothing was written: the commit runs again
                ImportJob.objects.filter(pk=job.pk).update(retries=attempt, processed_rows=0, updated_at=now)
                transaction.on_commit(lambda: import_job_commit_task.delay(job.pk, attempt=attempt))
            else:  # a check writes nothing: always safe to run again
                ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, retries=attempt,
                                                           processed_rows=0, updated_at=now)
                transaction.on_commit(lambda: import_job_check_task.delay(job.pk))
            log.warning("import job %s: worker silent for %s minutes in %s; re-queued (retry %s of %s)",
                        job.pk, minutes, job.status, attempt, max_retries)
            return STALE_RETRY
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, errors=[{"row": None, "column": "", "reason": _stale_message(minutes)}],
            error_count=1, finished_at=now, updated_at=now)
        return STALE_FAILED


def import_jobs_handle_stale(*, minutes: int | None = None, max_retries: int | None = None) -> dict[str, int]:
    """Deal with the jobs whose worker stopped reporting (killed, or the machine restarted).

    A running job touches `updated_at` with every progress step; one silent for `minutes`
    (IMPORT_STALE_MINUTES, 30) is dead. Its transaction, if any, was rolled back with the worker.
    - queued or checking: the check writes nothing, so the job is re-queued, up to `max_retries`
      (IMPORT_STALE_RETRIES, 1) times, then failed.
    - importing (committing): see _commit_outcome. Written → marked committed; nothing written →
      re-queued like a check (the commit checks the file again and writes all or nothing), then
      failed; cannot tell → failed, never retried.
    Returns how many jobs were retried, failed and marked committed.
    """
    minutes = minutes if minutes is not None else settings.IMPORT_STALE_MINUTES
    max_retries = max_retries if max_retries is not None else settings.IMPORT_STALE_RETRIES
    cutoff = timezone.now() - timedelta(minutes=minutes)
    counts = {STALE_RETRY: 0, STALE_FAILED: 0, STALE_COMMITTED: 0}
    stale = ImportJob.objects.filter(status__in=ImportJob.RUNNING, updated_at__lt=cutoff).order_by("pk")
    for job_id in list(stale.values_list("pk", flat=True)):
        outcome = _handle_stale(job_id, cutoff=cutoff, minutes=minutes, max_retries=max_retries)
        if outcome:
            counts[outcome] += 1
    return counts


def import_jobs_fail_stale(*, minutes: int | None = None, max_retries: int | None = None) -> int:
    """import_jobs_handle_stale; returns how many jobs it dealt with (retried, failed or marked committed)."""
    return sum(import_jobs_handle_stale(minutes=minutes, max_retries=max_retries).values())
