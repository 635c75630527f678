"""The tasks that run one import job (check, commit), queued by services/jobs.py and stale.py.

A module of their own so the services that queue them do not import the module that runs
them (tasks.py, whose beat tasks call those services): no circle."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils.translation import gettext as _

from .services import runs

log = logging.getLogger(__name__)


@shared_task(name="imports.check_job")
def import_job_check_task(job_id: int) -> str:
    try:
        return runs.import_job_check(job_id=job_id).status
    except Exception:
        log.exception("import job %s: check failed", job_id)
        runs.import_job_fail(job_id=job_id, message=_("The import stopped on an unexpected error."))
        return "failed"


@shared_task(name="imports.commit_job")
def import_job_commit_task(job_id: int, attempt: int | None = None) -> str:
    try:
        return runs.import_job_commit(job_id=job_id, attempt=attempt).status
    except Exception:
        log.exception("import job %s: commit failed", job_id)
        runs.import_job_fail(job_id=job_id, message=_("The import stopped on an unexpected error; nothing "
                                                          "was imported."))
        return "failed"
