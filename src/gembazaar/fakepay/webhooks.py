"""Sending the fake's signed webhooks to the site over real HTTP, as the providers do.

Where: settings.FAKEPAY_WEBHOOK_BASE (empty: SITE_URL) + the site's webhook address. Signed with
FAKEPAY_STRIPE_WEBHOOK_SECRET / FAKEPAY_SAFEPAY_WEBHOOK_SECRET, empty: the first secret the site
accepts (STRIPE_WEBHOOK_SECRETS, SAFEPAY_WEBHOOK_SECRETS)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse

from gembazaar.payments.signatures import header_for

from . import state

log = logging.getLogger("gembazaar.fakepay")


def _secret(kind: str) -> str:
    own = settings.FAKEPAY_STRIPE_WEBHOOK_SECRET if kind == "stripe" else settings.FAKEPAY_SAFEPAY_WEBHOOK_SECRET
    accepted = settings.STRIPE_WEBHOOK_SECRETS if kind == "stripe" else settings.SAFEPAY_WEBHOOK_SECRETS
    return own or (accepted[0] if accepted else "")


def _url(kind: str) -> str:
    base = (settings.FAKEPAY_WEBHOOK_BASE or settings.SITE_URL).rstrip("/")
    return base + reverse("payments:card_webhook", kwargs={"provider": kind})


def stripe_event(event_type: str, thing: dict) -> dict:
    return {"id": state.new_id("evt"), "object": "event", "type": event_type, "created": int(time.time()),
            "livemode": False, "data": {"object": thing}}


def safepay_event(event_type: str, notification: dict) -> dict:
    return {"data": {"token": state.new_id("evt").upper(), "client_id": settings.SAFEPAY_API_KEY,
                     "type": event_type, "endpoint": _url("safepay"), "notification": notification,
                     "delivery_attempts": 1, "resource": "notification",
                     "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}}


def signed(kind: str, body: bytes) -> dict[str, str]:
    """The signature header each provider sends."""
    secret = _secret(kind)
    if kind == "stripe":
        return {"Stripe-Signature": header_for(body, secrets=[secret])}
    return {"X-SFPY-Signature": hmac.new(secret.encode(), body, hashlib.sha512).hexdigest()}


def send(kind: str, event: dict) -> int | None:
    """POST the event to the site; the HTTP status, or None when it could not be delivered (a real
    provider would retry later; the fake logs it)."""
    body = json.dumps(event, separators=(",", ":")).encode()
    request = urllib.request.Request(_url(kind), data=body, method="POST",  # noqa: S310 (our own site)
                                     headers={"Content-Type": "application/json", **signed(kind, body)})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        log.warning("fakepay %s webhook answered %s", kind, exc.code)
        return exc.code
    except OSError as exc:
        log.warning("fakepay %s webhook not delivered: %s", kind, exc)
        return None
