"""Celery tasks of payments (registered here for autodiscovery; each lives beside its service)."""

from __future__ import annotations

from .disputes import escalate_overdue_disputes  # noqa: F401 (registered; with the dispute emails)
from .invoice_emails import send_invoice_email_task  # noqa: F401 (registered)
from .refund_emails import send_refund_email_task  # noqa: F401 (registered)
from .refund_sending import send_refund  # noqa: F401 (registered)
