"""Celery tasks: a thin door onto services.py, queued with transaction.on_commit."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils.translation import gettext as _

from . import services

log = logging.getLogger(__name__)


@shared_task(name="imports.check_job")
def import_job_check_task(job_id: int) -> str:
    try:
        return services.import_job_check(job_id=job_id).status
    except Exception:
        log.exception("import job %s: check failed", job_id)
        services.import_job_fail(job_id=job_id, message=_("The import stopped on an unexpected error."))
        return "failed"


@shared_task(name="imports.commit_job")
def import_job_commit_task(job_id: int, attempt: int | None = None) -> str:
    try:
        return services.import_job_commit(job_id=job_id, attempt=attempt).status
    except Exception:
        log.exception("import job %s: commit failed", job_id)
        services.import_job_fail(job_id=job_id, message=_("The import stopped on an unexpected error; nothing "
                                                          "was imported."))
        return "failed"


@shared_task(name="imports.fail_stale_jobs")
def import_jobs_fail_stale_task() -> int:
    """Every 10 minutes: jobs whose worker went silent are re-queued once, then failed (services)."""
    return services.import_jobs_fail_stale()


@shared_task(name="imports.purge_old_files")
def import_jobs_purge_files_task() -> int:
    """Daily: delete the uploaded files of jobs ended IMPORT_FILE_RETENTION_DAYS ago; returns how many jobs."""
    purged = services.import_jobs_purge_files()
    if purged:
        log.info("import files purged for %d job(s), %d bytes", len(purged), sum(p.bytes for p in purged))
    return len(purged)
