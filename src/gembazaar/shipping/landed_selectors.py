"""Reads for showing landed cost: the listing page's estimate, the checkout review's per seller
group, the countries the table covers, and a buyer's default destination."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from gembazaar.core.countries import country_name
from gembazaar.core.errors import DomainError

from . import duty_table, landed_cost, selectors
from .models import DutyRate, DutyRateChange

# The session key orders' checkout keeps its draft under (its shipping address is the buyer's
# latest destination); read by name, since shipping sits below orders.
CHECKOUT_DRAFT_KEY = "orders_checkout_draft"


@cache
def _table_countries() -> frozenset[str]:
    # The shipped table's countries: rows are added only by loading a CSV (the console and the
    # admin edit existing rows), and the listing page must not pay a query for its chooser.
    return frozenset(row["country"] for row in duty_table.read_rows())


def landed_cost_countries() -> list[tuple[str, str]]:
    """(code, name in the reader's language) for every country the shipped table covers."""
    return sorted(((code, str(country_name(code))) for code in _table_countries()), key=lambda pair: pair[1])


def buyer_default_country(request) -> str:
    """The country of the address last entered at checkout, else the signed-in buyer's account
    country, else ""."""
    if not getattr(request.user, "is_authenticated", False):
        return ""
    draft = request.session.get(CHECKOUT_DRAFT_KEY) or {}
    address = draft.get("shipping_address") if isinstance(draft, dict) else None
    country = address.get("country") if isinstance(address, dict) else None
    return str(country or request.user.country or "")


def duty_rates_list(*, country: str = ""):
    """The table, optionally for one country."""
    rates = DutyRate.objects.all()
    return rates.filter(country=country) if country else rates


def duty_rate_countries() -> list[str]:
    return sorted(set(DutyRate.objects.values_list("country", flat=True)))


def duty_rate_history(*, limit: int = 100) -> list[DutyRateChange]:
    return list(DutyRateChange.objects.select_related("changed_by")[:limit])


def cheapest_shipping(*, seller_id: int, country: str, currency: str) -> Decimal:
    try:
        options = selectors.options_for_sellers(seller_ids=[seller_id], country=country, currency=currency)
    except DomainError:  # no zone for that country: duty on the goods alone
        return Decimal(0)
    prices = [option.price for option in options.get(seller_id, [])]
    return min(prices) if prices else Decimal(0)


def landed_cost_for_listing(*, listing, country: str, currency: str) -> landed_cost.LandedCost | None:
    """The estimate for one unit of a listing shipped by its seller's cheapest option; None when
    the listing has no price (price on request) or the country is not a country code."""
    if listing.price is None:
        return None
    try:
        country = landed_cost.clean_country(country)
        shipping = cheapest_shipping(seller_id=listing.seller_id, country=country, currency=currency)
        return landed_cost.estimate(country=country, lines=[(listing.hs_code, listing.price, listing.currency)],
                                    shipping=shipping, currency=currency)
    except DomainError:
        return None


def landed_cost_for_groups(*, groups, country: str, currency: str) -> dict[int, landed_cost.LandedCost]:
    """Per seller id, the estimate for a checkout quote's group (its lines and chosen shipping)."""
    result = {}
    for group in groups:
        lines = [(line.listing.hs_code, line.line_total, currency) for line in group.lines]
        try:
            result[group.seller.pk] = landed_cost.estimate(country=country, lines=lines,
                                                           shipping=group.shipping_cost, currency=currency)
        except DomainError:
            continue
    return result
