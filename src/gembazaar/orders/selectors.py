"""Reads of the orders app: the cart as the buyer sees it, and orders scoped by who is asking.

A buyer reaches only their own orders, a seller only its own, by order number; anything else
raises Order.DoesNotExist (→ 404), exactly as an unknown number does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gembazaar.catalogue.models import Listing
from gembazaar.core.fx_snapshot import convert, fx_rate
from gembazaar.core.money import format_money
from gembazaar.pricing.selectors import listing_price_on_request
from gembazaar.sellers.models import Seller
from gembazaar.shipping.selectors import ShippingOption, options_for_sellers

from .models import Cart, CartLine, Order, OrderEvent, OrderLine, StockReservation
from .rules import TRANSITIONS, can_transition


def is_signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def cart_get(*, user, guest_token: str | None) -> Cart | None:
    """The cart of a signed-in user, else of the guest token; None when there is none yet."""
    if is_signed_in(user):
        return Cart.objects.filter(user=user).first()
    if guest_token:
        return Cart.objects.filter(guest_token=guest_token).first()
    return None


@dataclass
class LineIssue:
    code: str
    message: str
    before: str = ""
    after: str = ""


@dataclass
class LineView:
    line: CartLine
    listing: Listing
    quantity: int
    listing_price: Decimal      # the effective unit price, in the listing's currency
    listing_currency: str
    unit_price: Decimal         # in the buyer's currency
    line_total: Decimal
    fx_rate: Decimal
    locked_until: datetime | None
    issues: list[LineIssue] = field(default_factory=list)

    @property
    def purchasable(self) -> bool:
        return not self.issues


@dataclass
class SellerGroup:
    seller: Seller
    lines: list[LineView]
    subtotal: Decimal


@dataclass
class CartView:
    cart: Cart
    currency: str
    groups: list[SellerGroup]
    subtotal: Decimal
    count: int

    @property
    def lines(self) -> list[LineView]:
        return [line for group in self.groups for line in group.lines]

    @property
    def has_issues(self) -> bool:
        return any(line.issues for line in self.lines)

    @property
    def can_checkout(self) -> bool:
        return bool(self.groups) and not self.has_issues


def price_on_request(listing: Listing) -> bool:
    """The pricing app's stale-rate guard: a metal-linked listing without a fresh rate cannot be bought."""
    if listing.price_mode != Listing.PriceMode.METAL_LINKED:
        return False
    return bool(listing_price_on_request(listing))


def _money(amount: Decimal, currency: str) -> str:
    return format_money(amount, currency, translation.get_language() or "en")


def line_issues(line: CartLine, *, effective_price: Decimal, lock_expired: bool) -> list[LineIssue]:
    """What changed since the buyer last looked, and what stops the line being bought."""
    listing = line.listing
    if listing.status == Listing.Status.SOLD or (listing.status == Listing.Status.ACTIVE and listing.quantity < 1):
        return [LineIssue("sold", _("“%(title)s” has been sold.") % {"title": listing.title})]
    if listing.status == Listing.Status.ARCHIVED:
        return [LineIssue("archived", _("“%(title)s” was withdrawn by the seller.") % {"title": listing.title})]
    if listing.status != Listing.Status.ACTIVE or listing.seller.status != Seller.Status.VERIFIED:
        return [LineIssue("unavailable", _("“%(title)s” is not available at the moment.") % {"title": listing.title})]
    issues = []
    if price_on_request(listing):
        issues.append(LineIssue("price_on_request", _(
            "Today's metal rate for “%(title)s” is not published yet: its price is on request and it "
            "cannot be bought now.") % {"title": listing.title}))
    if effective_price != line.seen_price or listing.currency != line.seen_currency:
        before, after = _money(line.seen_price, line.seen_currency), _money(effective_price, listing.currency)
        if lock_expired:
            message = _("The price lock on “%(title)s” ended; its price is now %(after)s (was %(before)s).")
        else:
            message = _("The price of “%(title)s” changed from %(before)s to %(after)s.")
        issues.append(LineIssue("repriced", message % {"title": listing.title, "before": before, "after": after},
                                before=before, after=after))
    if listing.kind != Listing.Kind.GEMSTONE:
        if line.quantity > listing.quantity:
            issues.append(LineIssue("insufficient_stock", _("Only %(stock)d of “%(title)s” left.")
                                    % {"stock": listing.quantity, "title": listing.title},
                                    before=str(line.quantity), after=str(listing.quantity)))
        elif line.quantity < listing.moq:
            issues.append(LineIssue("below_moq", _("The minimum order for “%(title)s” is now %(moq)d.")
                                    % {"title": listing.title, "moq": listing.moq},
                                    before=str(line.quantity), after=str(listing.moq)))
    return issues


