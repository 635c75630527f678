"""Forms of the council's payment pages. The amount is checked by payments.services (decimals per currency)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _


class ReceiptForm(forms.Form):
    amount = forms.CharField(label=_("Amount received"), max_length=30,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    bank_transaction_id = forms.CharField(label=_("Bank transaction id"), max_length=255, required=False,
                                          help_text=_("From the bank statement; a second receipt with it records "
                                                      "nothing."))
    value_date = forms.DateField(label=_("Date received"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # One key per form shown: a double-click or a resubmitted page records the receipt once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, initial=lambda: uuid.uuid4().hex)


class RefundForm(forms.Form):
    """Money paid back to the buyer by bank transfer, recorded once staff have sent it."""

    refund_amount = forms.CharField(label=_("Amount paid back"), max_length=30,
                                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    refund_bank_transaction_id = forms.CharField(
        label=_("Bank transaction id of the refund"), max_length=255,
        help_text=_("The transfer you sent back to the buyer, from the escrow account's statement."))
    refund_reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("Kept in the ledger: why the buyer is paid back."))
    refund_key = forms.CharField(widget=forms.HiddenInput, max_length=64, initial=lambda: uuid.uuid4().hex)


class StatementUploadForm(forms.Form):
    file = forms.FileField(label=_("Bank statement (CSV)"),
                           help_text=_("Columns: date, reference, amount, currency, bank_transaction_id."))
