"""Periodic work: the rate refresh that Celery beat runs (settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging

from celery import shared_task

from .providers import ProviderError, get_provider
from .services import refresh_from_provider

logger = logging.getLogger(__name__)


@shared_task(name="pricing.refresh_rates")
def refresh_rates() -> int:
    """Record the configured provider's rates and reprice; returns how many rates were recorded.

    Idempotent enough to retry: a rerun records the same figures again as newer rows (no jump).
    A provider or validation error is logged and nothing is recorded; the stale-rate guard then
    shows "price on request" once the last rate is older than PRICING_STALE_AFTER_HOURS.
    """
    from django.core.exceptions import ValidationError

    provider = get_provider()
    if provider is None:
        return 0
    try:
        return len(refresh_from_provider(provider=provider))
    except (ProviderError, ValidationError) as exc:
        logger.error("Rate refresh failed, nothing recorded: %s", exc)
        return 0
