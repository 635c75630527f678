"""The task that runs a large bulk job (queued by services.py; catalogue/tasks.py registers it)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils.translation import gettext as _

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
