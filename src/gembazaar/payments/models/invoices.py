"""Invoices: one per order, numbered from a gap-free sequence of its seller's, and what they say.

Numbers read `S0012-2026-000017`: the seller (its id, which never changes, where a name or slug
could), the year of issue and the place in that seller's sequence of that year. The sequence
starts again at 1 every year (the year is in the number, so numbers stay unique), as tax offices
expect a year's invoices to be counted from one. A number is taken from the seller's
InvoiceCounter row, locked, in the transaction that creates the invoice: a rollback gives the
number back, so no number is skipped and none is used twice (payments/invoices.py).

`snapshot` holds what the invoice says as it was issued (seller, buyer, lines with their spec codes,
totals, payment): editing the seller's address later does not change an issued invoice. Names of
things (gem names, nature, treatments, countries, labels) are kept as codes and written in the
reader's language when the PDF is drawn.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gembazaar.orders.models import Order
from gembazaar.sellers.models import Seller

__all__ = ["Invoice", "InvoiceCounter"]


class InvoiceCounter(models.Model):
    """The last invoice number a seller used in a year; locked (select_for_update) to take the next."""

    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller", "year"], name="invoice_counter_one_per_seller_year"),
        ]

    def __str__(self) -> str:
        return f"{self.seller_id}/{self.year}: {self.last_number}"


class Invoice(models.Model):
    """The invoice of one order, issued once when the order is paid (or later, on demand)."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="invoice")
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="invoices")
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("invoice number"), max_length=30, unique=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, db_index=True)
    snapshot = models.JSONField(_("what the invoice says"))

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "year", "sequence"], name="invoice_sequence_once"),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="invoice_sequence_positive"),
        ]

    def __str__(self) -> str:
        return self.number
