"""Payments: one per checkout, and the append-only ledger of what happened to it.

Invariants the database keeps (services give the friendly messages): one payment per checkout and
per reference; amounts are positive; a provider's event id is recorded once per provider and an
idempotency key once; statuses and kinds are among the known ones. The ledger is append-only:
a correction is a new row (a refund), never an edit.

What a payment has received is computed from its ledger (ledger.received_total), never stored as
a counter; `status` is refreshed from the ledger under the payment's row lock (services).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gembazaar.core.models import AppendOnlyModel
from gembazaar.orders.models import Checkout, Order

__all__ = ["EntryKind", "Payment", "PaymentEntry", "PaymentStatus", "Provider", "Refund",
           "RefundStatus"]


class Provider(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    SAFEPAY = "safepay", _("Card (Safepay, Pakistan)")
    STRIPE = "stripe", _("Card (Stripe)")
    CASH_ON_DELIVERY = "cash_on_delivery", _("Cash on delivery")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    PART_PAID = "part_paid", _("Part paid")
    PAID = "paid", _("Paid")
    OVERPAID = "overpaid", _("Overpaid")


class Payment(models.Model):
    """What the buyer owes for one checkout, through one provider, and where it stands.

    `reference` is the checkout's reference, the one the buyer already quotes on a transfer."""

    Status = PaymentStatus

    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices,
                                default=Provider.BANK_TRANSFER)
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    amount_due = models.DecimalField(_("amount due"), max_digits=15, decimal_places=3)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices,
                              default=PaymentStatus.PENDING)
    # Running sums of the ledger's captures and refunds, kept in the same transaction as each
    # entry under the payment's row lock, so the database itself refuses a refund beyond what was
    # captured (payment_refunds_within_captures). ledger.received_total stays the arithmetic.
    captured_total = models.DecimalField(_("captured"), max_digits=15, decimal_places=3, default=0)
    refunded_total = models.DecimalField(_("refunded"), max_digits=15, decimal_places=3, default=0)
    # The provider's id of the hosted checkout this payment was last sent to (a Stripe Checkout
    # Session id, a Safepay tracker); blank for bank transfer and cash on delivery.
    provider_session_id = models.CharField(_("provider session"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="payment_status_created_idx")]
        constraints = [
            models.UniqueConstraint(fields=["checkout"], name="payment_one_per_checkout"),
            models.CheckConstraint(condition=Q(amount_due__gt=0), name="payment_amount_due_positive"),
            models.CheckConstraint(condition=Q(status__in=PaymentStatus.values), name="payment_status_valid"),
            models.CheckConstraint(condition=Q(provider__in=Provider.values), name="payment_provider_valid"),
            models.CheckConstraint(condition=Q(refunded_total__gte=0, refunded_total__lte=models.F("captured_total")),
                                   name="payment_refunds_within_captures"),
        ]

    def __str__(self) -> str:
        return self.reference


class EntryKind(models.TextChoices):
    ATTEMPT = "attempt", _("Payment started")
    CAPTURE = "capture", _("Money received")
    REFUND = "refund", _("Refund")
    PROVIDER_EVENT = "provider_event", _("Provider event")


class PaymentEntry(AppendOnlyModel):
    """One event of a payment: an attempt, money received (capture), money paid back (refund) or
    a provider's message. Append-only. `amount` is positive in `currency`; what it does to the
    balance is said by `kind` (ledger.py). `provider_event_id` is the provider's id for the event
    (for a bank transfer, the bank's transaction id): recorded once per provider."""

    Kind = EntryKind

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="entries")
    # The order a refund (or a dispute's decision) concerns; null for money of the whole checkout.
    order = models.ForeignKey(Order, on_delete=models.PROTECT, null=True, blank=True, related_name="payment_entries")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=15, decimal_places=3)
    currency = models.CharField(_("currency"), max_length=3)
    # The rate used when the money arrived in another currency than charged; null when it did not.
    fx_rate = models.DecimalField(_("FX rate"), max_digits=20, decimal_places=10, null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    provider_event_id = models.CharField(_("provider event id"), max_length=255, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255, blank=True)
    # The day the bank says the money arrived (a statement's date), when known.
    value_date = models.DateField(_("value date"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_by_name = models.CharField(_("recorded by"), max_length=254, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    append_only_name = "The payment ledger"

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = _("payment entries")
        indexes = [models.Index(fields=["payment", "created_at"], name="payment_entry_payment_at")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_entry_amount_positive"),
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="payment_entry_kind_valid"),
            models.CheckConstraint(condition=Q(fx_rate__isnull=True) | Q(fx_rate__gt=0),
                                   name="payment_entry_fx_positive"),
            models.UniqueConstraint(fields=["provider", "provider_event_id"], condition=~Q(provider_event_id=""),
                                    name="payment_entry_provider_event_once"),
            models.UniqueConstraint(fields=["idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="payment_entry_idempotency_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.kind} {self.amount} {self.currency}"


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("To be sent")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")


# Why a card refund failed, as a code (the provider's own words go to the log, not the database).
REFUND_FAILURES = {
    "provider_refused": _("The card provider refused the refund."),
    "provider_unreachable": _("The card provider could not be reached."),
    "provider_bad_answer": _("The card provider answered something unexpected."),
    "nothing_captured": _("Nothing was captured through the card provider for this payment."),
    "refund_failed": _("The card provider did not refund."),
}


class Refund(models.Model):
    """Money to go back to the buyer for an order (or, with no order, an over-payment).

    A card refund is sent through the provider that took the money and succeeds (or fails) at
    once; a bank-transfer refund is an instruction: `requested` until council staff send the
    transfer from the escrow account and confirm it. The ledger's `refund` entry is written when
    the money has gone back (`entry`), never before."""

    Status = RefundStatus

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, null=True, blank=True, related_name="refunds")
    amount = models.DecimalField(_("amount"), max_digits=15, decimal_places=3)
    currency = models.CharField(_("currency"), max_length=3)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RefundStatus.choices,
                              default=RefundStatus.REQUESTED)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    provider_refund_id = models.CharField(_("provider refund id"), max_length=255, blank=True)
    failure = models.CharField(_("failure"), max_length=255, blank=True)  # a REFUND_FAILURES code
    entry = models.OneToOneField(PaymentEntry, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="refund")
    idempotency_key = models.CharField(_("idempotency key"), max_length=255, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    requested_by_name = models.CharField(_("requested by"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=RefundStatus.values), name="refund_status_valid"),
            models.CheckConstraint(condition=~Q(status="succeeded") | Q(entry__isnull=False),
                                   name="refund_succeeded_has_entry"),
            models.UniqueConstraint(fields=["idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="refund_idempotency_key_once"),
        ]

    def __str__(self) -> str:
        return f"refund {self.amount} {self.currency} of {self.payment_id}"

    @property
    def failure_text(self) -> str:
        """Why it failed, in the reader's language."""
        return str(REFUND_FAILURES.get(self.failure, REFUND_FAILURES["provider_refused"])) if self.failure else ""
