"""The task that runs a large bulk job (queued by services.py; catalogue/tasks.py registers it)."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import BulkJob
from . import runs

log = logging.getLogger(__name__)


@shared_task(name="catalogue.run_bulk_job")
def listings_bulk_job_task(job_id: int) -> str:
    try:
        return runs.bulk_job_run(job_id=job_id).status
    except Exception:
        log.exception("bulk job %s failed", job_id)
        runs.bulk_job_fail(job_id=job_id, message=_("The bulk action stopped on an unexpected error. The "
                                                    "listings counted as done stay done; run it again for the rest."))
        return "failed"


@shared_task(name="catalogue.resume_stale_bulk_jobs")
def listings_bulk_resume_stale_task() -> int:
    """Every few minutes: a job silent for LISTINGS_BULK_STALE_MINUTES is run again from its last
    committed batch — one run in a web request whose process was killed, or one whose queued
    message the broker lost. bulk_job_run's claim lets only one worker take each."""
    stale = timezone.now() - timedelta(minutes=settings.LISTINGS_BULK_STALE_MINUTES)
    job_ids = list(BulkJob.objects.filter(status__in=BulkJob.RUNNING_STATUSES, updated_at__lt=stale)
                   .order_by("pk").values_list("pk", flat=True)[:100])
    for job_id in job_ids:
        listings_bulk_job_task.delay(job_id)
    return len(job_ids)
