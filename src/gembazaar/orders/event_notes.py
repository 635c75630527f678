"""What the marketplace itself says in an order's history, stored as a code and rendered in the
reader's language (an Arabic buyer reads Arabic, the council reads English, from the same row).

People's own words (a cancellation reason, a refund request) stay as they wrote them in `note`;
only the system's sentences are codes. The API shows both the code and the rendered text.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoteCode(models.TextChoices):
    AWAITING_BANK_TRANSFER = "awaiting_bank_transfer", _("Bank transfer — awaiting payment.")
    PAYMENT_NOT_RECEIVED = "payment_not_received", _("Payment was not received in time; the items were released.")
    BANK_TRANSFER_RECEIVED = "bank_transfer_received", _("Bank transfer received.")
    RETURN_RECEIVED = "return_received", _("The seller confirmed the pieces came back; they are on sale again.")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment.")
    CARD_PAYMENT_RECEIVED = "card_payment_received", _("Card payment received.")
    CASH_ON_DELIVERY = "cash_on_delivery", _("Cash on delivery: the seller ships now and the courier collects "
                                             "the payment.")
    AUTO_COMPLETED = "auto_completed", _("Completed by itself: the buyer raised no problem in the days allowed "
                                         "after delivery.")


class ActorVia(models.TextChoices):
    """How the actor acted, when it is not a person at a screen."""

    PERSON = "", _("in person")
    API_KEY = "api_key", _("API key")


def note_text(*, code: str, note: str) -> str:
    """The note in the active language: the code's sentence, then the person's own words if any."""
    parts = [str(NoteCode(code).label)] if code in NoteCode.values else []
    if note:
        parts.append(note)
    return "\n".join(parts)


def actor_text(*, via: str, name: str) -> str:
    """Who acted, in the active language: "API key “ERP” (gbz_ab12…)" or the person's name."""
    if via == ActorVia.API_KEY:
        return str(_("API key %(name)s")) % {"name": name}
    return name or "GemBazaar"
