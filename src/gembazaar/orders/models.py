"""Carts, checkouts, orders (one per seller), their event log, stock reservations and idempotency keys
(shipping zones and rates live in the shipping app).

Invariants the database keeps (the last line of defence; services give the friendly messages):
a cart belongs to a user or a guest token, never both; a listing appears once per cart;
quantities and money are positive; an order number is unique; a status is one of the machine's;
the event log is append-only; an idempotency key is unique per user.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gembazaar.catalogue.disclosure import Disclosure, disclosure_of, qualified_title
from gembazaar.catalogue.models import Listing
from gembazaar.core.models import AppendOnlyModel, QuickChoiceLabels
from gembazaar.sellers.models import Seller
from gembazaar.sellers.returns import ReturnsTerms
from gembazaar.shipping.models import ShippingMethod

from .event_notes import ActorVia, NoteCode, actor_text, note_text

# --- Cart -----------------------------------------------------------------------------------


class Cart(models.Model):
    """A buyer's cart: a signed-in user's, or a guest's identified by a random token kept in the
    guest's session (it survives the session-key rotation at login, when the carts merge)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                                related_name="cart")
    guest_token = models.CharField(_("guest token"), max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The checkout that last claimed this cart's lines: a placement that loses the claim to a
    # parallel one (another tab, another Idempotency-Key) names the winner from it.
    last_checkout = models.ForeignKey("Checkout", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(guest_token__isnull=True))
                | (Q(user__isnull=True) & Q(guest_token__isnull=False)),
                name="cart_user_xor_guest",
            ),
        ]

    def __str__(self) -> str:
        return f"cart {self.pk} ({self.user or 'guest'})"


class CartLine(models.Model):
    """One listing in a cart. `seen_price`/`seen_currency` are what the buyer was last shown, so a
    repricing since is flagged; `locked_price` holds a metal-linked price during checkout."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    seen_price = models.DecimalField(max_digits=15, decimal_places=3)
    seen_currency = models.CharField(max_length=3)
    locked_price = models.DecimalField(max_digits=15, decimal_places=3, null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "listing"], name="cart_line_listing_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cart_line_quantity_positive"),
            models.CheckConstraint(condition=Q(locked_price__isnull=True) | Q(locked_until__isnull=False),
                                   name="cart_line_lock_has_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.listing_id}"


# --- Checkout and orders --------------------------------------------------------------------


class Checkout(models.Model):
    """One placement by a buyer: the parent of one order per seller. Holds the addresses and
    the grand total as they were at placement."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checkouts")
    currency = models.CharField(_("currency"), max_length=3)
    # {"name", "line1", "line2", "city", "region", "postal_code", "country", "phone"}; phone in E.164.
    shipping_address = models.JSONField(_("shipping address"))
    billing_address = models.JSONField(_("billing address"))
    notes = models.TextField(_("order notes"), blank=True)
    payment_method = models.CharField(_("payment method"), max_length=20, default="bank_transfer")
    subtotal = models.DecimalField(max_digits=15, decimal_places=3)
    shipping_total = models.DecimalField(max_digits=15, decimal_places=3)
    grand_total = models.DecimalField(max_digits=15, decimal_places=3)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(grand_total__gt=0), name="checkout_total_positive"),
        ]

    def __str__(self) -> str:
        return self.reference


class OrderStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    PROCESSING = "processing", _("Processing")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUND_REQUESTED = "refund_requested", _("Refund requested")
    REFUNDED = "refunded", _("Refunded")
    DISPUTED = "disputed", _("Disputed")


TOLERANCE = models.Value(Decimal("0.0005"), output_field=models.DecimalField(max_digits=5, decimal_places=4))


