"""The seller centre's listing form: plain fields, vocabularies as choices; the rules live in the services.

Field names are the service's keys without their prefix, so a service error "gem.carat" lands on
the field "carat" (`add_service_errors`).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from gembazaar.catalogue import vocab, weights
from gembazaar.catalogue.models import BulkJob, GemSpec, JewelrySpec, Listing
from gembazaar.sellers.models import SellerMember
from gembazaar.sellers.returns import NOTE_MAX_LENGTH, SELLER_CONDITIONS, RefundMethod, ReturnShippingPayer

LISTING_FIELDS = ("sku", "title", "description", "price", "currency", "quantity", "moq", "price_mode",
                  "origin_country", "origin_locality", "hs_code")
GEM_FIELDS = ("species", "variety", "nature", "imitates", "carat", "pieces", "length_mm", "width_mm", "depth_mm",
              "shape", "cutting_style", "colour", "tone", "saturation", "trade_colour", "clarity", "diamond_colour",
              "cut_grade", "treatments", "phenomena", "lab", "certificate_number", "kp_certificate",
              "size_confirmed")
JEWELRY_FIELDS = ("jewelry_type", "metal", "fineness", "karat", "gross_weight_g", "net_metal_weight_g",
                  "weight_unit", "making_charge_mode", "making_charge_value", "wastage_percent", "stone_value",
                  "margin_percent", "stones", "stone_weight_ct", "size", "hallmark", "gender")
BLANK = [("", "—")]


def variety_choices(species: str) -> list[tuple[str, str]]:
    """The varieties of one species; every variety when none is chosen (the server checks the pair)."""
    term = vocab.SPECIES_BY_CODE.get(species)
    if term is not None:
        return BLANK + [(v.code, v.label) for v in term.varieties]
    return BLANK + [(v.code, v.label) for s in vocab.SPECIES for v in s.varieties]


def _choice(label, terms, *, required=False) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=BLANK + vocab.choices(terms), required=required)


def _text(label, *, required=False, max_length=None) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length)


class ListingForm(forms.Form):
    """A listing of one kind with its specification. Only the shape of input is checked here."""

    sku = _text(_("SKU"), required=True, max_length=64)
    title = _text(_("Title"), required=True, max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    price = _text(_("Price"), required=True)
    currency = _text(_("Currency"), required=True, max_length=3)
    quantity = forms.IntegerField(label=_("Quantity in stock"), min_value=0, initial=1)
    moq = forms.IntegerField(label=_("Minimum order quantity"), min_value=1, initial=1)
    price_mode = forms.ChoiceField(label=_("Price mode"), choices=Listing.PriceMode.choices,
                                   initial=Listing.PriceMode.FIXED)
    origin_country = _text(_("Country of origin (ISO code)"), max_length=2)
    origin_locality = _choice(_("Locality"), vocab.LOCALITIES)
    hs_code = _text(_("HS code"), max_length=10)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == Listing.Kind.JEWELRY:
            self._add_jewelry_fields()
        else:
            self._add_gem_fields()

    def _add_gem_fields(self) -> None:
        species = (self.data.get("species") if self.is_bound else self.initial.get("species")) or ""
        f = self.fields
        f["species"] = _choice(_("Species"), vocab.SPECIES, required=True)
        f["species"].widget.attrs.update({
            "hx-get": reverse_lazy("sellercentre:varieties"), "hx-target": "#id_variety",
            "hx-trigger": "change", "hx-swap": "innerHTML"})
        # Any known variety is accepted here so the service can say which species it belongs to;
        # the <select> offers only the chosen species' varieties.
        f["variety"] = forms.ChoiceField(label=_("Variety"), choices=variety_choices(""), required=False)
        f["variety"].widget.choices = variety_choices(species)
        f["nature"] = _choice(_("Nature"), vocab.NATURES, required=True)
        f["imitates"] = _choice(_("Imitates (imitations only)"), vocab.IMITABLE)
        f["imitates"].help_text = _("An imitation's species is what it is made of (glass, plastic, cubic zirconia, "
                                    "or another gem); choose here the gem it looks like.")
        f["carat"] = _text(_("Weight (ct)"), required=True)
        f["pieces"] = forms.IntegerField(label=_("Pieces"), min_value=1, initial=1)
        for name in ("length_mm", "width_mm", "depth_mm"):
            f[name] = _text(GemSpec._meta.get_field(name).verbose_name)
        f["shape"] = _choice(_("Shape"), vocab.SHAPES, required=True)
        f["cutting_style"] = _choice(_("Cutting style"), vocab.CUTTING_STYLES)
        f["colour"] = _choice(_("Colour"), vocab.COLOURS)
        f["tone"] = forms.IntegerField(label=_("Tone (0–10)"), required=False)
        f["saturation"] = forms.IntegerField(label=_("Saturation (1–6)"), required=False)
        f["trade_colour"] = _text(_("Trade colour name"), max_length=60)
        f["clarity"] = _text(_("Clarity"), max_length=6)
        f["diamond_colour"] = _choice(_("Diamond colour"), vocab.DIAMOND_COLOURS)
        f["cut_grade"] = _choice(_("Cut grade"), vocab.DIAMOND_CUT_GRADES)
        f["treatments"] = _text(_("Treatments (AGTA codes, e.g. N or H,O)"), required=True, max_length=60)
        f["phenomena"] = _text(_("Phenomena"), max_length=120)
        f["lab"] = _choice(_("Laboratory"), vocab.LABS)
        f["certificate_number"] = _text(_("Report number"), max_length=40)
        f["kp_certificate"] = _text(_("Kimberley Process certificate (rough diamonds)"), max_length=40)
        f["size_confirmed"] = forms.BooleanField(
            label=_("I have checked: the weight and the measurements are both right"), required=False,
            help_text=_("Only needed when we question a weight that its measurements seem unable to hold."))

    def _add_jewelry_fields(self) -> None:
        f = self.fields
        f["jewelry_type"] = _choice(_("Type"), vocab.JEWELRY_TYPES, required=True)
        f["metal"] = _choice(_("Metal"), vocab.METALS, required=True)
        f["fineness"] = forms.IntegerField(label=_("Fineness (‰)"), required=False)
        f["karat"] = _choice(_("Karat"), vocab.KARATS)
        weight_help = _("Grams (5.200), or tola, masha and ratti: “2 tola”, “1 tola 3 masha”, “1-3-2”.")
        f["gross_weight_g"] = _text(_("Gross weight"), required=True, max_length=60)
        f["gross_weight_g"].help_text = weight_help
        f["net_metal_weight_g"] = _text(_("Net metal weight"), required=True, max_length=60)
        f["net_metal_weight_g"].help_text = weight_help
        f["weight_unit"] = forms.ChoiceField(label=_("Show weights in"), choices=JewelrySpec._meta.get_field(
            "weight_unit").choices, required=False)
        f["making_charge_mode"] = _choice(_("Making charge"), vocab.MAKING_CHARGE_MODES)
        f["making_charge_value"] = _text(_("Making charge value"))
        # Pricing terms of a metal-linked piece (docs/PRICING.md); blank means 0.
        # xgettext:no-python-format
        f["wastage_percent"] = _text(_("Wastage (% of net metal weight)"))
        f["stone_value"] = _text(_("Stone value (in the listing's currency)"))
        # xgettext:no-python-format
        f["margin_percent"] = _text(_("Your margin (%)"))
        f["stones"] = _text(_("Set stones"), max_length=300)
        f["stone_weight_ct"] = _text(_("Stone weight (ct)"))
        f["size"] = _text(_("Size"), max_length=30)
        f["hallmark"] = _text(_("Hallmark"), max_length=60)
        f["gender"] = forms.ChoiceField(label=_("For"), choices=JewelrySpec.Gender.choices,
                                        initial=JewelrySpec.Gender.WOMEN)

    @property
    def spec_key(self) -> str:
        return "jewelry" if self.kind == Listing.Kind.JEWELRY else "gem"

    @property
    def spec_field_names(self) -> tuple[str, ...]:
        return JEWELRY_FIELDS if self.kind == Listing.Kind.JEWELRY else GEM_FIELDS

    def listing_fields(self):
        return [self[name] for name in LISTING_FIELDS]

    def spec_fields(self):
        return [self[name] for name in self.spec_field_names]

    def service_arguments(self) -> dict:
        """The cleaned data as the services take it: listing fields plus a spec dict."""
        data = self.cleaned_data
        arguments = {name: data.get(name) for name in LISTING_FIELDS}
        arguments["origin_country"] = (arguments["origin_country"] or "").upper()
        arguments[self.spec_key] = {name: data.get(name) for name in self.spec_field_names}
        return arguments

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put a service's errors on the fields they name ("gem.carat" → carat); others above the form."""
        for key, messages in exc.message_dict.items():
            name = key.split(".", 1)[1] if key.startswith(("gem.", "jewelry.")) else key
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


