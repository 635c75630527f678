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
def import_job_commit_task(job_id: int) -> str:
    try:
        return services.import_job_commit(job_id=job_id).status
    except Exception:
        log.exception("import job %s: commit failed", job_id)
        services.import_job_fail(job_id=job_id, message=_("The import stopped on an unexpected error; nothing "
                                                          "was imported."))
        return "failed"


@shared_task(name="imports.fail_stale_jobs")
def import_jobs_fail_stale_task() -> int:
    return services.import_jobs_fail_stale()
