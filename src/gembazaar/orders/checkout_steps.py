"""The checkout's steps as the progress bar shows them; the payment step is the payments app's
page, the last of them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STEPS = (("address", _("Address and shipping")), ("review", _("Review")), ("done", _("Order placed")),
         ("pay", _("Payment")))


def steps_for(current: str) -> list[tuple[str, str, str]]:
    """(code, label, state) for each step; state is "done", "current" or "todo"."""
    codes = [code for code, _label in STEPS]
    at = codes.index(current)
    return [(code, label, "done" if i < at else "current" if i == at else "todo")
            for i, (code, label) in enumerate(STEPS)]
