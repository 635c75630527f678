"""Reads the web pages need beyond orders.selectors: the header's cart count, what the listing
page's "Add to cart" box may offer, the confirmation page's checkout, and the list filters.

Each private read is scoped by the acting user (or seller) like the selectors it sits beside.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.catalogue.models import Listing
from gembazaar.pricing.selectors import listing_price_on_request

from .models import CartLine, Checkout, Order


def cart_line_count(*, user, guest_token: str | None) -> int:
    """How many lines the cart holds (one query; none for a visitor without a cart)."""
    if user is not None and user.is_authenticated:
        return CartLine.objects.filter(cart__user=user).count()
    if guest_token:
        return CartLine.objects.filter(cart__guest_token=guest_token).count()
    return 0


@dataclass(frozen=True)
class BuyBox:
    """What the listing page offers: a quantity input within [minimum, maximum], or a reason why not."""

    can_add: bool
    reason: str
    minimum: int
    maximum: int
    fixed_quantity: bool  # a unique stone or piece: quantity 1, no input


def _price_on_request(listing: Listing) -> bool:
    return listing_price_on_request(listing)  # the pricing app's stale-rate guard


def listing_buy_box(*, listing: Listing, user) -> BuyBox:
    """The add-to-cart state for one listing and one visitor, with the reason when it is refused.

    The same rules as cart_add_line (which has the last word): active and in stock, a gemstone
    is a unique stone (quantity 1), jewelry and lots between their MOQ and their stock, not the
    buyer's own listing, not "price on request".
    """
    unique = listing.kind == Listing.Kind.GEMSTONE
    minimum = 1 if unique else max(listing.moq, 1)
    maximum = 1 if unique else listing.quantity
    fixed = unique or maximum <= 1

    def refuse(reason: str) -> BuyBox:
        return BuyBox(can_add=False, reason=reason, minimum=minimum, maximum=max(maximum, minimum),
                      fixed_quantity=fixed)

    if listing.status == Listing.Status.SOLD:
        return refuse(_("Sold: this piece has found its buyer."))
    if listing.status == Listing.Status.ARCHIVED:
        return refuse(_("No longer offered by the seller."))
    if listing.status == Listing.Status.RESERVED:
        return refuse(_("Reserved for another buyer while they pay."))
    if listing.status != Listing.Status.ACTIVE or listing.quantity < 1:
        return refuse(_("Not available."))
    if not unique and listing.quantity < minimum:
        return refuse(_("Fewer in stock than the minimum order."))
    if user is not None and user.is_authenticated and \
            user.seller_memberships.filter(seller_id=listing.seller_id).exists():
        return refuse(_("This is your own listing."))
    if _price_on_request(listing):
        return refuse(_("Price on request: ask the seller for today's price."))
    return BuyBox(can_add=True, reason="", minimum=minimum, maximum=maximum, fixed_quantity=fixed)


def checkout_get_for_buyer(*, user, reference: str) -> Checkout:
    """One of the buyer's checkouts with its orders and their lines; another's → DoesNotExist."""
    return (Checkout.objects.filter(buyer=user)
            .prefetch_related(Prefetch("orders", queryset=Order.objects.select_related("seller")
                                       .prefetch_related("lines").order_by("id")))
            .get(reference=reference))


@dataclass(frozen=True)
class OrderFilters:
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    number: str = ""


def orders_filter(orders: QuerySet[Order], *, filters: OrderFilters) -> QuerySet[Order]:
    """A scoped order queryset narrowed by placement date (inclusive, in the site's time zone)
    and by order number (or checkout reference), case-insensitive, partial."""
    if filters.date_from:
        start = timezone.make_aware(datetime.combine(filters.date_from, time.min))
        orders = orders.filter(placed_at__gte=start)
    if filters.date_to:
        end = timezone.make_aware(datetime.combine(filters.date_to + timedelta(days=1), time.min))
        orders = orders.filter(placed_at__lt=end)
    if filters.number:
        term = filters.number.strip()
        orders = orders.filter(Q(number__icontains=term) | Q(checkout__reference__icontains=term))
    return orders
