"""A seller's returns policy as buyers read it, and the rules a policy obeys.

The terms are codes (conditions, who pays return shipping, how the refund is made), so every
reader sees them in their own language; only the seller's optional note is their own words.
A seller who has set no policy is shown the marketplace's minimum: an item not as described
may be returned within BUYER_PROTECTION_DAYS of delivery, at the seller's cost, for a full
refund. That protection holds whatever a seller's own policy says, so every block that shows a
policy says so too.

No database access here: models.py stores a policy, services.py writes it, this module turns
either into `ReturnsTerms` (also from the snapshot an order keeps) and checks what a seller sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_WINDOW_DAYS = 90
REFUND_DAYS_RANGE = (1, 30)
NOTE_MAX_LENGTH = 500


class ReturnCondition(models.TextChoices):
    """What a return must meet (or what cannot be returned), as the gem and jewelry trade words it."""

    UNWORN = "unworn", gettext_lazy("Unworn and unaltered, as it was sent")
    ORIGINAL_PACKAGING = "original_packaging", gettext_lazy(
        "In its original packaging, with the lab report or certificate")
    STONE_UNTOUCHED = "stone_untouched", gettext_lazy("Loose stones not re-cut, re-polished, set or treated")
    REPORT_MATCH = "report_match", gettext_lazy(
        "Checked against its report (weight, measurements, inscription) before the refund")
    LOTS_WHOLE = "lots_whole", gettext_lazy("Lots and parcels returned whole, not in part")
    CONTACT_FIRST = "contact_first", gettext_lazy("Ask the seller before sending it back")
    INSURED_RETURN = "insured_return", gettext_lazy("Sent back insured and tracked")
    NO_CUSTOM = "no_custom", gettext_lazy("Not for custom or made-to-order pieces")
    NO_SIZED_RINGS = "no_sized_rings", gettext_lazy("Not for rings sized or resized for the buyer")
    NO_ENGRAVED = "no_engraved", gettext_lazy("Not for engraved or personalised pieces")
    # The marketplace's own condition (its minimum); a seller does not choose it.
    NOT_AS_DESCRIBED = "not_as_described", gettext_lazy(
        "Only if the item is not as described: another stone, an undisclosed treatment or synthetic, "
        "or a report that does not match")


SELLER_CONDITIONS = [(code, label) for code, label in ReturnCondition.choices
                     if code != ReturnCondition.NOT_AS_DESCRIBED]
SELLER_CONDITION_CODES = [code for code, _label in SELLER_CONDITIONS]


class ReturnShippingPayer(models.TextChoices):
    BUYER = "buyer", gettext_lazy("Paid by the buyer")
    SELLER = "seller", gettext_lazy("Paid by the seller")


class RefundMethod(models.TextChoices):
    ORIGINAL = "original", gettext_lazy("To the original payment method")
    BANK_TRANSFER = "bank_transfer", gettext_lazy("By bank transfer")
    EXCHANGE = "exchange", gettext_lazy("As an exchange or a credit with the seller")


def buyer_protection_days() -> int:
    return int(getattr(settings, "BUYER_PROTECTION_DAYS", 30))


def buyer_protection_refund_days() -> int:
    return int(getattr(settings, "BUYER_PROTECTION_REFUND_DAYS", 7))


@dataclass(frozen=True)
class ReturnsTerms:
    """The returns terms that apply to a seller's pieces (the seller's own, or the marketplace minimum)."""

    accepts_returns: bool
    window_days: int
    conditions: tuple[str, ...]
    return_shipping_paid_by: str
    refund_method: str
    refund_days: int
    note: str = ""
    updated_at: datetime | None = None
    marketplace_minimum: bool = False

    @property
    def condition_labels(self) -> list[str]:
        """Each condition in the reader's language; a code this version does not know is shown as is."""
        labels = dict(ReturnCondition.choices)
        return [str(labels.get(code, code)) for code in self.conditions]

    @property
    def return_shipping_label(self) -> str:
        return str(dict(ReturnShippingPayer.choices).get(self.return_shipping_paid_by, self.return_shipping_paid_by))

    @property
    def refund_method_label(self) -> str:
        return str(dict(RefundMethod.choices).get(self.refund_method, self.refund_method))

    @property
    def protection_days(self) -> int:
        """Days after delivery in which an item not as described may be returned, whatever the policy."""
        return buyer_protection_days()

    def as_snapshot(self) -> dict:
        """The terms as JSON (codes, not labels), for an order to keep as they were when it was placed."""
        return {
            "accepts_returns": self.accepts_returns, "window_days": self.window_days,
            "conditions": list(self.conditions), "return_shipping_paid_by": self.return_shipping_paid_by,
            "refund_method": self.refund_method, "refund_days": self.refund_days, "note": self.note,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "marketplace_minimum": self.marketplace_minimum,
        }

    @classmethod
    def from_snapshot(cls, data: dict) -> ReturnsTerms:
        updated_at = data.get("updated_at")
        return cls(
            accepts_returns=bool(data.get("accepts_returns")), window_days=int(data.get("window_days") or 0),
            conditions=tuple(data.get("conditions") or ()),
            return_shipping_paid_by=str(data.get("return_shipping_paid_by") or ""),
            refund_method=str(data.get("refund_method") or ""), refund_days=int(data.get("refund_days") or 0),
            note=str(data.get("note") or ""), updated_at=parse_datetime(updated_at) if updated_at else None,
            marketplace_minimum=bool(data.get("marketplace_minimum")),
        )


