"""Keeping uploaded files only as long as IMPORT_FILE_RETENTION_DAYS (the beat task in tasks.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import ImportJob

log = logging.getLogger(__name__)

# --- Keeping uploaded files (IMPORT_FILE_RETENTION_DAYS) ------------------------------------------

@dataclass
class PurgedFiles:
    job_id: int
    seller_id: int
    names: list[str]  # the stored names (those already missing too)
    bytes: int = 0
    missing: list[str] = field(default_factory=list)


def import_jobs_with_old_files(*, days: int | None = None):
    """Jobs ended (imported, with errors, failed) more than `days` ago whose files are still kept.

    Never a queued, checking, valid (awaiting its commit) or importing job.
    """
    days = days if days is not None else settings.IMPORT_FILE_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    return (ImportJob.objects.filter(status__in=ImportJob.ENDED, files_purged_at__isnull=True)
            .annotate(ended_at=Coalesce("finished_at", "updated_at")).filter(ended_at__lt=cutoff)
            .order_by("pk"))


def _stored_size(storage, name: str) -> int | None:
    try:
        return storage.size(name)
    except (OSError, NotImplementedError):
        return None


def import_job_purge_files(*, job_id: int, days: int | None = None, dry_run: bool = False) -> PurgedFiles | None:
    """Delete one ended job's uploaded files and record it; the job (counts, errors, preview) stays.

    None when the job is no longer eligible (already purged, or not ended long enough). A file
    already missing is fine. `dry_run` deletes and records nothing but says what would go.
    """
    with transaction.atomic():
        job = import_jobs_with_old_files(days=days).select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        result = PurgedFiles(job_id=job.pk, seller_id=job.seller_id, names=[])
        for stored in (job.file, job.images):
            if not stored.name:
                continue
            result.names.append(stored.name)
            size = _stored_size(stored.storage, stored.name)
            if size is None:
                result.missing.append(stored.name)
                continue
            result.bytes += size
            if not dry_run:
                try:
                    stored.storage.delete(stored.name)
                except FileNotFoundError:
                    result.missing.append(stored.name)
        if not dry_run:
            now = timezone.now()
            ImportJob.objects.filter(pk=job.pk).update(file="", images="", files_purged_at=now, updated_at=now)
        return result


def import_jobs_purge_files(*, days: int | None = None, dry_run: bool = False,
                            on_job: Callable[[PurgedFiles | None], None] | None = None) -> list[PurgedFiles]:
    """import_job_purge_files for every job import_jobs_with_old_files lists (the daily beat task)."""
    purged = []
    for job_id in list(import_jobs_with_old_files(days=days).values_list("pk", flat=True)):
        try:
            result = import_job_purge_files(job_id=job_id, days=days, dry_run=dry_run)
        except OSError:  # a storage error on one job: log it, carry on, it is retried tomorrow
            log.exception("import job %s: could not delete its files", job_id)
            result = None
        if result is not None:
            purged.append(result)
        if on_job is not None:
            on_job(result)
    return purged
