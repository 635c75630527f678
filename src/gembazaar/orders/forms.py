"""Forms of the checkout page and of the order lists' filters.

Forms check shape (required, choices, lengths); the rules (phone valid for the country, an address
that ships, a method the seller offers) are the services' and come back as DomainError naming a
dotted field ("shipping_address.phone"), which `add_domain_error` puts on the matching form field.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from gembazaar.core.errors import DomainError
from gembazaar.shipping.models import ShippingMethod

ADDRESS_KEYS = ("name", "line1", "line2", "city", "region", "postal_code", "country", "phone")
ADDRESS_LABELS = {
    "name": _("Full name"),
    "line1": _("Address"),
    "line2": _("Address line 2"),
    "city": _("City"),
    "region": _("State, province or region"),
    "postal_code": _("Postal code"),
    "country": _("Country"),
    "phone": _("Phone"),
}
ADDRESS_REQUIRED = {"name", "line1", "city", "country", "phone"}
ADDRESS_MAX = {"name": 120, "line1": 200, "line2": 200, "city": 100, "region": 100, "postal_code": 20, "phone": 32}
ADDRESS_AUTOCOMPLETE = {"name": "name", "line1": "address-line1", "line2": "address-line2", "city": "address-level2",
                        "region": "address-level1", "postal_code": "postal-code", "country": "country",
                        "phone": "tel"}
NOTES_MAX = 1000


def country_choices() -> list[tuple[str, str]]:
    """Every ISO 3166-1 country, named in the reader's language, after an empty "choose" entry."""
    return [("", _("Choose a country")), *[(code, name) for code, name in countries]]


def _address_field(key: str, *, prefix: str) -> forms.Field:
    attrs = {"autocomplete": f"{'billing' if prefix == 'billing' else 'shipping'} {ADDRESS_AUTOCOMPLETE[key]}"}
    if key == "country":
        return forms.ChoiceField(label=ADDRESS_LABELS[key], choices=country_choices, required=False,
                                 widget=forms.Select(attrs=attrs))
    if key == "phone":
        attrs.update({"type": "tel", "inputmode": "tel"})
    return forms.CharField(label=ADDRESS_LABELS[key], required=False, max_length=ADDRESS_MAX[key],
                           widget=forms.TextInput(attrs=attrs),
                           help_text=_("With the country code, e.g. +44 20 7946 0958.") if key == "phone" else "")


def method_field_name(seller_id: int) -> str:
    return f"method_{seller_id}"


class CheckoutForm(forms.Form):
    """Shipping and billing addresses, one shipping method per seller in the cart, order notes.

    Required fields are checked here (the message names the field); with `billing_same` ticked
    the billing fields are ignored. `sellers` is the cart's sellers, in display order.
    """

    billing_same = forms.BooleanField(label=_("Billing address is the same as shipping"), required=False,
                                      initial=True)
    notes = forms.CharField(label=_("Notes for the sellers"), required=False, max_length=NOTES_MAX,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Ring size, gift wrapping, a delivery instruction…"))

    def __init__(self, *args, sellers=(), **kwargs):
        super().__init__(*args, **kwargs)
        for prefix in ("shipping", "billing"):
            for key in ADDRESS_KEYS:
                self.fields[f"{prefix}_{key}"] = _address_field(key, prefix=prefix)
        self.sellers = list(sellers)
        for seller in self.sellers:
            self.fields[method_field_name(seller.pk)] = forms.ChoiceField(
                label=seller.trade_name, choices=ShippingMethod.choices, initial=ShippingMethod.STANDARD,
                widget=forms.RadioSelect)

    def address_fields(self, prefix: str) -> list[forms.BoundField]:
        return [self[f"{prefix}_{key}"] for key in ADDRESS_KEYS]

    def method_field(self, seller_id: int) -> forms.BoundField:
        return self[method_field_name(seller_id)]

    def clean(self):
        cleaned = super().clean()
        prefixes = ["shipping"] if cleaned.get("billing_same") else ["shipping", "billing"]
        for prefix in prefixes:
            for key in sorted(ADDRESS_REQUIRED, key=ADDRESS_KEYS.index):
                name = f"{prefix}_{key}"
                if name not in self.errors and not (cleaned.get(name) or "").strip():
                    self.add_error(name, _("Choose a country.") if key == "country" else _("This field is required."))
        return cleaned

    def address(self, prefix: str) -> dict:
        return {key: (self.cleaned_data.get(f"{prefix}_{key}") or "").strip() for key in ADDRESS_KEYS}

    def draft(self) -> dict:
        """The checkout as plain data: kept in the session between the form and the review."""
        same = bool(self.cleaned_data.get("billing_same"))
        return {
            "shipping_address": self.address("shipping"),
            "billing_address": None if same else self.address("billing"),
            "shipping_methods": {str(seller.pk): self.cleaned_data[method_field_name(seller.pk)]
                                 for seller in self.sellers},
            "notes": (self.cleaned_data.get("notes") or "").strip(),
        }

    def add_domain_error(self, exc: DomainError) -> None:
        """Put a service's error on the field it names ("shipping_address.phone" → shipping_phone)."""
        self.add_error(form_field_for(exc.field, self.fields), exc.message)


def form_field_for(field: str | None, fields) -> str | None:
    """The form field a service's dotted field name means, or None (a form-wide error)."""
    if not field:
        return None
    name = field.replace("_address.", "_").replace("shipping_methods.", "method_")
    return name if name in fields else None


def initial_from_draft(draft: dict | None, *, user=None) -> dict:
    """The form's starting values: the buyer's last draft, else their name and country."""
    initial: dict = {"billing_same": True}
    if draft:
        for prefix in ("shipping", "billing"):
            for key, value in (draft.get(f"{prefix}_address") or {}).items():
                initial[f"{prefix}_{key}"] = value
        initial["billing_same"] = draft.get("billing_address") is None
        if not draft.get("placed"):  # notes were for the order already placed
            initial["notes"] = draft.get("notes", "")
        for seller_id, method in (draft.get("shipping_methods") or {}).items():
            initial[method_field_name(int(seller_id))] = method
    elif user is not None and user.is_authenticated:
        initial["shipping_name"] = user.get_full_name()
        initial["shipping_country"] = str(getattr(user, "country", "") or "")
    return initial


class OrderFilterForm(forms.Form):
    """The order lists' filters: status, placement dates, order number. Bad dates name the field."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    date_from = forms.DateField(label=_("Placed from"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Placed until"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label=_("Order number"), required=False, max_length=40,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "GB-…"}))

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *statuses]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise ValidationError({"date_to": _("The end date is before the start date.")})
        return cleaned
