"""Celery tasks of payments (registered here for autodiscovery; each lives beside its service)."""

from __future__ import annotations

from .refund_sending import send_refund  # noqa: F401 (registered)
