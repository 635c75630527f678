"""What a bulk action does to one listing, and the checks of its parameters.

Each action is the single action's service (services.py), so a listing changed in bulk obeys
exactly the rules it obeys alone; its DomainError is the reason the listing is skipped. On top,
a bulk action skips, with a reason, what it would not change anyway (a draft asked to become a
draft), so the summary counts only real changes.

A price change ("change_price") is a percentage (`-10`: ten percent off) or a fixed new amount
in one currency. It goes through `listing_update`, the seller's own price edit: the same price
rules (positive, no more decimals than the currency has), the reference price recomputed, the
change kept in the price history with who made it. Decisions, with the reason for each:
- a percentage is applied in Decimal and rounded half up to the listing currency's minor unit
  (PKR and USD 2 decimals, JPY none, KWD 3); a result of zero or less is refused per listing;
- a fixed amount is in one currency: listings priced in another are skipped (1,200 means
  something else in rupees and in dollars) and no exchange rate is applied behind the seller's back;
- jewelry priced from the day's metal rate (price mode `metal_linked`) is skipped: its price is
  the engine's (metal + making + wastage + stones + margin) and the next rate would overwrite
  any price set here; the seller changes its making charge or margin instead;
- sold and archived listings keep their price, as the metal-rate repricing leaves them
  (catalogue.models.REPRICED_STATUSES): their price is history.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.core.money import is_iso_currency, quantize, validate_amount

from .. import services
from ..models import REPRICED_STATUSES, BulkJob, Listing, ListingPrice

Action = BulkJob.Action
PRICE_MODES = ("percent", "fixed")
MAX_PERCENT_UP = Decimal(1000)  # a price may at most eleven-fold in one go: a typo's ceiling


class Skip(Exception):
    """A listing the action leaves as it is, and why (`code` for machines, `message` for people)."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class PriceChange:
    mode: str  # percent | fixed
    percent: Decimal | None = None
    amount: Decimal | None = None
    currency: str = ""


def action_clean(action: str) -> str:
    if action not in Action.values:
        raise DomainError(_("Choose one of: %(allowed)s.") % {"allowed": ", ".join(Action.values)},
                          code="invalid", field="action")
    return action


def _percent_clean(raw) -> Decimal:
    percent = None
    if raw is not None and not isinstance(raw, float):  # a float is never money, nor a change of it
        with suppress(InvalidOperation):
            percent = Decimal(str(raw).strip())
    if percent is None or not percent.is_finite():
        raise DomainError(_("Enter the change in percent as a number, such as -10 or 5."), field="price.percent")
    if percent.as_tuple().exponent < -2:
        raise DomainError(_("Give the change in percent with at most 2 decimals."), field="price.percent")
    if percent == 0:
        raise DomainError(_("Enter a change other than zero."), field="price.percent")
    if percent <= -100 or percent > MAX_PERCENT_UP:
        raise DomainError(_("A price can go down by less than 100 percent and up by at most %(max)s percent.")
                          % {"max": MAX_PERCENT_UP}, field="price.percent")
    return percent


def _amount_clean(raw, currency: str) -> Decimal:
    if raw is None or str(raw).strip() == "":
        raise DomainError(_("Enter the new price."), field="price.amount")
    try:
        amount = validate_amount(raw if isinstance(raw, float) else str(raw).strip(), currency, field="price.amount")
        ListingPrice._meta.get_field("price").run_validators(amount)  # fits the price column
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items())) if hasattr(exc, "error_dict") else ("", exc.messages)
        raise DomainError(messages[0], field="price.currency" if field == "currency" else "price.amount") from None
    return amount


def params_clean(*, action: str, params: dict | None) -> dict:
    """The action's parameters, checked, as the job stores them (decimal strings); DomainError
    naming the parameter ("price.percent") otherwise. Only change_price takes any."""
    if action != Action.CHANGE_PRICE:
        return {}
    params = params or {}
    mode = params.get("mode")
    if mode not in PRICE_MODES:
        raise DomainError(_("Choose percent or fixed."), field="price.mode")
    if mode == "percent":
        return {"mode": mode, "percent": format(_percent_clean(params.get("percent")), "f")}
    currency = str(params.get("currency") or "").strip().upper()
    if not currency:
        raise DomainError(_("Choose the currency of the new price."), field="price.currency")
    if not is_iso_currency(currency):
        raise DomainError(_("“%(code)s” is not an ISO 4217 currency code.") % {"code": currency[:10]},
                          field="price.currency")
    amount = _amount_clean(params.get("amount"), currency)
    return {"mode": mode, "amount": format(amount, "f"), "currency": currency}


def price_change_of(params: dict) -> PriceChange:
    """The stored (already checked) parameters of a change_price job."""
    if params["mode"] == "percent":
        return PriceChange(mode="percent", percent=Decimal(params["percent"]))
    return PriceChange(mode="fixed", amount=Decimal(params["amount"]), currency=params["currency"])


def new_price(*, listing: Listing, change: PriceChange) -> Decimal:
    """The listing's price after the change, rounded to its currency's minor unit; Skip when the
    listing keeps its price (see the module's docstring for each reason)."""
    if listing.status not in REPRICED_STATUSES:
        raise Skip(_("A sold or archived listing keeps its price."), code="not_repriced")
    if listing.price_mode == Listing.PriceMode.METAL_LINKED:
        raise Skip(_("Priced from the day's metal rate: change its making charge or margin instead."),
                   code="metal_linked")
    if change.mode == "fixed":
        if listing.currency != change.currency:
            raise Skip(_("Priced in %(currency)s, not %(wanted)s.")
                       % {"currency": listing.currency, "wanted": change.currency}, code="other_currency")
        price = change.amount
    else:
        price = quantize(listing.price * (Decimal(100) + change.percent) / Decimal(100), listing.currency)
    if price <= 0:
        raise Skip(_("The new price would be zero or less."), code="price_not_positive")
    if price == listing.price:
        raise Skip(_("The price stays the same after rounding.") if change.mode == "percent"
                   else _("Already at this price."), code="unchanged")
    return price


def apply_one(*, listing: Listing, action: str, change: PriceChange | None, actor) -> None:
    """Do `action` to one listing with the single action's service. Raises Skip (left as it is,
    and why), or the service's DomainError or ValidationError (its rule refused the change)."""
    if action == Action.PUBLISH:
        if listing.status == Listing.Status.ACTIVE:
            raise Skip(_("Already on sale."), code="unchanged")
        services.listing_publish(listing=listing)
    elif action == Action.UNPUBLISH:
        if listing.status == Listing.Status.DRAFT:
            raise Skip(_("Already a draft."), code="unchanged")
        services.listing_unpublish(listing=listing)
    elif action == Action.ARCHIVE:
        if listing.status == Listing.Status.ARCHIVED:
            raise Skip(_("Already archived."), code="unchanged")
        services.listing_archive(listing=listing)
    elif action == Action.CHANGE_PRICE:
        services.listing_update(listing=listing, price=new_price(listing=listing, change=change), actor=actor)
    else:  # params_clean and the model's check constraint keep this from happening
        raise ValueError(action)


def reason_of(exc: Exception) -> tuple[str, str]:
    """(code, message) of why a listing was left as it was."""
    if isinstance(exc, Skip | DomainError):
        return exc.code, exc.message
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            parts = [message if field == "__all__" else f"{field}: {message}"
                     for field, messages in exc.message_dict.items() for message in messages]
        else:
            parts = exc.messages
        return "invalid", " ".join(parts)
    raise TypeError(exc)
