"""Money: Decimal amounts that always travel with an ISO 4217 currency. Never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, get_currency_precision
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from moneyed import CURRENCIES, Money

__all__ = ["Money", "currency_choices", "format_money", "minor_units", "quantize", "validate_amount"]


def is_iso_currency(code: str) -> bool:
    return code in CURRENCIES and code not in {"XXX", "XTS"}


def currency_choices() -> list[tuple[str, str]]:
    return sorted((code, f"{code} — {c.name}") for code, c in CURRENCIES.items() if is_iso_currency(code))


def minor_units(currency: str) -> int:
    """Digits after the decimal point for a currency: PKR 2, JPY 0, KWD 3."""
    return get_currency_precision(currency)


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round to the currency's minor unit, half up as shops and banks do."""
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)


def validate_amount(amount: object, currency: str, *, field: str = "price") -> Decimal:
    """A positive Decimal with no more decimals than the currency allows, or ValidationError."""
    if isinstance(amount, float):
        raise ValidationError({field: _("Amounts must be decimals, not floating point numbers.")})
    if not is_iso_currency(currency or ""):
        raise ValidationError({"currency": _("“%(code)s” is not an ISO 4217 currency code.") % {"code": currency}})
    if isinstance(amount, str) and any(letter in amount for letter in "eE"):
        # "1E+2" is a number to Python, not to a person typing an amount (nor Excel's rounded 1.2E+11).
        raise ValidationError({field: _("Enter a number.")})
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({field: _("Must be greater than zero.")})
    if -value.as_tuple().exponent > minor_units(currency):
        raise ValidationError(
            {field: _("%(currency)s allows at most %(digits)d decimal places.")
             % {"currency": currency, "digits": minor_units(currency)}}
        )
    return value


# CLDR puts a space between a letter currency symbol and the digits ("PKR 1,000"); Babel doesn't.
_LETTER_SYMBOL = re.compile(r"^([^\d\s]*[A-Za-z])(?=\d)")


def babel_locale(language: str) -> str:
    """Django's language code as Babel spells it: "zh-hans" → "zh_Hans"."""
    code = (language or "en").replace("-", "_")
    return "zh_Hans" if code.lower() == "zh_hans" else code


# Rupee prices are written "Rs 1,234,567" in Pakistan, in English as in Urdu; CLDR's plain
# English says "PKR" and only its Pakistani locales "Rs". Paisa are out of use: whole rupees show
# no ".00" (amounts with paisa keep them, so parts still add up to the total on screen).
_REGIONAL_LOCALE = {("PKR", "en"): "en_PK", ("PKR", "ur"): "ur_PK"}
_WHOLE_UNITS_SHOWN_BARE = {"PKR"}


def format_money(amount: Decimal, currency: str, locale: str = "en") -> str:
    """Locale-aware display: Rs 1,234,567 · $1,234.56 · ¥8,900 · 1,234.50 د.إ."""
    value = quantize(amount, currency)
    try:
        babel = Locale.parse(_REGIONAL_LOCALE.get((currency, babel_locale(locale)), babel_locale(locale)))
    except (ValueError, LookupError, UnknownLocaleError):
        babel = Locale.parse("en")
    options = {}
    if currency in _WHOLE_UNITS_SHOWN_BARE and value == value.to_integral_value():
        # The locale's own pattern (symbol side, bidi marks) without its fraction digits.
        pattern = babel.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
        options = {"format": pattern, "currency_digits": False}
    text = format_currency(value, currency, locale=babel, **options)
    return _LETTER_SYMBOL.sub("\\1\u00a0", text)
