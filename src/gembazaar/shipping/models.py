"""Shipping zones, methods and flat rates: the platform's defaults and each seller's own.

The tables were created by the orders app (orders_shippingzone, orders_shippingrate) and kept
their names when the models moved here (migration shipping/0001 takes them over in the state
only; nothing is copied).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gembazaar.core.models import AppendOnlyModel
from gembazaar.sellers.models import Seller


class ShippingMethod(models.TextChoices):
    STANDARD = "standard", _("Standard")
    EXPRESS = "express", _("Express")


# The zones the platform ships to, read in the reader's language; a zone staff add in the admin
# under another code is shown by the name they gave it.
ZONE_LABELS = {
    "pk": _("Pakistan"),
    "gulf": _("Gulf"),
    "asia": _("Asia"),
    "europe": _("Europe"),
    "north-america": _("North America"),
    "rest-of-world": _("Rest of world"),
}


class ShippingZone(models.Model):
    """A group of destination countries sharing flat rates. The zone with no countries and
    `is_rest_of_world` catches every country no other zone lists."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=80)
    # ISO 3166-1 alpha-2 codes, comma-separated ("AE,SA,KW"). Data, editable in the admin.
    countries = models.TextField(_("countries"), blank=True)
    is_rest_of_world = models.BooleanField(_("rest of world"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        db_table = "orders_shippingzone"  # created by the orders app; the table kept its name
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["is_rest_of_world"], condition=Q(is_rest_of_world=True),
                                    name="shipping_zone_one_rest_of_world"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        label = ZONE_LABELS.get(self.code)
        return str(label) if label is not None else self.name

    @property
    def country_codes(self) -> list[str]:
        return [c.strip().upper() for c in self.countries.split(",") if c.strip()]


class ShippingRate(models.Model):
    """A flat rate per order for one zone and method. `seller` empty: the platform default,
    used for every seller that has not set its own rate for that zone and method."""

    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="rates")
    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="shipping_rates")
    method = models.CharField(_("method"), max_length=10, choices=ShippingMethod.choices)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=3)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    days_min = models.PositiveSmallIntegerField(_("days (min)"), default=3)
    days_max = models.PositiveSmallIntegerField(_("days (max)"), default=10)

    class Meta:
        db_table = "orders_shippingrate"  # created by the orders app; the table kept its name
        ordering = ["zone__position", "method"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "seller", "method"], name="shipping_rate_unique"),
            models.UniqueConstraint(fields=["zone", "method"], condition=Q(seller__isnull=True),
                                    name="shipping_rate_default_unique"),
            models.CheckConstraint(condition=Q(price__gte=0), name="shipping_rate_price_not_negative"),
            models.CheckConstraint(condition=Q(method__in=["standard", "express"]), name="shipping_rate_method_valid"),
            models.CheckConstraint(condition=Q(days_max__gte=models.F("days_min")), name="shipping_rate_days_order"),
        ]

    def __str__(self) -> str:
        who = self.seller or _("platform")
        return f"{self.zone} {self.method} ({who}): {self.price} {self.currency}"


class DutyRate(models.Model):
    """Import duty and VAT/GST for one destination country and HS prefix (the longest prefix that
    matches a line's HS code wins; "71" is the whole chapter). Data, with its source and year,
    loaded from shipping/data/duty_rates.csv and edited by council staff; no row = no estimate."""

    class Confidence(models.TextChoices):
        STATED = "stated", _("stated")
        APPROXIMATE = "approximate", _("approximate")

    class Base(models.TextChoices):
        CIF = "cif", _("goods + shipping")
        FOB = "fob", _("goods only")

    class DeMinimisScope(models.TextChoices):
        DUTY = "duty", _("duty only")
        DUTY_AND_VAT = "duty_and_vat", _("duty and VAT")

    country = models.CharField(_("country"), max_length=2)
    hs_prefix = models.CharField(_("HS prefix"), max_length=10)
    duty_percent = models.DecimalField(_("duty %"), max_digits=6, decimal_places=3)
    vat_percent = models.DecimalField(_("VAT/GST %"), max_digits=6, decimal_places=3)
    duty_base = models.CharField(_("duty base"), max_length=3, choices=Base.choices, default=Base.CIF)
    de_minimis_value = models.DecimalField(_("de minimis"), max_digits=12, decimal_places=2, null=True, blank=True)
    de_minimis_currency = models.CharField(_("de minimis currency"), max_length=3, blank=True)
    de_minimis_scope = models.CharField(_("de minimis covers"), max_length=12, blank=True,
                                        choices=DeMinimisScope.choices)
    extra_percent = models.DecimalField(_("additional tariff %"), max_digits=6, decimal_places=3, default=0)
    extra_note = models.CharField(_("additional tariff"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source URL"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    confidence = models.CharField(_("confidence"), max_length=12, choices=Confidence.choices)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["country", "hs_prefix"]
        constraints = [
            models.UniqueConstraint(fields=["country", "hs_prefix"], name="shipping_duty_rate_unique"),
            models.CheckConstraint(condition=Q(duty_percent__gte=0, vat_percent__gte=0, extra_percent__gte=0),
                                   name="shipping_duty_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.hs_prefix}"


class DutyRateChange(AppendOnlyModel):
    """One edit of a duty-rate row (or a reload from the CSV): who, when, and the fields before
    and after. Keyed by country and prefix, not a foreign key, so the history outlives the row."""

    append_only_name = "Duty rate history"

    country = models.CharField(_("country"), max_length=2)
    hs_prefix = models.CharField(_("HS prefix"), max_length=10)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    # "load" (from the shipped CSV) or "edit" (council staff).
    kind = models.CharField(_("kind"), max_length=8)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["country", "hs_prefix"], name="shipping_duty_change_row")]
