"""Signed email-confirmation tokens: a link proves its reader owns the address it was sent to.

The token carries the user id, the address and when it was made, signed with SECRET_KEY under a
salt of its own (no other signed value of the site can pass for one). It is good for
CONFIRMATION_MAX_AGE and only for the address it names: after an email change it is void. Once
the address is confirmed, following the link again changes nothing.
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


def make_email_confirmation_token(*, user_id: int, email: str, now: float | None = None) -> str:
    issued = int(time.time() if now is None else now)
    return signing.dumps({"u": user_id, "e": email, "t": issued}, salt=SALT, compress=True)


def read_email_confirmation_token(token: str, *, now: float | None = None,
                                  max_age: int = CONFIRMATION_MAX_AGE) -> EmailConfirmation:
    """What a token confirms; raises signing.BadSignature if altered or made up, TokenExpired if too old."""
    data = signing.loads(token, salt=SALT)
    try:
        confirmation = EmailConfirmation(user_id=int(data["u"]), email=str(data["e"]))
        issued = int(data["t"])
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed confirmation token.") from None
    if (time.time() if now is None else now) - issued > max_age:
        raise TokenExpired
    return confirmation
