"""Forms of the seller application. They call the rules of validation.py; services apply them again."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A plain data module (Django imports only): the trade cities are the catalogue's vocabulary.
from .cities import TRADE_CITIES, TRADE_CITY_LABELS
from .models import Seller, SellerDocument, TradeCategory
from .validation import check_document, clean_ntn, clean_phone

OTHER_CITY = "other"
DOCUMENT_ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


def city_choices() -> list[tuple[str, str]]:
    return [("", _("Choose a city")), *TRADE_CITY_LABELS.items(), (OTHER_CITY, _("Other city…"))]


class SellerApplicationForm(forms.Form):
    """Business details and documents. With `documents_required=False` (a re-application) a document
    left empty keeps the one on file."""

    legal_name = forms.CharField(label=_("Legal name"), max_length=200,
                                 error_messages={"required": _("Enter the business's legal name, as registered.")},
                                 help_text=_("As on the trade licence, e.g. “Swat Emerald House (Pvt) Ltd”."))
    trade_name = forms.CharField(label=_("Trade name"), max_length=120,
                                 error_messages={"required": _("Enter the name buyers know the business by.")},
                                 help_text=_("The name buyers will see on your shop."))
    city = forms.ChoiceField(label=_("City"), choices=city_choices, error_messages={"required": _("Choose the city.")})
    city_other = forms.CharField(label=_("Other city"), max_length=80, required=False)
    address = forms.CharField(label=_("Business address"), max_length=500,
                              error_messages={"required": _("Enter the business address.")},
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Shop or office address, with the market or bazaar."))
    phone = forms.CharField(label=_("Phone"), max_length=30,
                            error_messages={"required": _("Enter the business phone number.")},
                            help_text=_("Mobile or landline; a local number is read as Pakistani."),
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                                          "placeholder": "0300 1234567"}))
    council_membership_no = forms.CharField(label=_("Council membership number"), max_length=40,
                                            error_messages={"required": _("Enter the council membership number.")},
                                            widget=forms.TextInput(attrs={"placeholder": "GGC-LHR-0123"}))
    tax_number = forms.CharField(label=_("National Tax Number (NTN)"), max_length=12,
                                 error_messages={"required": _("Enter the business's NTN.")},
                                 help_text=_("7 digits and the check digit, e.g. 1234567-8."),
                                 widget=forms.TextInput(attrs={"placeholder": "1234567-8", "inputmode": "numeric"}))
    categories = forms.MultipleChoiceField(label=_("What you trade"), choices=TradeCategory.choices,
                                           error_messages={"required": _("Choose at least one category.")},
                                           widget=forms.CheckboxSelectMultiple)
    years_in_trade = forms.IntegerField(label=_("Years in trade"), min_value=0, max_value=150,
                                        error_messages={"required": _("Enter the years in trade.")},
                                        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    trade_licence = forms.FileField(label=SellerDocument.Kind.TRADE_LICENCE.label,
                                    error_messages={"required": _("Attach this document.")},
                                    widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}))
    owner_id = forms.FileField(label=SellerDocument.Kind.OWNER_ID.label,
                               error_messages={"required": _("Attach this document.")},
                               widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}))

    def __init__(self, *args, documents_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents_required = documents_required
        limit = _("PDF, JPEG or PNG, up to %(mb)s MB.") % {"mb": f"{settings.SELLER_DOCUMENT_MAX_BYTES / 1_048_576:g}"}
        for kind in SellerDocument.Kind.values:
            self.fields[kind].required = documents_required
            self.fields[kind].help_text = limit if documents_required else \
                _("%(limit)s Leave empty to keep the file on record.") % {"limit": limit}

    @classmethod
    def initial_for(cls, seller: Seller) -> dict:
        """The form filled with what a seller sent before (for a re-application)."""
        in_list = seller.city in TRADE_CITIES
        return {
            "legal_name": seller.legal_name, "trade_name": seller.trade_name,
            "city": seller.city if in_list else OTHER_CITY, "city_other": "" if in_list else seller.city,
            "address": seller.address, "phone": seller.phone, "council_membership_no": seller.council_membership_no,
            "tax_number": seller.tax_number, "categories": seller.category_codes,
            "years_in_trade": seller.years_in_trade,
        }

    def clean_phone(self) -> str:
        return self._rule(clean_phone, "phone")

    def clean_tax_number(self) -> str:
        return self._rule(clean_ntn, "tax_number")

    def clean_trade_licence(self):
        return self._document("trade_licence")

    def clean_owner_id(self):
        return self._document("owner_id")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("city") == OTHER_CITY:
            other = " ".join((cleaned.get("city_other") or "").split())
            if not other:
                self.add_error("city_other", _("Enter the city."))
            cleaned["city"] = other
        return cleaned

    def _rule(self, rule, field: str):
        try:
            return rule(self.cleaned_data.get(field, ""), field=field)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict[field]) from None

    def _document(self, field: str):
        upload = self.cleaned_data.get(field)
        if not upload:
            return None
        try:
            return check_document(upload, field=field)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict[field]) from None

    def details(self) -> dict:
        fields = ("legal_name", "trade_name", "city", "address", "phone", "council_membership_no", "tax_number",
                  "categories", "years_in_trade")
        return {field: self.cleaned_data.get(field) for field in fields}

    def documents(self) -> dict:
        return {kind: self.cleaned_data.get(kind) for kind in SellerDocument.Kind.values}
