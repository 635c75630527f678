"""The catalogue's Celery tasks, where the worker's autodiscovery looks for them."""

from .bulk.tasks import (  # noqa: F401 (registers the tasks with the worker)
    listings_bulk_job_task,
    listings_bulk_resume_stale_task,
)