def marketplace_minimum() -> ReturnsTerms:
    """What applies when a seller has set no policy: returns only when the item is not as described."""
    return ReturnsTerms(
        accepts_returns=True, window_days=buyer_protection_days(), conditions=(ReturnCondition.NOT_AS_DESCRIBED,),
        return_shipping_paid_by=ReturnShippingPayer.SELLER, refund_method=RefundMethod.ORIGINAL,
        refund_days=buyer_protection_refund_days(), marketplace_minimum=True,
    )


# --- The rules of a seller's policy -------------------------------------------------------------


def _whole_number(value, field: str, errors: dict, message: str) -> int | None:
    if isinstance(value, (bool, float)):
        errors[field] = [message]
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = [message]
        return None


def _codes(value) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, str):
        return [code.strip() for code in value.split(",") if code.strip()]
    if isinstance(value, Iterable):
        return [str(code).strip() for code in value]
    return None


def clean_returns_policy(*, accepts_returns, window_days, conditions, return_shipping_paid_by, refund_method,
                         refund_days, note="") -> dict:
    """A seller's policy, cleaned; a ValidationError names every field at fault at once.

    Rules: returns accepted → a window of 1 to 90 days after delivery; not accepted → the window
    is 0 and no conditions are kept (only the buyer protection applies). Conditions are known
    seller codes, each once, in the vocabulary's order. Return shipping is paid by the buyer or
    the seller; the refund is one of RefundMethod within 1 to 30 days of receiving the return.
    The note is plain text of at most 500 characters.
    """
    errors: dict[str, list[str]] = {}
    if not isinstance(accepts_returns, bool):
        errors["accepts_returns"] = [_("Say whether you accept returns.")]
    window = _whole_number(window_days, "window_days", errors,
                           _("Enter the return window as a whole number of days from 0 to 90."))
    if window is not None and not 0 <= window <= MAX_WINDOW_DAYS:
        errors["window_days"] = [_("Enter the return window as a whole number of days from 0 to 90.")]
    elif window == 0 and accepts_returns is True:
        errors["window_days"] = [_("Give buyers at least 1 day to return a piece, or say you do not accept "
                                   "returns.")]
    codes = _codes(conditions)
    if codes is None:
        errors["conditions"] = [_("Choose the conditions from the list.")]
        codes = []
    unknown = [code for code in codes if code not in SELLER_CONDITION_CODES]
    if unknown:
        errors["conditions"] = [_("Unknown condition “%(code)s”. Choose from: %(codes)s.")
                                % {"code": unknown[0][:40], "codes": ", ".join(SELLER_CONDITION_CODES)}]
    if return_shipping_paid_by not in ReturnShippingPayer.values:
        errors["return_shipping_paid_by"] = [_("Say who pays the return shipping: the buyer or the seller.")]
    if refund_method not in RefundMethod.values:
        errors["refund_method"] = [_("Choose how the refund is made.")]
    low, high = REFUND_DAYS_RANGE
    days = _whole_number(refund_days, "refund_days", errors,
                         _("Enter the refund time as a whole number of days from 1 to 30."))
    if days is not None and not low <= days <= high:
        errors["refund_days"] = [_("Enter the refund time as a whole number of days from 1 to 30.")]
    note = note if isinstance(note, str) else ""
    note = "\n".join(line.rstrip() for line in note.strip().splitlines())
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [_("Keep the note under %(n)d characters.") % {"n": NOTE_MAX_LENGTH}]
    elif "\x00" in note:
        errors["note"] = [_("The note contains a character that cannot be stored.")]
    if errors:
        raise ValidationError(errors)
    accepted = accepts_returns is True
    chosen = set(codes)
    return {
        "accepts_returns": accepted,
        "window_days": window if accepted else 0,
        "conditions": [code for code in SELLER_CONDITION_CODES if code in chosen] if accepted else [],
        "return_shipping_paid_by": return_shipping_paid_by,
        "refund_method": refund_method,
        "refund_days": days,
        "note": note,
    }
