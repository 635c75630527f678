"""Seller API keys: created, revoked, and checked on every request (sellers own their credentials;
the sellerapi door, the orders and shipping APIs all authenticate through here)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.accounts import ratelimit
from gembazaar.core.errors import DomainError

from .models import Seller, SellerApiKey

KEY_PREFIX = "gbz_"
PREFIX_LENGTH = 8


def _hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def api_key_create(*, seller: Seller, name: str, created_by) -> tuple[SellerApiKey, str]:
    """A new key; the plaintext is returned this once and never stored."""
    secret = secrets.token_urlsafe(32)
    plaintext = f"{KEY_PREFIX}{secret}"
    key = SellerApiKey.objects.create(seller=seller, name=name.strip()[:100] or _("API key"),
                                      prefix=secret[:PREFIX_LENGTH], hashed_key=_hash(plaintext),
                                      created_by=created_by)
    return key, plaintext


def api_key_revoke(*, seller: Seller, key_id: int) -> SellerApiKey:
    """Revoke one of the seller's keys; another seller's id raises SellerApiKey.DoesNotExist."""
    key = SellerApiKey.objects.get(pk=key_id, seller=seller)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def api_key_authenticate(plaintext: str) -> SellerApiKey | None:
    """The live key for `plaintext`, its last use recorded; None when unknown or revoked."""
    if not plaintext.startswith(KEY_PREFIX) or len(plaintext) > 200:
        return None
    prefix = plaintext[len(KEY_PREFIX):len(KEY_PREFIX) + PREFIX_LENGTH]
    if len(prefix) != PREFIX_LENGTH:
        return None
    digest = _hash(plaintext)
    for key in SellerApiKey.objects.filter(prefix=prefix, revoked_at__isnull=True).select_related("seller"):
        if hmac.compare_digest(key.hashed_key, digest):
            now = timezone.now()
            SellerApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
            return key
    return None


class SellerNotActive(DomainError):
    status = 403


class TooManyRequests(DomainError):
    status = 429

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


def api_key_check_allowed(key: SellerApiKey) -> None:
    """Refuse a key whose seller may not trade now, or that is over its request budget."""
    if key.seller.status in (Seller.Status.SUSPENDED, Seller.Status.REJECTED):
        raise SellerNotActive(_("This seller account is %(status)s; its API keys are refused.")
                              % {"status": key.seller.get_status_display().lower()}, code="seller_not_active")
    limiter = ratelimit.SELLER_API_KEY
    if limiter.is_limited(key.prefix):
        raise TooManyRequests(_("Too many requests with this API key; slow down."),
                              retry_after=limiter.retry_after(key.prefix))
    limiter.hit(key.prefix)
