"""The cart: adding, changing and removing lines, the guest cart and its merge at login.

Quantity rules: a gemstone is a unique stone (quantity 1); jewelry and lots need at least the
listing's MOQ and at most its stock. Only public, active listings can be added, and never a
listing of a seller the buyer is a member of.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.catalogue.models import Listing
from gembazaar.core.errors import DomainError, NotFound

from ..models import Cart, CartLine
from ..selectors import cart_get, is_signed_in

GUEST_TOKEN_SESSION_KEY = "orders_guest_token"  # noqa: S105 (a session key name, not a secret)


def guest_token_for_session(session, *, create: bool = False) -> str | None:
    """The guest cart token kept in the session; with `create`, a new one when there is none."""
    token = session.get(GUEST_TOKEN_SESSION_KEY)
    if not token and create:
        token = secrets.token_urlsafe(24)
        session[GUEST_TOKEN_SESSION_KEY] = token
    return token


def cart_get_or_create(*, user, guest_token: str | None) -> Cart:
    cart = cart_get(user=user, guest_token=guest_token)
    if cart is not None:
        return cart
    if not is_signed_in(user) and not guest_token:
        raise DomainError(_("Your browser session has no cart yet. Enable cookies and try again."),
                          code="no_cart", field=None)
    values = {"user": user} if is_signed_in(user) else {"guest_token": guest_token}
    try:
        with transaction.atomic():
            return Cart.objects.create(**values)
    except IntegrityError:  # created by a parallel request
        return Cart.objects.get(**values)


def check_quantity(*, listing: Listing, quantity: int) -> None:
    """Raise DomainError (field "quantity") when `quantity` breaks the listing's rules."""
    if quantity < 1:
        raise DomainError(_("Quantity must be at least 1."), code="invalid_quantity", field="quantity")
    if listing.kind == Listing.Kind.GEMSTONE:
        if quantity != 1:
            raise DomainError(_("This is a unique stone: the quantity is 1."), code="quantity_unique",
                              field="quantity")
        return
    if quantity < listing.moq:
        raise DomainError(_("The minimum order for this listing is %(moq)d.") % {"moq": listing.moq},
                          code="below_moq", field="quantity")
    if quantity > listing.quantity:
        raise DomainError(_("Only %(stock)d in stock.") % {"stock": listing.quantity},
                          code="insufficient_stock", field="quantity")


def _buyable_listing(*, user, listing_id: int) -> Listing:
    listing = Listing.objects.public().select_related("seller").filter(pk=listing_id).first()
    if listing is None:
        raise DomainError(_("This listing is not available."), code="unavailable", field="listing_id")
    if listing.status != Listing.Status.ACTIVE or listing.quantity < 1:
        raise DomainError(_("“%(title)s” is no longer available.") % {"title": listing.title},
                          code="unavailable", field="listing_id")
    if is_signed_in(user) and listing.seller.members.filter(user=user).exists():
        raise DomainError(_("You cannot buy your own business's listing."), code="own_listing",
                          field="listing_id")
    return listing


def _touch(cart: Cart) -> None:
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())


def cart_add_line(*, user, guest_token: str | None, listing_id: int, quantity: int = 1) -> CartLine:
    """Add a listing to the cart, or raise the quantity of its line (checked against the rules)."""
    listing = _buyable_listing(user=user, listing_id=listing_id)
    cart = cart_get_or_create(user=user, guest_token=guest_token)
    try:
        return _add_or_increase(cart=cart, listing=listing, quantity=quantity)
    except IntegrityError:  # a parallel request created the line first: add to it
        return _add_or_increase(cart=cart, listing=listing, quantity=quantity)


def _add_or_increase(*, cart: Cart, listing: Listing, quantity: int) -> CartLine:
    with transaction.atomic():
        line = CartLine.objects.select_for_update().filter(cart=cart, listing=listing).first()
        if line is not None:
            new_quantity = 1 if listing.kind == Listing.Kind.GEMSTONE else line.quantity + quantity
            check_quantity(listing=listing, quantity=new_quantity)
            line.quantity = new_quantity
            line.save(update_fields=["quantity"])
        else:
            check_quantity(listing=listing, quantity=quantity)
            line = CartLine.objects.create(cart=cart, listing=listing, quantity=quantity,
                                           seen_price=listing.price, seen_currency=listing.currency)
        _touch(cart)
    return line


