"""Webhook signatures of the hosted card checkout (issue 16), checked before a body is read.

The scheme is Stripe's, which our local fake provider and the Pakistani gateway adapter speak too:
the header is `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, each v1 an HMAC-SHA256 with a signing
secret over `"{t}.{raw body}"`. A payload is genuine when some v1 matches some secret we hold
(several during a rotation, and a provider may send one v1 per secret it signs with) and `t` is
within the tolerance of our clock, so a captured request cannot be replayed later. Comparisons are
constant-time. Anything else — no header, a malformed one, a stale or future time, a tampered
body — is refused with the reason for the log, and changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterable
from dataclasses import dataclass

TOLERANCE_SECONDS = 300
SCHEME = "v1"


class SignatureError(Exception):
    """Why a webhook was refused (for the log; the provider gets a bare 400)."""


@dataclass(frozen=True)
class SignatureHeader:
    timestamp: int
    signatures: tuple[str, ...]


def parse_header(header: str | None) -> SignatureHeader:
    if not header:
        raise SignatureError("no signature header")
    timestamp, signatures = None, []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t":
            # ASCII digits only ("²".isdigit() is True), and no more than a clock can show.
            if timestamp is not None or not (value.isascii() and value.isdigit()) or len(value) > 12:
                raise SignatureError("malformed timestamp")
            timestamp = int(value)
        elif key == SCHEME and value:
            signatures.append(value.lower())
    if timestamp is None:
        raise SignatureError("no timestamp")
    if not signatures:
        raise SignatureError(f"no {SCHEME} signature")
    return SignatureHeader(timestamp, tuple(signatures))


def sign(payload: bytes, *, secret: str, timestamp: int) -> str:
    """The v1 signature of `payload` at `timestamp` (for the fake provider and the tests)."""
    message = str(timestamp).encode() + b"." + payload
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header_for(payload: bytes, *, secrets: Iterable[str], timestamp: int | None = None) -> str:
    """A signature header as a provider sends it: one v1 per secret it signs with."""
    at = int(time.time()) if timestamp is None else timestamp
    return ",".join([f"t={at}", *(f"{SCHEME}={sign(payload, secret=s, timestamp=at)}" for s in secrets)])


def verify(payload: bytes, header: str | None, *, secrets: Iterable[str], now: float | None = None,
           tolerance: int = TOLERANCE_SECONDS) -> SignatureHeader:
    """The parsed header when `payload` is signed by one of `secrets` within `tolerance`; raises
    SignatureError otherwise. Every v1 is tried against every secret, so a rotation never drops
    a genuine webhook."""
    parsed = parse_header(header)
    secrets = [secret for secret in secrets if secret]
    if not secrets:
        raise SignatureError("no signing secret configured")
    clock = time.time() if now is None else now
    if abs(clock - parsed.timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance")
    expected = [sign(payload, secret=secret, timestamp=parsed.timestamp) for secret in secrets]
    # Compare every pair, not stopping at the first match: the time taken says nothing.
    matched = False
    for candidate in parsed.signatures:
        for wanted in expected:
            matched |= hmac.compare_digest(candidate.encode(), wanted.encode())
    if not matched:
        raise SignatureError("no signature matches")
    return parsed
