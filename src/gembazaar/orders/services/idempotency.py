"""Idempotency keys for checkout: a replay returns the first result and creates nothing.

Keys are scoped per user and stored with a SHA-256 of the canonical request. The key row is
inserted in the same transaction that creates the checkout, so a key exists exactly when its
checkout does: a failed attempt leaves no key and may be retried with it; two requests racing
with one key meet at the unique index, the second waits for the first and then replays it.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError

from ..models import Checkout, IdempotencyKey

MAX_KEY_LENGTH = 255


class IdempotencyConflict(DomainError):
    status = 409


def clean_key(key: str | None) -> str:
    key = (key or "").strip()
    if not key:
        raise DomainError(_("An Idempotency-Key is required to place an order."), code="idempotency_key_required",
                          field="idempotency_key")
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise DomainError(_("The Idempotency-Key must be at most 255 printable characters."),
                          code="idempotency_key_invalid", field="idempotency_key")
    return key


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON: {type(value)}")


def request_hash(body: dict) -> str:
    """SHA-256 of the request in a canonical form (sorted keys, no spaces)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=_default)
    return hashlib.sha256(canonical.encode()).hexdigest()


def key_lookup(*, user, key: str, digest: str) -> Checkout | None:
    """The checkout an earlier request with this key created, or None.

    The same key with a different request raises IdempotencyConflict (409,
    code "idempotency_key_reused").
    """
    row = IdempotencyKey.objects.select_related("checkout").filter(user=user, key=key).first()
    if row is None:
        return None
    if row.request_hash != digest:
        raise IdempotencyConflict(
            _("This Idempotency-Key was already used with a different request. Use a new key for a new order."),
            code="idempotency_key_reused", field="idempotency_key")
    return row.checkout


def key_record(*, user, key: str, digest: str, checkout: Checkout) -> IdempotencyKey:
    """Store the key with its checkout; call inside the checkout's transaction."""
    return IdempotencyKey.objects.create(user=user, key=key, request_hash=digest, checkout=checkout)
