"""Signed unsubscribe tokens: the email link works without signing in, and cannot be forged.

A token names the user and the saved searches it stops. It is signed with SECRET_KEY (and a
salt of its own, so no other signed value of the site can pass for one) and does not expire:
an old digest's link must still work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "gembazaar.alerts.unsubscribe"


@dataclass(frozen=True)
class UnsubscribeRequest:
    user_id: int
    saved_search_ids: tuple[int, ...]


def make_unsubscribe_token(*, user_id: int, saved_search_ids: list[int] | tuple[int, ...]) -> str:
    return signing.dumps({"u": user_id, "s": sorted(saved_search_ids)}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> UnsubscribeRequest:
    """The request a token carries; raises signing.BadSignature when it was altered or made up."""
    data = signing.loads(token, salt=SALT)
    try:
        return UnsubscribeRequest(user_id=int(data["u"]), saved_search_ids=tuple(int(i) for i in data["s"]))
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed unsubscribe token.") from None
