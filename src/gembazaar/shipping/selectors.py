"""Every read of shipping: the zone of a country, the options a buyer sees per seller (a seller's
own rate, else the platform default, priced in the buyer's currency), and a seller's rate table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError, NotFound
from gembazaar.core.fx_snapshot import convert, fx_rate

from .models import ShippingMethod, ShippingRate, ShippingZone


@dataclass(frozen=True)
class ShippingOption:
    method: str
    label: str
    price: Decimal          # in the buyer's currency
    currency: str
    days_min: int
    days_max: int
    zone: str
    rate_price: Decimal     # the rate as defined, in its own currency
    rate_currency: str
    fx_rate: Decimal


def zone_for_country(country: str) -> ShippingZone:
    """The zone listing `country`, else the rest-of-world zone."""
    code = (country or "").strip().upper()
    zones = list(ShippingZone.objects.all())
    for zone in zones:
        if code in zone.country_codes:
            return zone
    for zone in zones:
        if zone.is_rest_of_world:
            return zone
    raise DomainError(_("We do not ship to this country yet."), code="no_shipping_zone",
                      field="shipping_address.country")


def options_for_sellers(*, seller_ids: list[int], country: str, currency: str) -> dict[int, list[ShippingOption]]:
    """For each seller, the standard and express options to `country`, priced in `currency`."""
    zone = zone_for_country(country)
    rates = list(ShippingRate.objects.filter(zone=zone))
    defaults = {r.method: r for r in rates if r.seller_id is None}
    own = {(r.seller_id, r.method): r for r in rates if r.seller_id in set(seller_ids)}
    result: dict[int, list[ShippingOption]] = {}
    for seller_id in seller_ids:
        options = []
        for method in ShippingMethod:
            rate = own.get((seller_id, method.value)) or defaults.get(method.value)
            if rate is None:
                continue
            rate_fx = fx_rate(rate.currency, currency)
            options.append(ShippingOption(
                method=method.value, label=str(method.label), price=convert(rate.price, rate.currency, currency,
                                                                            rate=rate_fx),
                currency=currency, days_min=rate.days_min, days_max=rate.days_max, zone=zone.code,
                rate_price=rate.price, rate_currency=rate.currency, fx_rate=rate_fx))
        result[seller_id] = options
    return result


def choose_option(options: list[ShippingOption], method: str | None, *, seller_id: int) -> ShippingOption:
    method = method or ShippingMethod.STANDARD
    for option in options:
        if option.method == method:
            return option
    raise DomainError(_("Choose a shipping method this seller offers."), code="invalid_shipping_method",
                      field=f"shipping_methods.{seller_id}")


@dataclass(frozen=True)
class RateRow:
    """One zone and method as the seller centre shows it: the platform default and the seller's own."""

    zone: ShippingZone
    method: str
    method_label: str
    default: ShippingRate | None
    own: ShippingRate | None

    @property
    def effective(self) -> ShippingRate | None:
        return self.own or self.default


def shipping_zone_get(*, zone_code: str, method: str) -> ShippingZone:
    """The zone for an address like /seller/shipping/<zone>/<method>/; NotFound for an unknown one."""
    zone = ShippingZone.objects.filter(code=str(zone_code)).first()
    if zone is None or method not in ShippingMethod.values:
        raise NotFound(_("No such shipping zone or method."), field="zone" if zone is None else "method")
    return zone


def shipping_rates_for_seller(*, seller) -> list[RateRow]:
    """Every zone × method with the platform default and this seller's own rate (None when unset).

    Two queries whatever the number of zones; only this seller's rates are ever read."""
    zones = list(ShippingZone.objects.all())
    rates = ShippingRate.objects.filter(Q(seller__isnull=True) | Q(seller=seller))
    defaults, own = {}, {}
    for rate in rates:
        (defaults if rate.seller_id is None else own)[(rate.zone_id, rate.method)] = rate
    return [RateRow(zone=zone, method=method.value, method_label=str(method.label),
                    default=defaults.get((zone.pk, method.value)), own=own.get((zone.pk, method.value)))
            for zone in zones for method in ShippingMethod]


def shipping_own_rate_count(*, seller) -> int:
    """How many zone × method rates the seller has set itself (the rest use the platform default)."""
    return ShippingRate.objects.filter(seller=seller).count()


def shipping_rate_row(*, seller, zone_code: str, method: str) -> RateRow:
    """One row of `shipping_rates_for_seller`; NotFound for an unknown zone or method."""
    zone = shipping_zone_get(zone_code=zone_code, method=method)
    rates = {rate.seller_id: rate for rate in ShippingRate.objects.filter(zone=zone, method=method)
             .filter(Q(seller__isnull=True) | Q(seller=seller))}
    return RateRow(zone=zone, method=method, method_label=str(ShippingMethod(method).label),
                   default=rates.get(None), own=rates.get(seller.pk))


def seller_may_set_rates(seller) -> bool:
    """Suspended and rejected sellers keep their rates but cannot change them."""
    return seller.status not in (seller.Status.SUSPENDED, seller.Status.REJECTED)


