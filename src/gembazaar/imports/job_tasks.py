"""The tasks that run one import job (check, commit), queued by services/jobs.py and stale.py.

A module of their own so the services that queue them do not import the module that runs
them (tasks.py, whose beat tasks call those services): no circle."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .models import ImportJob
from .services import runs

log = logging.getLogger(__name__)


def _uploader_language(job_id: int) -> str:
    language = ImportJob.objects.filter(pk=job_id).values_list("language", flat=True).first()
    return language or settings.LANGUAGE_CODE


@shared_task(name="imports.check_job")
def import_job_check_task(job_id: int) -> str:
    with translation.override(_uploader_language(job_id)):
        return _check(job_id)


def _check(job_id: int) -> str:
    try:
        return runs.import_job_check(job_id=job_id).status
    except Exception:
        log.exception("import job %s: check failed", job_id)
        runs.import_job_fail(job_id=job_id, message=_("The import stopped on an unexpected error."))
        return "failed"


@shared_task(name="imports.commit_job")
def import_job_commit_task(job_id: int, attempt: int | None = None) -> str:
    with translation.override(_uploader_language(job_id)):
        return _commit(job_id, attempt)


def _commit(job_id: int, attempt: int | None) -> str:
    try:
        return runs.import_job_commit(job_id=job_id, attempt=attempt).status
    except Exception:
        log.exception("import job %s: commit failed", job_id)
        runs.import_job_fail(job_id=job_id, message=_("The import stopped on an unexpected error; nothing "
                                                          "was imported."))
        return "failed"
