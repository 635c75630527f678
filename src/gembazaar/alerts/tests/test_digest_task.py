"""The Celery task: eager in-process without Redis, and for real through a Redis broker and a worker."""

import uuid
from datetime import timedelta

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from gembazaar.alerts import tasks
from gembazaar.celery import app as project_app
from gembazaar.testing import make_gem_listing

from .conftest import make_buyer, make_saved_search

TASK = "alerts.send_saved_search_digests"


def _due_emerald_search():
    buyer = make_buyer("amina")
    make_saved_search(buyer, "variety=emerald", name="Emeralds", checked_up_to=timezone.now() - timedelta(days=2))
    make_gem_listing(title="Fine Mingora emerald")
    return buyer


def test_the_task_is_registered_and_scheduled_hourly(settings):
    assert project_app.tasks[TASK].name == tasks.send_saved_search_digests.name == TASK
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == TASK)
    assert entry["schedule"] == 3600.0


@pytest.fixture
def eager():
    """Tasks run in-process, as settings make them when REDIS_URL is not set."""
    before = project_app.conf.task_always_eager
    project_app.conf.task_always_eager = True
    yield
    project_app.conf.task_always_eager = before


@pytest.mark.django_db(transaction=True)  # as in a worker: autocommit, so the email goes out as the claim commits
def test_without_redis_the_task_runs_eagerly_in_process(eager, mailoutbox):
    buyer = _due_emerald_search()

    result = tasks.send_saved_search_digests.delay()

    assert result.get(timeout=1) == {"users": 1, "searches": 1, "emails": 1, "failed": []}
    assert [email.to for email in mailoutbox] == [[buyer.email]]


@pytest.fixture
def redis_app(redis_url):
    """A Celery app with the project's configuration, but a real Redis broker and result backend.

    Its own queue name keeps this test's messages away from any other worker on the same Redis.
    """
    app = Celery("gembazaar-redis-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    queue = f"gembazaar-test-{uuid.uuid4().hex}"
    app.conf.update(broker_url=redis_url, result_backend=redis_url, task_always_eager=False,
                    task_default_queue=queue, broker_connection_retry_on_startup=False,
                    broker_connection_timeout=5, result_expires=60, worker_enable_remote_control=False)
    assert TASK in app.tasks  # the shared task binds to every app
    yield app
    app.close()
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"*{queue}*"):  # kombu's bindings of the throwaway queue
        client.delete(key)
    # start_worker makes its app the current one; later tests must see the project's app again.
    project_app.set_current()
    project_app.set_default()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_task_goes_through_a_real_redis_broker_to_a_worker(redis_app, mailoutbox):
    buyer = _due_emerald_search()

    # A worker thread; the task is sent as a message to Redis, consumed, run, and its result
    # stored back in Redis. Bounded: every wait below has a timeout.
    with start_worker(redis_app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        result = redis_app.tasks[TASK].apply_async()
        outcome = result.get(timeout=30)
        result.forget()

    assert outcome == {"users": 1, "searches": 1, "emails": 1, "failed": []}
    assert [email.to for email in mailoutbox] == [[buyer.email]]
    assert "Fine Mingora emerald" in mailoutbox[0].body
