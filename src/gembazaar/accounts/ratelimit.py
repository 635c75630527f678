"""Cache-backed rate limits for sign-in, sign-up, password-reset and confirmation requests.

A limit counts events per key (an IP network or an account) in a sliding window, estimated from
two fixed windows: `current + previous × (share of the previous window still inside the
sliding one)`. That is two cache keys per key and no burst of twice the limit at a window edge.
The counters live in Django's default cache: Redis when REDIS_URL is set (shared by every web
process), local memory otherwise (per process: good enough for one-process demos and tests).

Why our own and not django-ratelimit: sign-in must count *failed* attempts only, and a person's
username and email must share one budget; both are a few lines here and awkward there.
Identifiers are hashed before they become keys, so no email address is stored in the cache.

Rates can be changed with the setting ACCOUNTS_RATE_LIMITS (environment variable of the same name,
"scope=rate" pairs separated by commas), e.g. "signup_ip=30/h" for a council sign-up day behind
one office address.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEFAULT_RATES = {
    "login_account": "5/15m",  # failed sign-ins per account (or per unknown identifier)
    "login_ip": "20/15m",  # failed sign-ins per client network
    "signup_ip": "5/h",  # sign-up attempts per client network
    "password_reset_ip": "5/h",  # reset requests per client network
    "password_reset_email": "3/h",  # reset emails per address: nobody's inbox gets flooded
    "confirmation_resend_user": "3/h",  # confirmation emails re-sent per user
    "seller_api_key": "600/m",  # seller-API requests per key: a sync job, not a flood
}
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
KEY_PREFIX = "gb:rl"

# The clock the limiter reads; tests replace it to step past a window.
clock = time.time


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds

    @classmethod
    def parse(cls, text: str) -> Rate:
        """"5/15m" → 5 per 900 s; units s, m, h, d; the number before the unit is optional."""
        limit, _, period = text.partition("/")
        amount, unit = period[:-1] or "1", period[-1:]
        return cls(limit=int(limit), window=int(amount) * UNITS[unit])


@dataclass(frozen=True)
class Limiter:
    """One named limit; `ident` is whatever the limit is per (an IP network, an account)."""

    scope: str

    @property
    def rate(self) -> Rate:
        overrides = getattr(settings, "ACCOUNTS_RATE_LIMITS", {})
        return Rate.parse(overrides.get(self.scope, DEFAULT_RATES[self.scope]))

    def _keys(self, ident: str, now: float) -> tuple[str, str, float]:
        window = self.rate.window
        number = int(now // window)
        digest = hashlib.sha256(str(ident).encode()).hexdigest()[:32]
        base = f"{KEY_PREFIX}:{self.scope}:{digest}"
        return f"{base}:{number}", f"{base}:{number - 1}", (now % window) / window

    def _counts(self, ident: str) -> tuple[int, int, float]:
        current_key, previous_key, elapsed = self._keys(ident, clock())
        values = cache.get_many([current_key, previous_key])
        return int(values.get(current_key, 0)), int(values.get(previous_key, 0)), elapsed

    def count(self, ident: str) -> float:
        current, previous, elapsed = self._counts(ident)
        return current + previous * (1 - elapsed)

    def is_limited(self, ident: str) -> bool:
        return self.count(ident) >= self.rate.limit

    def hit(self, ident: str) -> None:
        current_key, _, _ = self._keys(ident, clock())
        timeout = 2 * self.rate.window  # the key is read as "previous" for one more window
        cache.add(current_key, 0, timeout)
        try:
            cache.incr(current_key)
        except ValueError:  # expired between add and incr
            cache.set(current_key, 1, timeout)

    def reset(self, ident: str) -> None:
        current_key, previous_key, _ = self._keys(ident, clock())
        cache.delete_many([current_key, previous_key])

    def retry_after(self, ident: str) -> int:
        """Seconds until one more event would be allowed (for the Retry-After header)."""
        rate = self.rate
        current, previous, elapsed = self._counts(ident)
        if current + previous * (1 - elapsed) < rate.limit:
            return 0
        if current < rate.limit:  # the previous window's share fades out within this window
            needed = 1 - (rate.limit - current) / previous
            return math.floor((needed - elapsed) * rate.window) + 1  # strictly past the edge
        # This window alone is full: wait for it to become "previous" and fade enough.
        needed_next = 1 - rate.limit / current
        return math.floor((1 - elapsed + needed_next) * rate.window) + 1


LOGIN_ACCOUNT = Limiter("login_account")
LOGIN_IP = Limiter("login_ip")
SIGNUP_IP = Limiter("signup_ip")
PASSWORD_RESET_IP = Limiter("password_reset_ip")
PASSWORD_RESET_EMAIL = Limiter("password_reset_email")
CONFIRMATION_RESEND_USER = Limiter("confirmation_resend_user")
SELLER_API_KEY = Limiter("seller_api_key")


def client_network(request: HttpRequest) -> str:
    """The client's address as a rate-limit key: IPv4 as is, IPv6 by its /64 (one subscriber's network).

    REMOTE_ADDR unless ACCOUNTS_TRUSTED_PROXIES (the number of reverse proxies in front of the site)
    is set; then the address that many hops from the end of X-Forwarded-For, which a client
    cannot forge.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "ACCOUNTS_TRUSTED_PROXIES", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped:  # ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
