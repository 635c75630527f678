"""The catalogue's Celery tasks, where the worker's autodiscovery looks for them."""

from .bulk.tasks import listings_bulk_job_task  # noqa: F401 (registers the task with the worker)
