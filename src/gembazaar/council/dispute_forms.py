"""The council's decision form on a dispute. The amount is checked by payments.disputes (the
currency's decimals, never more than the order can still get back)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gembazaar.payments.disputes import DECISIONS, REASON_MAX
from gembazaar.payments.models import DisputeOutcome


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                choices=[(value, DisputeOutcome(value).label) for value in DECISIONS])
    amount = forms.CharField(label=_("Amount to refund"), max_length=30, required=False,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                             help_text=_("Only for a refund in part, in the order's currency."))
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, strip=True,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("Both parties read it; it stays in the dispute's record."))