class Order(QuickChoiceLabels, models.Model):
    """What one buyer bought from one seller in one checkout. Totals are snapshots, in the
    checkout currency; status moves only through services.transitions."""

    Status = OrderStatus

    number = models.CharField(_("order number"), max_length=20, unique=True)
    checkout = models.ForeignKey(Checkout, on_delete=models.PROTECT, related_name="orders")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.PLACED)
    currency = models.CharField(_("currency"), max_length=3)
    subtotal = models.DecimalField(_("subtotal"), max_digits=15, decimal_places=3)
    shipping_cost = models.DecimalField(_("shipping"), max_digits=15, decimal_places=3)
    total = models.DecimalField(_("total"), max_digits=15, decimal_places=3)
    # What the seller is owed for this order, in the currency sellers are paid in
    # (settings.PAYOUTS_CURRENCY), converted from `total` at placement with `payout_fx_rate`
    # (payout units per unit of the order's currency). Commission is taken in the payout ledger.
    payout_currency = models.CharField(_("payout currency"), max_length=3, blank=True)
    payout_amount = models.DecimalField(_("seller is owed"), max_digits=15, decimal_places=3, null=True, blank=True)
    payout_fx_rate = models.DecimalField(max_digits=20, decimal_places=10, null=True, blank=True)
    shipping_zone = models.CharField(_("shipping zone"), max_length=20)
    shipping_method = models.CharField(_("shipping method"), max_length=10, choices=ShippingMethod.choices)
    # The seller's flat rate as it was, in its own currency, and the rate that converted it.
    shipping_rate_price = models.DecimalField(max_digits=12, decimal_places=3)
    shipping_rate_currency = models.CharField(max_length=3)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    cancel_reason = models.TextField(_("cancellation reason"), blank=True)
    # Set instead of (or beside) the reason when the marketplace cancelled (e.g. payment not received).
    cancel_code = models.CharField(_("cancellation code"), max_length=32, choices=NoteCode.choices, blank=True)
    # The seller's returns terms as codes when the order was placed (sellers.returns.ReturnsTerms).
    returns_policy = models.JSONField(_("returns policy"), default=dict, blank=True)
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-placed_at", "-id"]
        indexes = [
            models.Index(fields=["buyer", "-placed_at"], name="order_buyer_placed_idx"),
            models.Index(fields=["seller", "status", "-placed_at"], name="order_seller_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OrderStatus.values), name="order_status_valid"),
            models.CheckConstraint(condition=Q(subtotal__gt=0), name="order_subtotal_positive"),
            models.CheckConstraint(condition=Q(shipping_cost__gte=0), name="order_shipping_not_negative"),
            # Within half a thousandth rather than equal: SQLite does decimal arithmetic in floating point.
            models.CheckConstraint(
                condition=Q(total__gte=models.F("subtotal") + models.F("shipping_cost") - TOLERANCE,
                            total__lte=models.F("subtotal") + models.F("shipping_cost") + TOLERANCE),
                name="order_total_adds_up"),
            models.CheckConstraint(condition=~Q(status="shipped") | ~Q(tracking_number=""),
                                   name="order_shipped_has_tracking"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def cancel_text(self) -> str:
        """Why it was cancelled, in the reader's language (the marketplace's code, or the person's words)."""
        return note_text(code=self.cancel_code, note=self.cancel_reason)

    @property
    def returns_terms(self) -> ReturnsTerms:
        """The returns terms of this order as they were when it was placed (orders placed before
        the snapshot existed read the seller's current terms)."""
        if self.returns_policy:
            return ReturnsTerms.from_snapshot(self.returns_policy)
        return self.seller.returns_terms


class OrderLine(QuickChoiceLabels, models.Model):
    """A snapshot of what was bought: title, spec, price and the FX rate used, as they were."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    listing = models.ForeignKey(Listing, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    sku = models.CharField(_("SKU"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    # The customs tariff code as the listing had it (invoices and export documents quote it).
    hs_code = models.CharField(_("HS code"), max_length=10, blank=True)
    spec = models.JSONField(_("specification"), default=dict)
    quantity = models.PositiveIntegerField(_("quantity"))
    # In the order's currency.
    unit_price = models.DecimalField(_("unit price"), max_digits=15, decimal_places=3)
    line_total = models.DecimalField(_("line total"), max_digits=15, decimal_places=3)
    currency = models.CharField(_("currency"), max_length=3)
    # The listing's own price and currency, and the rate that converted them (order per listing).
    listing_price = models.DecimalField(max_digits=15, decimal_places=3)
    listing_currency = models.CharField(max_length=3)
    fx_rate = models.DecimalField(max_digits=20, decimal_places=10)
    fx_source = models.CharField(max_length=40, blank=True)
    price_mode = models.CharField(max_length=12, default="fixed")
    price_locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="order_line_price_positive"),
            models.CheckConstraint(condition=Q(fx_rate__gt=0), name="order_line_fx_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.disclosed_title}"

    @property
    def disclosure(self) -> Disclosure | None:
        """The stone's nature and treatments from the snapshot, named in the reader's language."""
        return disclosure_of(self.spec) if self.kind != Listing.Kind.JEWELRY and self.spec else None

    @property
    def disclosed_title(self) -> str:
        disclosure = self.disclosure
        return qualified_title(self.title, nature=disclosure.nature) if disclosure else self.title


class OrderEvent(AppendOnlyModel):
    """One change of an order's status: who (and in which role), when, from, to and a note.
    Append-only; the first event of an order has an empty `from_status`."""

    class Role(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        SELLER = "seller", _("Seller")
        STAFF = "staff", _("Council staff")
        SYSTEM = "system", _("System")

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(_("by"), max_length=254, blank=True)
    actor_via = models.CharField(_("acting through"), max_length=10, choices=ActorVia.choices, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    from_status = models.CharField(_("from"), max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=OrderStatus.choices)
    # The marketplace's own words as a code (rendered in the reader's language); `note` keeps
    # only what a person wrote.
    note_code = models.CharField(_("note code"), max_length=32, choices=NoteCode.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    append_only_name = "The order event log"

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["order", "at"], name="order_event_order_at")]
        constraints = [
            models.CheckConstraint(condition=Q(to_status__in=OrderStatus.values), name="order_event_to_valid"),
            models.CheckConstraint(condition=Q(from_status__in=["", *OrderStatus.values]),
                                   name="order_event_from_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status or '—'} → {self.to_status}"

    @property
    def note_text(self) -> str:
        return note_text(code=self.note_code, note=self.note)

    @property
    def actor_text(self) -> str:
        return actor_text(via=self.actor_via, name=self.actor_name)


class StockReservation(models.Model):
    """Stock taken for an order line and held while the buyer pays. Past `expires_at` with the
    order still unpaid, the beat task releases it: the quantity goes back and the order is
    cancelled. Paid: `converted_at` is set and the stock is the buyer's for good."""

    order_line = models.OneToOneField(OrderLine, on_delete=models.CASCADE, related_name="reservation")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    expires_at = models.DateTimeField(db_index=True)
    released_at = models.DateTimeField(null=True, blank=True)
    converted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="reservation_quantity_positive"),
            models.CheckConstraint(condition=Q(released_at__isnull=True) | Q(converted_at__isnull=True),
                                   name="reservation_released_or_converted"),
        ]
        indexes = [
            models.Index(fields=["expires_at"], condition=Q(released_at__isnull=True, converted_at__isnull=True),
                         name="reservation_open_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of listing {self.listing_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.released_at is None and self.converted_at is None


class IdempotencyKey(models.Model):
    """A client's Idempotency-Key for a checkout, scoped per user, with a hash of the request
    it came with: a replay returns the first checkout; the same key with another body is refused."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
