"""Celery beat tasks of the imports app (stale jobs, old files); the job tasks themselves live in
job_tasks.py and are imported here so the worker registers them. Thin doors onto services/."""

from __future__ import annotations

import logging

from celery import shared_task

from .job_tasks import import_job_check_task, import_job_commit_task  # noqa: F401 (the worker's tasks)
from .services import files, stale

log = logging.getLogger(__name__)


@shared_task(name="imports.fail_stale_jobs")
def import_jobs_fail_stale_task() -> int:
    """Every 10 minutes: jobs whose worker went silent are re-queued once, then failed (services)."""
    return stale.import_jobs_fail_stale()


@shared_task(name="imports.purge_old_files")
def import_jobs_purge_files_task() -> int:
    """Daily: delete the uploaded files of jobs ended IMPORT_FILE_RETENTION_DAYS ago; returns how many jobs."""
    purged = files.import_jobs_purge_files()
    if purged:
        log.info("import files purged for %d job(s), %d bytes", len(purged), sum(p.bytes for p in purged))
    return len(purged)
