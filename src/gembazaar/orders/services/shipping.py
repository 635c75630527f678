"""Flat shipping rates per zone: a seller's own rate, else the platform default."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError, NotFound

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


# --- A seller's own rates (seller centre, seller API) ---------------------------------------

# The largest price the column holds (max_digits=12, decimal_places=3); beyond it PostgreSQL refuses.
MAX_RATE_PRICE = Decimal("999999999")
MAX_DAYS = 90


class ShippingRatesLocked(DomainError):
    """A suspended or rejected seller may not change its rates."""

    status = 403


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


def _check_may_set(seller) -> None:
    if not seller_may_set_rates(seller):
        raise ShippingRatesLocked(
            _("This seller account is %(status)s; its shipping rates cannot be changed.")
            % {"status": seller.get_status_display().lower()}, code="seller_not_active")


def _days(value, field: str) -> int:
    if isinstance(value, (bool, float)):
        raise DomainError(_("Enter a whole number of days."), code="invalid", field=field)
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError(_("Enter a whole number of days."), code="invalid", field=field) from None


def _price(price, currency: str) -> Decimal:
    from django.core.exceptions import ValidationError

    from gembazaar.core.money import validate_amount

    if isinstance(price, float):
        raise DomainError(_("Amounts must be decimals, not floating point numbers."), code="invalid", field="price")
    try:
        value = Decimal(str(price).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter a number."), code="invalid", field="price") from None
    if value.is_finite() and value == 0:
        return Decimal(0)  # free shipping is allowed
    if value.is_finite() and value < 0:
        raise DomainError(_("A shipping price cannot be negative."), code="invalid", field="price")
    try:
        amount = validate_amount(value, currency, field="price")
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], code="invalid", field=field) from None
    if amount > MAX_RATE_PRICE:
        raise DomainError(_("A shipping price cannot be above %(max)s.") % {"max": MAX_RATE_PRICE},
                          code="invalid", field="price")
    return amount


def shipping_rate_set(*, seller, zone_code: str, method: str, price, currency: str, days_min: int,
                      days_max: int) -> ShippingRate:
    """Set the seller's own flat rate for a zone and method (it then beats the platform default).

    Rules: a known zone and method; an ISO 4217 currency; a price ≥ 0 (0 is free shipping) with
    no more decimals than the currency allows; 1 ≤ days_min ≤ days_max ≤ 90; a seller that is
    not suspended or rejected. Errors name the field ("zone", "method", "price", "currency",
    "days_min", "days_max"); nothing is written unless every rule holds.
    """
    from gembazaar.core.money import is_iso_currency

    _check_may_set(seller)
    zone = ShippingZone.objects.filter(code=str(zone_code)).first()
    if zone is None:
        raise DomainError(_("Choose a shipping zone."), code="invalid", field="zone")
    if method not in ShippingMethod.values:
        raise DomainError(_("Choose standard or express."), code="invalid", field="method")
    currency = str(currency or "").strip().upper()
    if not is_iso_currency(currency):
        raise DomainError(_("“%(code)s” is not an ISO 4217 currency code.") % {"code": currency},
                          code="invalid", field="currency")
    amount = _price(price, currency)
    low, high = _days(days_min, "days_min"), _days(days_max, "days_max")
    if not 1 <= low <= MAX_DAYS:
        raise DomainError(_("Delivery days must be between 1 and 90."), code="invalid", field="days_min")
    if not 1 <= high <= MAX_DAYS:
        raise DomainError(_("Delivery days must be between 1 and 90."), code="invalid", field="days_max")
    if low > high:
        raise DomainError(_("The minimum delivery days cannot be above the maximum."),
                          code="invalid", field="days_min")
    with transaction.atomic():
        rate, _created = ShippingRate.objects.update_or_create(
            zone=zone, seller=seller, method=method,
            defaults={"price": amount, "currency": currency, "days_min": low, "days_max": high})
    return rate


def shipping_rate_clear(*, seller, zone_code: str, method: str) -> int:
    """Remove the seller's own rate: the platform default applies again. Returns how many were removed
    (0 when the seller had none). An unknown zone or method raises NotFound."""
    zone = shipping_zone_get(zone_code=zone_code, method=method)
    _check_may_set(seller)
    deleted, _rows = ShippingRate.objects.filter(seller=seller, zone=zone, method=method).delete()
    return deleted