def listing_initial(listing: Listing) -> dict:
    """The form's starting values for an existing listing."""
    initial = {name: getattr(listing, name) for name in LISTING_FIELDS}
    initial["origin_country"] = str(listing.origin_country or "")
    # The column keeps three places; USD allows two, so show 1250.000 as 1250.
    price = listing.price
    initial["price"] = price.quantize(Decimal(1)) if price == price.to_integral() else price.normalize()
    spec = listing.spec
    if spec is not None:
        names = JEWELRY_FIELDS if listing.kind == Listing.Kind.JEWELRY else GEM_FIELDS
        initial.update({name: getattr(spec, name) for name in names})
        if listing.kind == Listing.Kind.JEWELRY:  # as the seller weighed: "2 tola", not 23.32760760000
            for name in ("gross_weight_g", "net_metal_weight_g"):
                initial[name] = weights.written(getattr(spec, name), spec.weight_unit)
    return initial


class InvitationForm(forms.Form):
    """Invite someone to the business by email, as owner or staff (they accept from the emailed link)."""

    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=SellerMember.Role.choices, initial=SellerMember.Role.STAFF,
                             help_text=_("Staff manage listings; owners also manage the team and API keys."))

    def add_service_errors(self, exc: ValidationError) -> None:
        for key, messages in exc.message_dict.items():
            for message in messages:
                self.add_error(key if key in self.fields else None, message)


