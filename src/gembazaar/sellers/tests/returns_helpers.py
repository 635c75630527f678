"""Helpers of the returns policy tests: a policy to set, and a stand-in translation.

Urdu and Arabic translations of the returns vocabulary come after the code, so a test that wants
to see a condition in the reader's language gives the catalogue one translation for its length.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import trans_real

from gembazaar.sellers import services

GOOD = {"accepts_returns": True, "window_days": 14, "conditions": ["unworn", "original_packaging"],
        "return_shipping_paid_by": "buyer", "refund_method": "original", "refund_days": 7,
        "note": "Rings can be resized once at no charge."}


def set_policy(seller, actor=None, **overrides):
    return services.returns_policy_set(seller=seller, actor=actor, **{**GOOD, **overrides})


@contextmanager
def translated(language: str, msgid: str, text: str) -> Iterator[None]:
    """While inside, `language` translates `msgid` as `text` (restored afterwards)."""
    catalog = trans_real.translation(language)._catalog
    before = catalog.get(msgid)
    catalog[msgid] = text
    try:
        yield
    finally:
        if before is None:
            for part in catalog._catalogs:
                part.pop(msgid, None)
        else:
            catalog[msgid] = before
