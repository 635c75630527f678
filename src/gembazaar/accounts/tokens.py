"""Signed email-confirmation tokens: a link proves its reader owns the address it was sent to.

The token carries the user id, the address and when it was made, signed with SECRET_KEY under a
salt of its own (no other signed value of the site can pass for one). It is good for
CONFIRMATION_MAX_AGE and only for the address it names: after an email change it is void. Once
the address is confirmed, following the link again changes nothing.

A token may also carry where the person was going when they signed up (`next_url`, e.g. the
seller invitation they came from), so the link brings them back there even when it is opened in
another browser. It is signed like the rest, and the view checks it again (same host, a path, no
scheme) before redirecting: it is never an open redirect.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core import signing

SALT = "gembazaar.accounts.email-confirmation"
CONFIRMATION_MAX_AGE = 3 * 24 * 3600  # seconds


class TokenExpired(Exception):
    """The token is genuine but too old: the page offers to send a new one."""


@dataclass(frozen=True)
class EmailConfirmation:
    user_id: int
    email: str
    next_url: str = ""


def make_email_confirmation_token(*, user_id: int, email: str, now: float | None = None,
                                  next_url: str = "") -> str:
    issued = int(time.time() if now is None else now)
    payload = {"u": user_id, "e": email, "t": issued}
    if next_url:  # only when there is one: tokens without it stay as they were
        payload["n"] = next_url
    return signing.dumps(payload, salt=SALT, compress=True)


def read_email_confirmation_token(token: str, *, now: float | None = None,
                                  max_age: int = CONFIRMATION_MAX_AGE) -> EmailConfirmation:
    """What a token confirms; raises signing.BadSignature if altered or made up, TokenExpired if too old."""
    data = signing.loads(token, salt=SALT)
    try:
        confirmation = EmailConfirmation(user_id=int(data["u"]), email=str(data["e"]),
                                         next_url=str(data.get("n") or ""))
        issued = int(data["t"])
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed confirmation token.") from None
    if (time.time() if now is None else now) - issued > max_age:
        raise TokenExpired
    return confirmation