MemberAddForm = InvitationForm  # the earlier name


class ShippingRateForm(forms.Form):
    """A seller's own rate for one zone and method. Only the shape of input is checked here; the
    rules (currency, decimals, 0 ≤ price, 1 ≤ min ≤ max ≤ 90) are the shipping service's."""

    price = forms.CharField(label=_("Price per order"), max_length=20,
                            help_text=_("0 for free shipping."),
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    currency = forms.CharField(label=_("Currency"), max_length=3,
                               widget=forms.TextInput(attrs={"list": "currency-codes", "autocomplete": "off",
                                                             "size": 4}))
    days_min = forms.IntegerField(label=_("Delivery days (min)"),
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    days_max = forms.IntegerField(label=_("Delivery days (max)"),
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def add_service_error(self, field: str | None, message: str) -> None:
        self.add_error(field if field in self.fields else None, message)


def shipping_rate_initial(rate) -> dict:
    """The form's starting values from a rate (the seller's own, else the platform default)."""
    if rate is None:
        return {"currency": "USD", "days_min": 3, "days_max": 10}
    price = rate.price
    price = price.quantize(Decimal(1)) if price == price.to_integral() else price.normalize()
    return {"price": price, "currency": rate.currency, "days_min": rate.days_min, "days_max": rate.days_max}


class ListingIdsField(forms.Field):
    """Listing ids posted as repeated fields (ids=3&ids=7): whole numbers, a bounded few."""

    widget = forms.MultipleHiddenInput
    MAX = 1000  # a page shows 24; every listing of a filter is `all_matching`, not a list of ids

    def to_python(self, value) -> list[int]:
        values = value or []
        if len(values) > self.MAX:
            raise ValidationError(_("Select at most %(max)d listings one by one; select all matching the filter "
                                    "instead.") % {"max": self.MAX})
        try:
            ids = [int(item) for item in values]
        except (TypeError, ValueError):
            ids = [0]
        if any(not 0 < pk < 2**63 for pk in ids):  # beyond a BIGINT the database would fail, not answer
            raise ValidationError(_("Give listing ids as whole numbers."))
        return ids


class BulkActionForm(forms.Form):
    """The listings table's bulk action bar, and its confirmation step. Only the shape of input is
    checked here; the rules are the catalogue's bulk service's.

    The listings are the ticked rows (`ids`), every row of the page (`all_on_page`, with the page's
    ids in `page_ids`) or every listing matching the page's filter (`all_matching`, with `status`):
    plain fields, so it all works without JavaScript (which only ticks the rows for the header box).
    """

    action = forms.ChoiceField(choices=BulkJob.Action.choices)
    ids = ListingIdsField(required=False)
    page_ids = ListingIdsField(required=False)
    all_on_page = forms.BooleanField(required=False)
    all_matching = forms.BooleanField(required=False)
    status = forms.ChoiceField(choices=[("", ""), *Listing.Status.choices], required=False)
    price_mode = forms.ChoiceField(choices=[("percent", "percent"), ("fixed", "fixed")], required=False)
    percent = forms.CharField(required=False, max_length=20)
    amount = forms.CharField(required=False, max_length=30)
    currency = forms.CharField(required=False, max_length=3)
    confirm = forms.BooleanField(required=False)

    def selection(self) -> dict:
        """The chosen listings as the service takes them."""
        data = self.cleaned_data
        if data["all_matching"]:
            return {"filters": {"status": data["status"]}}
        return {"listing_ids": data["page_ids"] if data["all_on_page"] else data["ids"]}

    def price_params(self) -> dict | None:
        data = self.cleaned_data
        if data["action"] != BulkJob.Action.CHANGE_PRICE:
            return None
        return {"mode": data["price_mode"] or "percent", "percent": data["percent"], "amount": data["amount"],
                "currency": data["currency"]}

    def first_error(self) -> str:
        return next(message for messages in self.errors.values() for message in messages)


_WINDOW_MESSAGE = _("Enter the return window as a whole number of days from 0 to 90.")
WINDOW_ERRORS = {"invalid": _WINDOW_MESSAGE, "min_value": _WINDOW_MESSAGE, "max_value": _WINDOW_MESSAGE}
_REFUND_MESSAGE = _("Enter the refund time as a whole number of days from 1 to 30.")
REFUND_DAYS_ERRORS = {"required": _REFUND_MESSAGE, "invalid": _REFUND_MESSAGE, "min_value": _REFUND_MESSAGE,
                      "max_value": _REFUND_MESSAGE}


class ReturnsPolicyForm(forms.Form):
    """The business's returns policy. Only the shape of input is checked here; the rules (a window of
    1–90 days when accepting returns, known conditions, a refund within 1–30 days) are the sellers
    service's, and its errors land on the fields they name."""

    accepts_returns = forms.TypedChoiceField(
        label=_("Do you accept returns?"), coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Yes: buyers may return a piece for any reason within the window")),
                 ("no", _("No: only the marketplace's buyer protection applies (items not as described)"))],
        error_messages={"required": _("Say whether you accept returns.")})
    window_days = forms.IntegerField(
        label=_("Return window (days after delivery)"), min_value=0, max_value=90, required=False,
        help_text=_("1 to 90 days; ignored when you do not accept returns."), error_messages=WINDOW_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    conditions = forms.MultipleChoiceField(
        label=_("Conditions"), choices=SELLER_CONDITIONS, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Buyers read each condition in their own language."))
    return_shipping_paid_by = forms.ChoiceField(
        label=_("Who pays the return shipping?"), choices=ReturnShippingPayer.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Say who pays the return shipping: the buyer or the seller.")})
    refund_method = forms.ChoiceField(label=_("How is the refund made?"), choices=RefundMethod.choices,
                                      error_messages={"required": _("Choose how the refund is made.")})
    refund_days = forms.IntegerField(
        label=_("Refund within (days of receiving the return)"), min_value=1, max_value=30,
        error_messages=REFUND_DAYS_ERRORS, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    note = forms.CharField(
        label=_("A note in your own words"), required=False, max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to buyers exactly as you write it, not translated. At most 500 characters."))

    def clean_window_days(self) -> int:
        return self.cleaned_data.get("window_days") or 0

    def add_service_errors(self, exc: ValidationError) -> None:
        for key, messages in exc.message_dict.items():
            for message in messages:
                self.add_error(key if key in self.fields else None, message)


def returns_policy_initial(policy) -> dict:
    """The form's starting values: the seller's policy, else a common trade policy to adjust."""
    if policy is None:
        return {"accepts_returns": "yes", "window_days": 14, "conditions": ["unworn", "original_packaging"],
                "return_shipping_paid_by": "buyer", "refund_method": "original", "refund_days": 7}
    return {"accepts_returns": "yes" if policy.accepts_returns else "no",
            "window_days": policy.window_days or None, "conditions": list(policy.conditions),
            "return_shipping_paid_by": policy.return_shipping_paid_by, "refund_method": policy.refund_method,
            "refund_days": policy.refund_days, "note": policy.note}