def cart_lines(cart: Cart) -> list[CartLine]:
    return list(CartLine.objects.filter(cart=cart)
                .select_related("listing", "listing__pricing", "listing__seller", "listing__gem", "listing__jewelry")
                .order_by("listing__seller_id", "added_at", "id"))


def build_cart_view(cart: Cart, *, currency: str, now: datetime | None = None) -> CartView:
    """The cart priced in `currency`, lines grouped by seller, each with what changed."""
    now = now or timezone.now()
    groups: dict[int, SellerGroup] = {}
    rates: dict[str, Decimal] = {}
    count = 0
    for line in cart_lines(cart):
        listing = line.listing
        locked = line.locked_price is not None and line.locked_until is not None and line.locked_until > now
        lock_expired = line.locked_price is not None and not locked
        effective = line.locked_price if locked else listing.price
        if listing.currency not in rates:
            rates[listing.currency] = fx_rate(listing.currency, currency)
        rate = rates[listing.currency]
        unit = convert(effective, listing.currency, currency, rate=rate)
        view = LineView(line=line, listing=listing, quantity=line.quantity, listing_price=effective,
                        listing_currency=listing.currency, unit_price=unit, line_total=unit * line.quantity,
                        fx_rate=rate, locked_until=line.locked_until if locked else None,
                        issues=line_issues(line, effective_price=effective, lock_expired=lock_expired))
        group = groups.setdefault(listing.seller_id, SellerGroup(seller=listing.seller, lines=[],
                                                                  subtotal=Decimal(0)))
        group.lines.append(view)
        if view.purchasable:
            group.subtotal += view.line_total
        count += line.quantity
    ordered = list(groups.values())
    return CartView(cart=cart, currency=currency, groups=ordered,
                    subtotal=sum((g.subtotal for g in ordered), Decimal(0)), count=count)


def cart_view(*, user, guest_token: str | None, currency: str) -> CartView | None:
    """The buyer's cart priced in `currency` (None when they have no cart)."""
    cart = cart_get(user=user, guest_token=guest_token)
    return build_cart_view(cart, currency=currency) if cart is not None else None


def cart_count(*, user, guest_token: str | None) -> int:
    """How many items are in the cart (for the navigation badge): one cheap query."""
    cart = cart_get(user=user, guest_token=guest_token)
    if cart is None:
        return 0
    return sum(CartLine.objects.filter(cart=cart).values_list("quantity", flat=True))


# --- Orders ---------------------------------------------------------------------------------


def _with_detail(queryset: QuerySet[Order]) -> QuerySet[Order]:
    return queryset.select_related("checkout", "seller", "buyer").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.order_by("id")),
        Prefetch("events", queryset=OrderEvent.objects.order_by("at", "id")),
    )


def orders_for_buyer(*, user) -> QuerySet[Order]:
    """The buyer's orders, newest first."""
    return Order.objects.filter(buyer=user).select_related("seller", "checkout").order_by("-placed_at", "-id")


def order_get_for_buyer(*, user, number: str) -> Order:
    """One of the buyer's orders; another buyer's number raises Order.DoesNotExist."""
    return _with_detail(Order.objects.filter(buyer=user)).get(number=number)


def orders_for_seller(*, seller: Seller, status: str | None = None) -> QuerySet[Order]:
    """The seller's orders, newest first, optionally in one status."""
    queryset = Order.objects.filter(seller=seller).select_related("seller", "buyer", "checkout") \
        .order_by("-placed_at", "-id")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def order_get_for_seller(*, seller: Seller, number: str) -> Order:
    """One of the seller's orders; another seller's number raises Order.DoesNotExist."""
    return _with_detail(Order.objects.filter(seller=seller)).get(number=number)


def orders_for_staff(*, status: str | None = None) -> QuerySet[Order]:
    queryset = Order.objects.select_related("buyer", "seller", "checkout").order_by("-placed_at", "-id")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def order_get_for_staff(*, number: str) -> Order:
    return _with_detail(Order.objects.all()).get(number=number)


def allowed_actions(*, order: Order, role: str) -> list[str]:
    """The statuses `role` may move the order to now (for buttons)."""
    return [to for (frm, to) in TRANSITIONS if frm == order.status
            and can_transition(from_status=frm, to_status=to, role=role)]


def awaiting_return(*, order: Order) -> bool:
    """A refunded order whose pieces the seller has not yet confirmed back (their stock still held)."""
    return order.status == Order.Status.REFUNDED and StockReservation.objects.filter(
        order_line__order=order, released_at__isnull=True).exists()


def shipping_options(*, user, country: str, currency: str) -> dict[int, list[ShippingOption]]:
    """Per seller in the user's cart, the shipping options to `country` in `currency`."""
    seller_ids = sorted(set(CartLine.objects.filter(cart__user=user).values_list("listing__seller_id", flat=True)))
    return options_for_sellers(seller_ids=seller_ids, country=country, currency=currency)
