"""Who is probably signing up, guessed from where they are going: fills in the sign-up form's email.

accounts sits below the apps that send people to sign up (it imports none of them), so those apps
register a hint here instead: a function given the same-site path a visitor will return to after
sign-up (the `next` address) and returning the email address to suggest, or "". The seller centre
registers one for invitation links, so an invitee who reaches the sign-up page from their invitation
finds the invited address already typed. A hint is only a form's initial value: the person may
change it, and nothing is decided by it.
"""

from __future__ import annotations

from collections.abc import Callable

EmailHint = Callable[[str], str]

_hints: list[EmailHint] = []


def register_signup_email_hint(hint: EmailHint) -> EmailHint:
    """Add a hint (usable as a decorator); registering the same function twice keeps one."""
    if hint not in _hints:
        _hints.append(hint)
    return hint


def signup_email_hint(next_path: str) -> str:
    """The first email address a registered hint suggests for this path, or ""."""
    if not next_path:
        return ""
    for hint in _hints:
        email = hint(next_path)
        if email:
            return email
    return ""
