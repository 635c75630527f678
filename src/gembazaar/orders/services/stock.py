"""Stock that never oversells.

Stock is taken by one conditional UPDATE per listing (`… SET quantity = quantity - n WHERE id = …
AND quantity >= n AND status = 'active'`), inside the transaction that creates the order, in
listing-id order so two checkouts never wait on each other in opposite orders. The row count
says whether it worked; the database's `quantity >= 0` check constraint is the backstop.
A listing that reaches 0 becomes `sold`; putting stock back makes a sold listing active again.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.utils import timezone

from gembazaar.catalogue.models import Listing, ListingPrice

from ..models import Order, StockReservation

RESTOCK_FROM = {Order.Status.PLACED, Order.Status.AWAITING_PAYMENT, Order.Status.PAID, Order.Status.PROCESSING}


def stock_take(*, listing_id: int, quantity: int, expected_price: Decimal | None = None,
               expected_currency: str | None = None) -> bool:
    """Take `quantity` of a listing if it is active and has that much; True when taken.

    With `expected_price`, the listing must still carry that price (and currency): a repricing
    that lands between quote and placement makes the take fail instead of selling at a price
    the buyer never saw. Call inside the order's transaction.
    """
    assert quantity >= 1
    rows = Listing.objects.filter(pk=listing_id, status=Listing.Status.ACTIVE, quantity__gte=quantity)
    if expected_price is not None:
        # EXISTS, not `pricing__price=`: a related-field filter turns the UPDATE into
        # `WHERE id IN (subquery)`, which PostgreSQL does not re-check under concurrency.
        rows = rows.filter(Exists(ListingPrice.objects.filter(listing=OuterRef("pk"), price=expected_price)))
    if expected_currency is not None:
        rows = rows.filter(currency=expected_currency)
    updated = rows.update(
        quantity=F("quantity") - quantity,
        status=Case(When(quantity=quantity, then=Value(Listing.Status.SOLD)), default=F("status")),
        updated_at=timezone.now(),
    )
    return updated == 1


def stock_put_back(*, listing_id: int, quantity: int) -> None:
    """Return stock to a listing; a listing marked sold (by us) becomes active again."""
    Listing.objects.filter(pk=listing_id).update(
        quantity=F("quantity") + quantity,
        status=Case(When(status=Listing.Status.SOLD, then=Value(Listing.Status.ACTIVE)), default=F("status")),
        updated_at=timezone.now(),
    )


def order_restock(*, order: Order) -> int:
    """Put back the stock of every line of a cancelled order whose stock is still held; returns
    how many reservations were released. Each reservation is released once (conditional UPDATE)."""
    released = 0
    now = timezone.now()
    for reservation in StockReservation.objects.filter(order_line__order=order, released_at__isnull=True) \
            .order_by("listing_id"):
        claimed = StockReservation.objects.filter(pk=reservation.pk, released_at__isnull=True) \
            .update(released_at=now, converted_at=None)
        if claimed:
            stock_put_back(listing_id=reservation.listing_id, quantity=reservation.quantity)
            released += 1
    return released


def reservations_convert(*, order: Order) -> int:
    """Payment received: the held stock is the buyer's for good (no expiry any more)."""
    return StockReservation.objects.filter(order_line__order=order, released_at__isnull=True,
                                           converted_at__isnull=True).update(converted_at=timezone.now())
