"""Form fields of the saved-search pages (the rules themselves are in services.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SavedSearch

OFF = "off"
EMAIL_CHOICES = [*SavedSearch.Frequency.choices, (OFF, _("No emails"))]


class EmailChoiceForm(forms.Form):
    """How often a saved search emails, with "no emails" standing for a paused search."""

    email = forms.ChoiceField(choices=EMAIL_CHOICES)

    def changes(self) -> dict:
        choice = self.cleaned_data["email"]
        if choice == OFF:
            return {"is_active": False}
        return {"frequency": choice, "is_active": True}
