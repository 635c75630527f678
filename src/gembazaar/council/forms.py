from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gembazaar.sellers.services import COUNCIL_ACTIONS, REASON_MAX_LENGTH


class SellerActionForm(forms.Form):
    """One of the council's moves on a seller, with the reason the seller will read."""

    action = forms.ChoiceField(choices=[(name, name) for name in COUNCIL_ACTIONS], widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=REASON_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        move = COUNCIL_ACTIONS.get(cleaned.get("action", ""))
        if move and move.needs_reason and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason: the seller reads it in the email and on their "
                                       "application page."))
        return cleaned
