"""Forms of the council's payout pages. Amounts and percentages are checked by payments.payouts
(decimals of the payout currency, at most what is available, 0–100 %)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

DECIMAL = {"inputmode": "decimal", "autocomplete": "off"}


def _key() -> str:
    return uuid.uuid4().hex


class PayoutRequestForm(forms.Form):
    amount = forms.CharField(label=_("Amount to pay out"), max_length=30, widget=forms.TextInput(attrs=DECIMAL))
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # One key per form shown: a double click or a resubmitted page requests the payout once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, initial=_key)


class PayoutSentForm(forms.Form):
    bank_reference = forms.CharField(label=_("Bank reference"), max_length=255,
                                     help_text=_("The reference of the transfer on the bank's statement."))


class CommissionForm(forms.Form):
    commission_percent = forms.CharField(label=_("Commission (%)"), max_length=10, required=False,
                                         widget=forms.TextInput(attrs=DECIMAL),
                                         help_text=_("Empty: the marketplace's default. Applies to orders paid "
                                                     "from now on."))


class CorrectionForm(forms.Form):
    correction_amount = forms.CharField(label=_("Amount (− to take off)"), max_length=30,
                                        widget=forms.TextInput(attrs=DECIMAL))
    correction_note = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    correction_key = forms.CharField(widget=forms.HiddenInput, max_length=64, initial=_key)
