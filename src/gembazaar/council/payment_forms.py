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
    """Money to go back to the buyer, for one order or the whole checkout (an over-payment).

    A card payment is refunded through its provider at once. A bank transfer (or cash) is
    refunded by staff from the escrow account: with the refund's bank transaction id it is
    recorded as sent; without, it waits in the list as an instruction to carry out."""

    refund_amount = forms.CharField(label=_("Amount to pay back"), max_length=30,
                                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    refund_order = forms.ChoiceField(label=_("For"), required=False)
    refund_bank_transaction_id = forms.CharField(
        label=_("Bank transaction id of the refund"), max_length=255, required=False,
        help_text=_("The transfer you sent back from the escrow account. Leave empty to record the refund as "
                    "still to be sent."))
    refund_reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("Kept with the refund: why the buyer is paid back."))
    refund_key = forms.CharField(widget=forms.HiddenInput, max_length=64, initial=lambda: uuid.uuid4().hex)

    def __init__(self, *args, orders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.orders = {str(order.pk): order for order in orders}
        self.fields["refund_order"].choices = [("", _("The whole checkout (an over-payment)"))] + [
            (str(order.pk), f"{order.number} · {order.seller.trade_name}") for order in orders]

    def order(self):
        return self.orders.get(self.cleaned_data.get("refund_order") or "")


class RefundSentForm(forms.Form):
    """Staff sent a requested bank refund: the bank's id of the transfer back."""

    bank_transaction_id = forms.CharField(label=_("Bank transaction id of the refund"), max_length=255)


class StatementUploadForm(forms.Form):
    file = forms.FileField(label=_("Bank statement (CSV)"),
                           help_text=_("Columns: date, reference, amount, currency, bank_transaction_id."))
