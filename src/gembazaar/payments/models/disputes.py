"""Trade assurance disputes: a buyer's complaint about one order, negotiated with the seller, and
decided by council staff when the two cannot agree.

    open ──▶ agreed (an offer accepted)            ─┐
     │  └──▶ withdrawn (by the buyer)               ├─ closed
     └────▶ escalated ──▶ decided (council staff)  ─┘

Invariants the database keeps (the services in payments/disputes.py give the friendly messages):
one active (not closed) dispute per order; known reasons, statuses, outcomes and event kinds;
amounts positive; a decision has a written reason; one pending offer per dispute. The audit
trail (DisputeEvent) and its photos are append-only: the model and its queryset refuse updates
and deletes, as PaymentEntry and orders.OrderEvent do. People's words are stored as written;
the marketplace's own sentences are codes rendered in the reader's language.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gembazaar.core.models import AppendOnlyModel
from gembazaar.orders.models import Order
from gembazaar.sellers.storage import private_storage

from .payment import Refund

__all__ = ["Dispute", "DisputeEvent", "DisputeEventKind", "DisputeOffer", "DisputeOfferKind", "DisputeOfferStatus",
           "DisputeOutcome", "DisputePhoto", "DisputeReason", "DisputeRole", "DisputeStatus"]


class DisputeReason(models.TextChoices):
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
    NOT_RECEIVED = "not_received", _("Not received")
    DAMAGED = "damaged", _("Arrived damaged")
    NOT_DISCLOSED = "not_disclosed", _("Treatment or nature not disclosed")
    FAKE_CERTIFICATE = "fake_certificate", _("Fake or mismatched certificate")
    OTHER = "other", _("Something else")


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Open: buyer and seller negotiate")
    AGREED = "agreed", _("Agreed")
    ESCALATED = "escalated", _("Escalated to the council")
    DECIDED = "decided", _("Decided by the council")
    WITHDRAWN = "withdrawn", _("Withdrawn by the buyer")


class DisputeOutcome(models.TextChoices):
    PARTIAL_REFUND = "partial_refund", _("Agreed: partial refund, the buyer keeps the piece")
    RETURN = "return", _("Agreed: return for a full refund")
    REFUND_FULL = "refund_full", _("Council decision: refund in full")
    REFUND_PART = "refund_part", _("Council decision: refund in part")
    RELEASE = "release", _("Council decision: money released to the seller")
    WITHDRAWN = "withdrawn", _("Withdrawn by the buyer")


class DisputeRole(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")
    STAFF = "staff", _("Council staff")
    SYSTEM = "system", _("GemBazaar")


ACTIVE = Q(closed_at__isnull=True)


class Dispute(models.Model):
    """One complaint about one order. `order_status_before` is where the order stood before it was
    disputed, so a withdrawal puts it back where it can complete."""

    Status = DisputeStatus
    Reason = DisputeReason
    Outcome = DisputeOutcome

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="disputes")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=DisputeReason.choices)
    description = models.TextField(_("what went wrong"))
    status = models.CharField(_("status"), max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    order_status_before = models.CharField(_("order status before"), max_length=20)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now, db_index=True)
    negotiate_until = models.DateTimeField(_("negotiate until"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=DisputeOutcome.choices, blank=True)
    # What goes back to the buyer (agreed or decided), in the order's currency; null: nothing.
    refund_amount = models.DecimalField(_("refund"), max_digits=15, decimal_places=3, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_by_name = models.CharField(_("decided by"), max_length=254, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [models.Index(fields=["status", "negotiate_until"], name="dispute_status_deadline_idx")]
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=ACTIVE, name="dispute_one_active_per_order"),
            models.CheckConstraint(condition=Q(status__in=DisputeStatus.values), name="dispute_status_valid"),
            models.CheckConstraint(condition=Q(reason__in=DisputeReason.values), name="dispute_reason_valid"),
            models.CheckConstraint(condition=Q(outcome__in=["", *DisputeOutcome.values]), name="dispute_outcome_valid"),
            models.CheckConstraint(condition=Q(refund_amount__isnull=True) | Q(refund_amount__gt=0),
                                   name="dispute_refund_positive"),
            models.CheckConstraint(condition=~Q(status="decided") | ~Q(decision_reason=""),
                                   name="dispute_decision_has_reason"),
        ]

    def __str__(self) -> str:
        return f"dispute {self.pk} on {self.order_id}"

    @property
    def is_active(self) -> bool:
        return self.closed_at is None

    @property
    def awaiting_return(self) -> bool:
        """Agreed on a return: the refund follows when the seller confirms the piece came back."""
        return self.is_active and self.outcome == DisputeOutcome.RETURN


class DisputeOfferKind(models.TextChoices):
    PARTIAL_REFUND = "partial_refund", _("Partial refund, the buyer keeps the piece")
    RETURN = "return", _("Return the piece for a full refund")


class DisputeOfferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SUPERSEDED = "superseded", _("Replaced by a later offer")


class DisputeOffer(models.Model):
    """A way out proposed by one side, accepted or declined by the other."""

    Kind = DisputeOfferKind
    Status = DisputeOfferStatus

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="offers")
    kind = models.CharField(_("offer"), max_length=20, choices=DisputeOfferKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=15, decimal_places=3, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    made_by_role = models.CharField(_("made by"), max_length=10, choices=DisputeRole.choices)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DisputeOfferStatus.choices,
                              default=DisputeOfferStatus.PENDING)
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dispute"], condition=Q(status="pending"),
                                    name="dispute_offer_one_pending"),
            models.CheckConstraint(condition=Q(kind__in=DisputeOfferKind.values), name="dispute_offer_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=DisputeOfferStatus.values),
                                   name="dispute_offer_status_valid"),
            models.CheckConstraint(condition=Q(made_by_role__in=["buyer", "seller"]),
                                   name="dispute_offer_by_a_party"),
            # A partial refund names its amount; a return is always the full refund.
            models.CheckConstraint(condition=(Q(kind="partial_refund") & Q(amount__gt=0))
                                   | (Q(kind="return") & Q(amount__isnull=True)),
                                   name="dispute_offer_amount_matches_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} offer on dispute {self.dispute_id}"


class DisputeEventKind(models.TextChoices):
    OPENED = "opened", _("Dispute opened")
    MESSAGE = "message", _("Message")
    OFFER_MADE = "offer_made", _("Offer made")
    OFFER_ACCEPTED = "offer_accepted", _("Offer accepted")
    OFFER_DECLINED = "offer_declined", _("Offer declined")
    ESCALATED = "escalated", _("Escalated to the council")
    AUTO_ESCALATED = "auto_escalated", _("Escalated to the council: the days to negotiate are over")
    RETURN_RECEIVED = "return_received", _("The seller confirmed the piece came back")
    REFUND_REQUESTED = "refund_requested", _("Refund requested")
    DECIDED = "decided", _("Decided by the council")
    WITHDRAWN = "withdrawn", _("Withdrawn by the buyer")


class AppendOnly(AppendOnlyModel):
    append_only_name = "A dispute's audit trail"

    class Meta:
        abstract = True


class DisputeEvent(AppendOnly):
    """One step of a dispute: who (in which role), when, what (a code), any amount, and the
    person's own words. Messages between the parties are events of kind `message`."""

    Kind = DisputeEventKind

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=DisputeEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(_("by"), max_length=254, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=DisputeRole.choices)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    amount = models.DecimalField(_("amount"), max_digits=15, decimal_places=3, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    offer = models.ForeignKey(DisputeOffer, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    # A code beside the kind where one kind has several meanings (an offer's kind, a decision's outcome).
    detail = models.CharField(_("detail"), max_length=20, blank=True)
    text = models.TextField(_("words"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["dispute", "at"], name="dispute_event_dispute_at")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DisputeEventKind.values), name="dispute_event_kind_valid"),
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gt=0),
                                   name="dispute_event_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.dispute_id}: {self.kind}"

    @property
    def detail_label(self) -> str:
        """The detail code in the reader's language (an offer's kind or a decision's outcome)."""
        for choices in (DisputeOfferKind, DisputeOutcome):
            if self.detail in choices.values:
                return str(choices(self.detail).label)
        return ""


def dispute_photo_path(instance: DisputePhoto, filename: str) -> str:
    return f"disputes/{instance.event.dispute_id}/{filename}"


class DisputePhoto(AppendOnly):
    """A picture attached to a dispute's event (its opening or a message): checked by content and
    re-encoded without metadata (core.images). Kept in private storage, served only to the parties
    and council staff (payments.dispute_views.dispute_photo)."""

    event = models.ForeignKey(DisputeEvent, on_delete=models.PROTECT, related_name="photos")
    # Private: no URL maps to these files; the dispute's photo view checks who asks.
    image = models.ImageField(_("image"), storage=private_storage, upload_to=dispute_photo_path, max_length=255)
    thumbnail = models.ImageField(_("thumbnail"), storage=private_storage, upload_to=dispute_photo_path,
                                  max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"photo {self.pk} of {self.event_id}"
