"""What the marketplace owes each seller: an append-only ledger per seller, order releases, payouts,
and each seller's payout account (the commission override, and the row a payout request locks).

Sign convention: an entry's `amount` is signed, in the payout currency (settings.PAYOUTS_CURRENCY):
a sale is +, its commission −, a refund to the buyer −, the commission given back +, a payout −
(written when it is requested), a cancelled payout + again, a staff correction either way.
Balance = Σ entries; held = Σ entries of orders not yet released (completed); available = the rest.
Nothing here is a stored counter (payouts.py and payout_selectors.py do the arithmetic).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gembazaar.core.models import AppendOnlyModel
from gembazaar.orders.models import Order
from gembazaar.sellers.models import Seller

from .payment import PaymentEntry

__all__ = [
    "Payout",
    "PayoutAccount",
    "PayoutEntry",
    "PayoutEntryKind",
    "PayoutRelease",
    "PayoutStatus",
]


class PayoutAccount(models.Model):
    """One per seller: the commission override council staff set (null: the marketplace default),
    and the row every write to the seller's ledger locks, so two payouts never race."""

    seller = models.OneToOneField(Seller, on_delete=models.PROTECT, related_name="payout_account")
    commission_percent = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2, null=True,
                                             blank=True, help_text=_("Empty: the marketplace's default."))
    commission_set_by_name = models.CharField(_("commission set by"), max_length=254, blank=True)
    commission_set_at = models.DateTimeField(_("commission set at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(commission_percent__isnull=True)
                                   | Q(commission_percent__gte=0, commission_percent__lte=100),
                                   name="payout_account_commission_0_100"),
        ]

    def __str__(self) -> str:
        return f"payout account of {self.seller_id}"


class PayoutStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class Payout(models.Model):
    """Money council staff send to a seller's bank account: requested (its ledger entry is written
    then, so it is never paid twice), then sent with the bank's reference, or cancelled."""

    Status = PayoutStatus

    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="payouts")
    amount = models.DecimalField(_("amount"), max_digits=15, decimal_places=3)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(_("status"), max_length=10, choices=PayoutStatus.choices,
                              default=PayoutStatus.REQUESTED)
    bank_reference = models.CharField(_("bank reference"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    requested_by_name = models.CharField(_("requested by"), max_length=254, blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    done_by_name = models.CharField(_("sent or cancelled by"), max_length=254, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["seller", "-requested_at"], name="payout_seller_requested_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
            models.CheckConstraint(condition=Q(status__in=PayoutStatus.values), name="payout_status_valid"),
            models.CheckConstraint(condition=~Q(status="sent") | (~Q(bank_reference="") & Q(sent_at__isnull=False)),
                                   name="payout_sent_has_reference"),
            models.UniqueConstraint(fields=["idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="payout_idempotency_key_once"),
        ]

    def __str__(self) -> str:
        return f"payout {self.pk}: {self.amount} {self.currency} to {self.seller_id}"


class PayoutEntryKind(models.TextChoices):
    SALE = "sale", _("Sale")
    COMMISSION = "commission", _("Marketplace commission")
    REFUND = "refund", _("Refund to the buyer")
    COMMISSION_REFUND = "commission_refund", _("Commission given back")
    PAYOUT = "payout", _("Payout")
    PAYOUT_CANCELLED = "payout_cancelled", _("Payout cancelled")
    CORRECTION = "correction", _("Correction by staff")


class PayoutEntry(AppendOnlyModel):
    """One movement of what the marketplace owes a seller. Append-only; see the module for signs.

    Each entry a receiver writes is unique on what caused it (one sale and one commission per
    order; one refund and one commission back per ledger refund entry; one entry per payout and
    per cancellation), so a receiver firing twice writes nothing twice."""

    Kind = PayoutEntryKind

    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="payout_entries")
    kind = models.CharField(_("kind"), max_length=20, choices=PayoutEntryKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=15, decimal_places=3)
    currency = models.CharField(_("currency"), max_length=3)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, null=True, blank=True, related_name="payout_entries")
    payment_entry = models.ForeignKey(PaymentEntry, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="payout_entries")
    payout = models.ForeignKey(Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="entries")
    # Payout units per unit of the order's currency (sales and refunds); the commission's percentage.
    fx_rate = models.DecimalField(_("FX rate"), max_digits=20, decimal_places=10, null=True, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)  # a person's words only (corrections)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_by_name = models.CharField(_("recorded by"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    append_only_name = "The payout ledger"

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = _("payout entries")
        indexes = [models.Index(fields=["seller", "created_at"], name="payout_entry_seller_at")]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="payout_entry_amount_not_zero"),
            models.CheckConstraint(condition=Q(kind__in=PayoutEntryKind.values), name="payout_entry_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=["sale", "commission_refund", "payout_cancelled"], amount__gt=0)
                | Q(kind__in=["commission", "refund", "payout"], amount__lt=0) | Q(kind="correction"),
                name="payout_entry_sign_by_kind"),
            models.UniqueConstraint(fields=["order", "kind"], condition=Q(kind__in=["sale", "commission"]),
                                    name="payout_entry_sale_once_per_order"),
            models.UniqueConstraint(fields=["payment_entry", "kind"], condition=Q(payment_entry__isnull=False),
                                    name="payout_entry_refund_once"),
            models.UniqueConstraint(fields=["payout", "kind"], condition=Q(payout__isnull=False),
                                    name="payout_entry_payout_once"),
            models.UniqueConstraint(fields=["idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="payout_entry_idempotency_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.seller_id}: {self.kind} {self.amount} {self.currency}"


class PayoutRelease(models.Model):
    """An order's entries stop being held: the order completed (once per order)."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="payout_release")
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(_("released at"), default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"release of order {self.order_id}"
