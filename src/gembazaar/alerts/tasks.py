"""Celery tasks: a thin door onto digests.py. Beat runs the digest hourly (settings)."""

from __future__ import annotations

from celery import shared_task

from .digests import digests_send


@shared_task(name="alerts.send_saved_search_digests")
def send_saved_search_digests() -> dict:
    """Email every buyer whose saved searches are due. Safe to run twice or in parallel."""
    return digests_send().as_dict()
