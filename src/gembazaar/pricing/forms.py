"""Council console forms for rates. They only shape the input: every rule (positive price, known
currency, fineness that fits the metal, the 50 % jump) is checked by pricing.services, so the
console, the API and CSV imports refuse the same things with the same messages."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gembazaar.catalogue import vocab
from gembazaar.core import fx

from . import units

MAX_CSV_BYTES = 512 * 1024
UNIT_CHOICES = (
    (units.TOLA, _("per tola (11.6638 g)")),
    (units.TEN_GRAM, _("per 10 g")),
    (units.GRAM, _("per gram")),
    (units.TROY_OUNCE, _("per troy ounce (31.1035 g)")),
)
_KARAT = re.compile(r"^\s*(\d{1,2})\s*[kK](arat)?\s*$")


def fineness_choices() -> list:
    """Grouped by metal; gold finenesses also show their karat ("22K · 916")."""
    groups = []
    for term in vocab.METALS:
        options = []
        for fineness in vocab.FINENESS_BY_METAL[term.code]:
            karat = vocab.FINENESS_TO_KARAT.get(fineness) if term.code == vocab.GOLD else None
            options.append((str(fineness), f"{karat}K · {fineness}" if karat else str(fineness)))
        groups.append((term.label, options))
    return groups


def currency_options() -> list[tuple[str, str]]:
    """The display currencies first, then any other currency that has an FX rate."""
    known = list(dict.fromkeys([*settings.DISPLAY_CURRENCIES, *sorted(fx.rates())]))
    known.remove("PKR")
    return [(code, code) for code in ["PKR", *known]]


def _text(label, **kwargs) -> forms.CharField:
    # Not required here: the service reports every missing or wrong value in one pass.
    return forms.CharField(label=label, required=False, **kwargs)


def _when() -> forms.CharField:
    return _text(_("Effective from"), max_length=40,
                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                 help_text=_("Leave empty for now (Pakistan time)."))


class MetalRateForm(forms.Form):
    """Shapes the input only; pricing.services.clean_metal_rate judges every value."""

    metal = _text(_("Metal"), max_length=20, widget=forms.Select(choices=vocab.choices(vocab.METALS)))
    # A select, but "22K" typed by hand (or sent by a script) is understood too.
    fineness = _text(_("Fineness or karat"), max_length=10, widget=forms.Select(choices=fineness_choices()),
                     help_text=_("Parts per thousand; gold shows its karat."))
    unit = _text(_("Quoted"), max_length=20, widget=forms.Select(choices=UNIT_CHOICES))
    currency = _text(_("Currency"), max_length=3, widget=forms.Select())
    price = _text(_("Price"), max_length=32,
                  widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                                "placeholder": "245000"}))
    source = _text(_("Source"), max_length=100,
                   widget=forms.TextInput(attrs={"placeholder": _("Lahore Sarafa Association")}))
    effective_at = _when()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "metal")
        super().__init__(*args, **kwargs)
        self.fields["fineness"].widget.choices = fineness_choices()
        self.fields["currency"].widget.choices = currency_options()  # a new FX rate shows up at once

    def clean_fineness(self) -> str:
        value = self.cleaned_data["fineness"].strip()
        match = _KARAT.match(value)
        if match and int(match.group(1)) in vocab.KARAT_TO_FINENESS:
            return str(vocab.KARAT_TO_FINENESS[int(match.group(1))])
        return value

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"metal": data["metal"], "fineness": data["fineness"], "unit": data["unit"],
                "price": data["price"].strip(), "currency": data["currency"].strip().upper(),
                "source": data["source"], "effective_at": data["effective_at"].strip() or None}


class FXRateForm(forms.Form):
    """Shapes the input only; pricing.services.record_fx_rate judges every value."""

    currency = _text(_("Currency"), max_length=3,
                     widget=forms.TextInput(attrs={"placeholder": "PKR", "autocomplete": "off",
                                                   "list": "fx-currencies", "class": "mono"}))
    per_usd = _text(_("Units per 1 US dollar"), max_length=32,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off",
                                                  "placeholder": "281.50"}))
    source = _text(_("Source"), max_length=100,
                   widget=forms.TextInput(attrs={"placeholder": _("State Bank of Pakistan")}))
    effective_at = _when()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "fx")
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"currency": data["currency"].strip().upper(), "per_usd": data["per_usd"].strip(),
                "source": data["source"], "effective_at": data["effective_at"].strip() or None}


class RatesCSVForm(forms.Form):
    file = forms.FileField(label=_("CSV file"),
                           help_text=_("Columns: kind, metal, fineness, unit, price, currency, source, "
                                       "effective_at. All rows are recorded, or none."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "csv")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than %(kb)d KB.") % {"kb": MAX_CSV_BYTES // 1024})
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
