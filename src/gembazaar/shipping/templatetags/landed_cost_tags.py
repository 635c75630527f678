"""`{% listing_landed_cost listing %}`: the duty and VAT estimate with a country chooser (the
catalogue sits below shipping, so the listing page reaches it through this tag)."""

from django import template

from gembazaar.core.countries import country_name
from gembazaar.shipping import landed_selectors

register = template.Library()


@register.inclusion_tag("shipping/_landed_cost.html", takes_context=True)
def listing_landed_cost(context, listing):
    request = context["request"]
    country = (request.GET.get("to") or "").strip().upper()[:2] \
        or landed_selectors.buyer_default_country(request)
    currency = getattr(request, "display_currency", None) or listing.currency
    estimate = landed_selectors.landed_cost_for_listing(listing=listing, country=country, currency=currency) \
        if country else None
    return {"estimate": estimate, "country": country, "country_name": country_name(country) if country else "",
            "countries": landed_selectors.landed_cost_countries(),
            "mode": "listing", "request": request}


@register.inclusion_tag("shipping/_landed_cost.html")
def group_landed_cost(estimates, seller_id, country):
    """On the checkout review: one seller group's estimate (from the review context)."""
    return {"estimate": (estimates or {}).get(seller_id), "country": country,
            "country_name": country_name(country) if country else "", "mode": "checkout"}

