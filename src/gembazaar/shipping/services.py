"""Every write of shipping: a seller sets or clears its own flat rate for a zone and method."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.core.money import is_iso_currency, validate_amount

from .models import ShippingMethod, ShippingRate, ShippingZone
from .selectors import seller_may_set_rates, shipping_zone_get

# The largest price the column holds (max_digits=12, decimal_places=3); beyond it PostgreSQL refuses.
MAX_RATE_PRICE = Decimal("999999999")
MAX_DAYS = 90


class ShippingRatesLocked(DomainError):
    """A suspended or rejected seller may not change its rates."""

    status = 403


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
