"""Flat shipping rates per zone: a seller's own rate, else the platform default."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError

from ..models import ShippingMethod, ShippingRate, ShippingZone
from .fx import convert, fx_rate


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


def shipping_options(*, user, country: str, currency: str) -> dict[int, list[ShippingOption]]:
    """Per seller in the user's cart, the shipping options to `country` in `currency`."""
    from ..models import CartLine

    seller_ids = sorted(set(CartLine.objects.filter(cart__user=user).values_list("listing__seller_id", flat=True)))
    return options_for_sellers(seller_ids=seller_ids, country=country, currency=currency)


def choose_option(options: list[ShippingOption], method: str | None, *, seller_id: int) -> ShippingOption:
    method = method or ShippingMethod.STANDARD
    for option in options:
        if option.method == method:
            return option
    raise DomainError(_("Choose a shipping method this seller offers."), code="invalid_shipping_method",
                      field=f"shipping_methods.{seller_id}")


def shipping_rate_set(*, seller, zone_code: str, method: str, price, currency: str, days_min: int,
                      days_max: int) -> ShippingRate:
    """Set the seller's own flat rate for a zone and method (it then beats the platform default).

    Rules: a known zone and method; a price ≥ 0 with no more decimals than the currency allows;
    1 ≤ days_min ≤ days_max ≤ 90. Errors name the field.
    """
    from django.core.exceptions import ValidationError

    from gembazaar.core.money import validate_amount

    zone = ShippingZone.objects.filter(code=zone_code).first()
    if zone is None:
        raise DomainError(_("Choose a shipping zone."), code="invalid", field="zone")
    if method not in ShippingMethod.values:
        raise DomainError(_("Choose standard or express."), code="invalid", field="method")
    try:
        is_free = not isinstance(price, float) and Decimal(str(price).strip()) == 0
    except InvalidOperation:
        raise DomainError(_("Enter a number."), code="invalid", field="price") from None
    if is_free:
        amount = Decimal(0)
    else:
        try:
            amount = validate_amount(price, currency, field="price")
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise DomainError(messages[0], code="invalid", field=field) from None
    if not (1 <= int(days_min) <= int(days_max) <= 90):
        raise DomainError(_("Delivery days must be between 1 and 90, the minimum not above the maximum."),
                          code="invalid", field="days_min")
    rate, _created = ShippingRate.objects.update_or_create(
        zone=zone, seller=seller, method=method,
        defaults={"price": amount, "currency": currency, "days_min": int(days_min), "days_max": int(days_max)})
    return rate


def shipping_rate_clear(*, seller, zone_code: str, method: str) -> int:
    """Remove the seller's own rate: the platform default applies again. Returns how many were removed."""
    deleted, _rows = ShippingRate.objects.filter(seller=seller, zone__code=zone_code, method=method).delete()
    return deleted
