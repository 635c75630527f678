"""Metal rates, FX rates and the history of listing price changes. Every rate is kept: a new
rate is a new row; the latest `effective_at` wins."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import Listing

from . import units


def _fineness_fits_metal() -> Q:
    condition = Q()
    for metal, finenesses in vocab.FINENESS_BY_METAL.items():
        condition |= Q(metal=metal, fineness__in=finenesses)
    return condition


class MetalRate(models.Model):
    """The price of a metal of one fineness per unit of weight, in one currency, from a time on."""

    class Unit(models.TextChoices):
        GRAM = units.GRAM, _("per gram")
        TOLA = units.TOLA, _("per tola (11.6638038 g)")
        TEN_GRAM = units.TEN_GRAM, _("per 10 g")
        TROY_OUNCE = units.TROY_OUNCE, _("per troy ounce (31.1034768 g)")

    metal = models.CharField(_("metal"), max_length=10, choices=vocab.choices(vocab.METALS))
    fineness = models.PositiveSmallIntegerField(_("fineness (‰)"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    price = models.DecimalField(_("price per unit"), max_digits=18, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3)
    # price / grams per unit, to 10 decimals: what the engine and the SQL repricer multiply by.
    price_per_gram = models.DecimalField(_("price per gram"), max_digits=24, decimal_places=10, editable=False)
    source = models.CharField(_("source"), max_length=100)
    effective_at = models.DateTimeField(_("effective from"), default=timezone.now)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["-effective_at", "-id"]
        indexes = [models.Index(fields=["metal", "currency", "fineness", "-effective_at"],
                                name="metalrate_latest_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="metalrate_price_positive"),
            models.CheckConstraint(condition=Q(price_per_gram__gt=0), name="metalrate_per_gram_positive"),
            models.CheckConstraint(condition=_fineness_fits_metal(), name="metalrate_fineness_fits_metal"),
            models.CheckConstraint(condition=Q(unit__in=list(units.RATE_UNITS)), name="metalrate_unit_valid"),
        ]

    def __str__(self) -> str:
        return (f"{self.metal} {self.fineness} {self.price} {self.currency}/{self.unit}"
                f" @ {self.effective_at:%Y-%m-%d %H:%M}")


class FXRate(models.Model):
    """How many units of `currency` one US dollar buys, from a time on (USD is the reference)."""

    currency = models.CharField(_("currency"), max_length=3)
    per_usd = models.DecimalField(_("units per US dollar"), max_digits=20, decimal_places=8)
    source = models.CharField(_("source"), max_length=100)
    effective_at = models.DateTimeField(_("effective from"), default=timezone.now)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        ordering = ["-effective_at", "-id"]
        verbose_name = _("FX rate")
        indexes = [models.Index(fields=["currency", "-effective_at"], name="fxrate_latest_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(per_usd__gt=0), name="fxrate_positive"),
            models.CheckConstraint(condition=~Q(currency="USD") | Q(per_usd=1), name="fxrate_usd_is_one"),
        ]

    def __str__(self) -> str:
        return f"1 USD = {self.per_usd} {self.currency} @ {self.effective_at:%Y-%m-%d %H:%M}"


class ListingPriceChange(models.Model):
    """One change of a listing's price or reference price, and why (append-only)."""

    class Cause(models.TextChoices):
        METAL_RATE = "metal_rate", _("metal rate")
        FX_RATE = "fx_rate", _("FX rate")
        LISTING_EDIT = "listing_edit", _("listing edited")

    # No database FK constraints here (db_constraint=False; Django still applies on_delete): a
    # repricing appends up to a row per listing, and PostgreSQL checks each FK of each new row one
    # by one (a deferred trigger per row and FK, ~30 s a million). Rows are only written by
    # repricing, with ids it just updated. listing_id is indexed by pricechange_listing_idx.
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="price_changes",
                                db_constraint=False, db_index=False)
    currency = models.CharField(_("currency"), max_length=3)
    old_price = models.DecimalField(_("old price"), max_digits=15, decimal_places=3)
    new_price = models.DecimalField(_("new price"), max_digits=15, decimal_places=3)
    old_reference = models.DecimalField(_("old reference price (USD)"), max_digits=15, decimal_places=2)
    new_reference = models.DecimalField(_("new reference price (USD)"), max_digits=15, decimal_places=2)
    cause = models.CharField(_("cause"), max_length=12, choices=Cause.choices)
    # Not indexed either: rates are history and never deleted (the admin cannot), and two more
    # index entries per row cost a third of a million-row repricing's history insert.
    metal_rate = models.ForeignKey(MetalRate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   db_constraint=False, db_index=False)
    fx_rate = models.ForeignKey(FXRate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                db_constraint=False, db_index=False)
    at = models.DateTimeField(_("at"), default=timezone.now)
    # Who changed it: the person who edited the listing (cause listing_edit). A repricing's rows
    # leave it empty: the rate they follow names who recorded it (MetalRate/FXRate.recorded_by).
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", db_constraint=False, db_index=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["listing", "-at"], name="pricechange_listing_idx")]

    def __str__(self) -> str:
        return f"{self.listing_id}: {self.old_price} → {self.new_price} {self.currency} ({self.cause})"