def _own_line(*, user, guest_token: str | None, line_id: int) -> CartLine:
    cart = cart_get(user=user, guest_token=guest_token)
    line = (CartLine.objects.select_related("listing", "listing__pricing").filter(cart=cart, pk=line_id).first()
            if cart is not None else None)
    if line is None:
        raise NotFound(_("This cart line does not exist."), field="line_id")
    return line


def cart_update_line(*, user, guest_token: str | None, line_id: int, quantity: int) -> CartLine | None:
    """Set a line's quantity (0 removes it and returns None). Another cart's line → NotFound."""
    line = _own_line(user=user, guest_token=guest_token, line_id=line_id)
    if quantity == 0:
        line.delete()
        return None
    check_quantity(listing=line.listing, quantity=quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    _touch(line.cart)
    return line


def cart_remove_line(*, user, guest_token: str | None, line_id: int) -> None:
    """Remove a line from the cart. Another cart's line → NotFound."""
    _own_line(user=user, guest_token=guest_token, line_id=line_id).delete()


def cart_acknowledge(*, user, guest_token: str | None) -> None:
    """The buyer has seen what changed: lines of listings gone for good are removed, the
    others now show the current price (an expired price lock is dropped)."""
    cart = cart_get(user=user, guest_token=guest_token)
    if cart is None:
        return
    now = timezone.now()
    with transaction.atomic():
        for line in CartLine.objects.select_related("listing", "listing__pricing").filter(cart=cart):
            listing = line.listing
            if listing.status in (Listing.Status.SOLD, Listing.Status.ARCHIVED, Listing.Status.DRAFT) \
                    or listing.quantity < 1:
                line.delete()
                continue
            locked = line.locked_price is not None and line.locked_until and line.locked_until > now
            line.seen_price = line.locked_price if locked else listing.price
            line.seen_currency = listing.currency
            if not locked:
                line.locked_price = None
                line.locked_until = None
            if listing.kind != Listing.Kind.GEMSTONE and listing.quantity < line.quantity:
                line.quantity = max(listing.quantity, 1)
            line.save(update_fields=["seen_price", "seen_currency", "locked_price", "locked_until", "quantity"])
        _touch(cart)


def cart_merge(*, user, guest_token: str) -> Cart | None:
    """Move a guest's cart into the user's at login. A listing in both keeps the larger quantity
    (1 for a unique stone); the guest cart is deleted. Returns the user's cart (None: no guest cart)."""
    guest = Cart.objects.filter(guest_token=guest_token).first()
    if guest is None:
        return None
    with transaction.atomic():
        cart = cart_get_or_create(user=user, guest_token=None)
        existing = {line.listing_id: line for line in CartLine.objects.filter(cart=cart)}
        for line in CartLine.objects.select_related("listing", "listing__pricing").filter(cart=guest):
            if line.listing.seller.members.filter(user=user).exists():
                continue  # one's own listing cannot be bought
            mine = existing.get(line.listing_id)
            if mine is None:
                line.cart = cart
                line.save(update_fields=["cart"])
            else:
                quantity = 1 if line.listing.kind == Listing.Kind.GEMSTONE else max(mine.quantity, line.quantity)
                if quantity != mine.quantity:
                    mine.quantity = quantity
                    mine.save(update_fields=["quantity"])
        guest.delete()
        _touch(cart)
    return cart


def guest_carts_delete_stale(*, older_than_days: int = 30, now=None) -> int:
    """Delete guest carts untouched for `older_than_days` (their session is long gone); returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    _total, per_model = Cart.objects.filter(user__isnull=True, updated_at__lt=cutoff).delete()
    return per_model.get(Cart._meta.label, 0)
