"""Which ways to pay a checkout offers, by the buyer's country, the currency and the amount.

Pure rules over settings and the payment (no writes): the payment page lists them, the API
returns them, and services.payment_method_choose refuses anything not offered.

- Card: the council's Pakistani gateway for a delivery in Pakistan, its entity abroad (Stripe)
  elsewhere (settings.PAYMENTS_CARD_PROVIDER_*); only when that provider has an API key, the
  currency is one it charges, and the checkout is at most PAYMENTS_CARD_MAX_USD — a large stone is
  paid by bank transfer, as the trade does.
- Bank transfer: always. Buyers in Pakistan paying rupees are shown Raast; everyone else SWIFT.
- Cash on delivery: a delivery in Pakistan, charged in rupees, up to PAYMENTS_COD_LIMIT_PKR.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gembazaar.core import fx
from gembazaar.core.errors import DomainError

from .models import Payment, Provider

PAKISTAN = "PK"
CARD, BANK_TRANSFER, CASH_ON_DELIVERY = "card", "bank_transfer", "cash_on_delivery"
# What each card provider charges in (Safepay: rupees and dollars; Stripe: all we display).
CARD_CURRENCIES = {Provider.SAFEPAY: frozenset({"PKR", "USD"}), Provider.STRIPE: None}
CARD_KEYS = {Provider.SAFEPAY: "SAFEPAY_API_KEY", Provider.STRIPE: "STRIPE_SECRET_KEY"}


@dataclass(frozen=True)
class MethodOption:
    method: str  # card, bank_transfer, cash_on_delivery
    provider: str  # the Provider code that takes the money
    available: bool
    # Why it is not offered, in the reader's language (empty when it is).
    reason: str = ""
    # For a bank transfer: "raast" for buyers in Pakistan paying rupees, else "swift".
    rail: str = ""

    @property
    def label(self) -> str:
        return str(METHOD_LABELS[self.method])


METHOD_LABELS = {
    CARD: _("Card (Visa, Mastercard)"),
    BANK_TRANSFER: _("Bank transfer"),
    CASH_ON_DELIVERY: _("Cash on delivery"),
}


METHOD_OF_PROVIDER = {Provider.SAFEPAY: CARD, Provider.STRIPE: CARD, Provider.BANK_TRANSFER: BANK_TRANSFER,
                      Provider.CASH_ON_DELIVERY: CASH_ON_DELIVERY}


def destination_country(payment: Payment) -> str:
    return str((payment.checkout.shipping_address or {}).get("country") or "").upper()


def _card(payment: Payment, country: str) -> MethodOption:
    provider = settings.PAYMENTS_CARD_PROVIDER_PAKISTAN if country == PAKISTAN else \
        settings.PAYMENTS_CARD_PROVIDER_ABROAD
    if provider not in CARD_KEYS or not getattr(settings, CARD_KEYS[provider], ""):
        return MethodOption(CARD, provider, False, str(_("Card payments are not available yet.")))
    currencies = CARD_CURRENCIES[provider]
    if currencies is not None and payment.currency not in currencies:
        return MethodOption(CARD, provider, False, str(
            _("Cards are charged in %(currencies)s here; choose one of them as your currency to pay by card.")
            % {"currencies": ", ".join(sorted(currencies))}))
    if fx.to_reference(payment.amount_due, payment.currency) > Decimal(settings.PAYMENTS_CARD_MAX_USD):
        return MethodOption(CARD, provider, False, str(
            _("Cards are accepted up to %(limit)s USD a checkout; pay larger amounts by bank transfer.")
            % {"limit": f"{settings.PAYMENTS_CARD_MAX_USD:,}"}))
    return MethodOption(CARD, provider, True)


def _cash_on_delivery(payment: Payment, country: str) -> MethodOption:
    if country != PAKISTAN or payment.currency != "PKR":
        return MethodOption(CASH_ON_DELIVERY, Provider.CASH_ON_DELIVERY, False,
                            str(_("Cash on delivery is for deliveries in Pakistan paid in rupees.")))
    if payment.amount_due > Decimal(settings.PAYMENTS_COD_LIMIT_PKR):
        return MethodOption(CASH_ON_DELIVERY, Provider.CASH_ON_DELIVERY, False, str(
            _("Cash on delivery is accepted up to %(limit)s PKR.") % {"limit": f"{settings.PAYMENTS_COD_LIMIT_PKR:,}"}))
    return MethodOption(CASH_ON_DELIVERY, Provider.CASH_ON_DELIVERY, True)


def bank_rail(payment: Payment) -> str:
    """raast for a buyer in Pakistan paying rupees (instant, from any Pakistani bank), else swift."""
    return "raast" if destination_country(payment) == PAKISTAN and payment.currency == "PKR" else "swift"


def payment_methods(*, payment: Payment) -> list[MethodOption]:
    """Every way to pay, offered or not (with the reason), card first."""
    country = destination_country(payment)
    return [_card(payment, country), MethodOption(BANK_TRANSFER, Provider.BANK_TRANSFER, True, rail=bank_rail(payment)),
            _cash_on_delivery(payment, country)]


def method_offered(*, payment: Payment, method: str) -> MethodOption:
    """The offered option for `method`, or DomainError naming the field `method`."""
    for option in payment_methods(payment=payment):
        if option.method == method:
            if not option.available:
                raise DomainError(option.reason, code="method_not_offered", field="method")
            return option
    raise DomainError(_("Choose card, bank transfer or cash on delivery."), code="unknown_method", field="method")
