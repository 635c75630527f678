"""The language GemBazaar writes to a person in: emails are rendered in the recipient's language.

Emails are sent by Celery workers and after-commit callbacks, where the active language is the
site default (or whatever the request happened to use), never the recipient's. Every sender wraps
its rendering in `email_language(...)`, so the subject, the body and the money and dates in them
come out in the recipient's `User.preferred_language`; blank means the site default. Emails to
several people are sent once per language (`group_by_language`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.conf import settings
from django.utils import translation

T = TypeVar("T")


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def normalize_language(code: str | None) -> str:
    """The code as listed in settings.LANGUAGES ("ur", "zh-hans"), or "" if the site does not offer it."""
    if not code:
        return ""
    code = code.strip().lower().replace("_", "-")
    languages = site_languages()
    if code in languages:
        return code
    base = code.split("-")[0]  # "ar-ae" → "ar"
    return base if base in languages else ""


def language_for(user, default: str | None = None) -> str:
    """The language to write to `user` in: their preference, else `default`, else the site default.

    `user` may be None (an address with no account). `default` is for emails sent while a request
    is answered, where the language the person is reading the site in is a good guess.
    """
    preferred = normalize_language(getattr(user, "preferred_language", "") if user is not None else "")
    return preferred or normalize_language(default) or settings.LANGUAGE_CODE


@contextmanager
def email_language(user_or_code, default: str | None = None) -> Iterator[str]:
    """Render (and send) an email inside this block: `with email_language(user) as language: ...`.

    Takes a user (or None) or a language code; yields the code it activated. Wraps
    `translation.override`, so the language active before is restored afterwards, even on error.
    """
    if user_or_code is None or not isinstance(user_or_code, str):
        language = language_for(user_or_code, default)
    else:
        language = normalize_language(user_or_code) or normalize_language(default) or settings.LANGUAGE_CODE
    with translation.override(language):
        yield language


def group_by_language(items: Iterable[T], *, user=lambda item: item) -> dict[str, list[T]]:
    """Items (users, or things that lead to one through `user`) grouped by the language to write in.

    The groups keep the items' order; the languages come in the order of settings.LANGUAGES.
    """
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(language_for(user(item)), []).append(item)
    order = site_languages()
    return dict(sorted(groups.items(), key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order)))


def content_language_header(language: str) -> dict[str, str]:
    """The header that tells mail clients (and screen readers) the language of the message."""
    return {"Content-Language": language}
