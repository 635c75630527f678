"""Checkout: addresses, shipping per seller, the review, and placing one order per seller.

Placement has two halves. Outside any transaction: validate the input, price the cart (FX,
price locks, the stale-rate guard), pick shipping. Then one short transaction: record the
idempotency key, take the stock (conditional UPDATEs in listing-id order), write the checkout,
orders, lines, stock holds and events, empty the bought lines. Emails leave after commit. No
outside call (payment, FX, email) happens inside the transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import phonenumbers
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from gembazaar.catalogue.models import Listing
from gembazaar.core import fx
from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.shipping.models import ShippingMethod
from gembazaar.shipping.selectors import ShippingOption, choose_option, options_for_sellers

from ..email_tasks import send_order_status_email, send_seller_new_order_email
from ..event_notes import NoteCode
from ..models import Cart, CartLine, Checkout, Order, OrderEvent, OrderLine, StockReservation
from ..placement_signal import checkout_placed
from ..selectors import build_cart_view, cart_get, price_on_request
from . import idempotency, stock

# Crockford's base32 without I, L, O, U: nothing to misread on the phone.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ADDRESS_FIELDS = ("name", "line1", "line2", "city", "region", "postal_code", "country", "phone")
ADDRESS_LIMITS = {"name": 120, "line1": 200, "line2": 200, "city": 100, "region": 100, "postal_code": 20,
                  "country": 2, "phone": 32}
ADDRESS_REQUIRED = ("name", "line1", "city", "country", "phone")
MAX_NOTES = 2000
# Cart issues that mean the item is gone (answered "no longer available"), not merely changed.
GONE = {"sold", "archived", "unavailable"}


class EmailUnconfirmed(DomainError):
    status = 403


class CartClaimLost(DomainError):
    """The cart's lines were taken by a parallel placement (or edited in another tab) between
    reading the cart and placing it. `reference` names the checkout that won, if one did."""

    status = 409

    def __init__(self, message: str, *, code: str, reference: str | None = None):
        super().__init__(message, code=code, field="lines")
        self.reference = reference


@dataclass
class QuoteGroup:
    seller: object
    lines: list
    subtotal: Decimal
    shipping: ShippingOption
    total: Decimal

    @property
    def shipping_method(self) -> str:
        return self.shipping.method

    @property
    def shipping_cost(self) -> Decimal:
        return self.shipping.price


@dataclass
class Quote:
    currency: str
    groups: list[QuoteGroup]
    subtotal: Decimal
    shipping_total: Decimal
    grand_total: Decimal

    @property
    def exchange_rates(self) -> list[tuple[str, str]]:
        """(the sellers' currency, how many of the charge currency one unit buys, as written: "281.5")
        for every price converted in this quote, so the buyer sees the rate before paying."""
        rates = {line.listing_currency: f"{line.fx_rate.normalize():f}" for group in self.groups
                 for line in group.lines if line.listing_currency != self.currency}
        return sorted(rates.items())

    @property
    def exchange_rate_texts(self) -> list[str]:
        """The same rates as a person reads them ("1 USD = 281.5 PKR")."""
        return [fx.rate_text(source, Decimal(rate), self.currency) for source, rate in self.exchange_rates]


@dataclass
class PlaceResult:
    checkout: Checkout
    orders: list[Order]
    replayed: bool


def price_lock_minutes() -> int:
    return int(getattr(settings, "PRICE_LOCK_MINUTES", 15))


def payment_hold_minutes() -> int:
    return int(getattr(settings, "ORDERS_PAYMENT_HOLD_MINUTES", 2880))


def _require_buyer(user) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise EmailUnconfirmed(_("Sign in to check out."), code="unauthenticated", field=None)
    if not user.email_confirmed:
        raise EmailUnconfirmed(_("Confirm your email address before placing an order."),
                               code="email_unconfirmed", field=None)


def random_code(length: int) -> str:
    return "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(length))


def order_number(now=None) -> str:
    """A human-friendly order number: GB-<yymm>-<5 characters>, e.g. GB-2611-7K3Q9."""
    now = now or timezone.now()
    return f"GB-{now:%y%m}-{random_code(5)}"


def checkout_reference(now=None) -> str:
    now = now or timezone.now()
    return f"GBC-{now:%y%m}-{random_code(8)}"


# --- Input -----------------------------------------------------------------------------------


def address_clean(*, data: dict | None, field_prefix: str = "shipping_address") -> dict:
    """A postal address with every field trimmed, the country an ISO 3166-1 code and the phone
    valid for it, in E.164. Errors name "<field_prefix>.<field>"."""
    if not isinstance(data, dict):
        raise DomainError(_("Enter an address."), code="required", field=field_prefix)
    cleaned = {}
    for name in ADDRESS_FIELDS:
        value = data.get(name) or ""
        if not isinstance(value, str):
            raise DomainError(_("Enter text."), code="invalid", field=f"{field_prefix}.{name}")
        value = " ".join(value.split())
        if name in ADDRESS_REQUIRED and not value:
            raise DomainError(_("This field is required."), code="required", field=f"{field_prefix}.{name}")
        if len(value) > ADDRESS_LIMITS[name]:
            raise DomainError(_("At most %(n)d characters.") % {"n": ADDRESS_LIMITS[name]}, code="too_long",
                              field=f"{field_prefix}.{name}")
        cleaned[name] = value
    country = cleaned["country"].upper()
    if country not in dict(countries):
        raise DomainError(_("Choose a country."), code="invalid_country", field=f"{field_prefix}.country")
    cleaned["country"] = country
    try:
        number = phonenumbers.parse(cleaned["phone"], country)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise DomainError(_("Enter a valid phone number for %(country)s, e.g. with its country code.")
                          % {"country": countries.name(country)}, code="invalid_phone", field=f"{field_prefix}.phone")
    cleaned["phone"] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return cleaned


def _clean_methods(shipping_methods: dict | None) -> dict[int, str]:
    methods: dict[int, str] = {}
    for seller_id, method in (shipping_methods or {}).items():
        try:
            key = int(seller_id)
        except (TypeError, ValueError):
            raise DomainError(_("Unknown seller."), code="invalid", field="shipping_methods") from None
        if method not in ShippingMethod.values:
            raise DomainError(_("Choose standard or express shipping."), code="invalid_shipping_method",
                              field=f"shipping_methods.{key}")
        methods[key] = method
    return methods


def _clean_currency(currency: str) -> str:
    currency = (currency or "").strip().upper()
    if currency not in settings.DISPLAY_CURRENCIES:
        raise DomainError(_("Choose one of the currencies we show prices in."), code="invalid_currency",
                          field="currency")
    return currency


# --- Price lock and review --------------------------------------------------------------------


def checkout_start(*, user) -> int:
    """Lock the price of each metal-linked line for PRICE_LOCK_MINUTES; returns how many were locked.

    A line still under its lock keeps it. After the lock ends the cart re-quotes from the
    listing's price and flags the change (selectors.line_issues).
    """
    _require_buyer(user)
    cart = cart_get(user=user, guest_token=None)
    if cart is None:
        return 0
    now = timezone.now()
    locked = 0
    for line in cart.lines.select_related("listing", "listing__pricing", "listing__jewelry").filter(
            listing__price_mode=Listing.PriceMode.METAL_LINKED):
        if line.locked_until is not None and line.locked_until > now:
            continue
        if price_on_request(line.listing):
            continue
        line.locked_price = line.listing.price
        line.locked_until = now + timedelta(minutes=price_lock_minutes())
        line.save(update_fields=["locked_price", "locked_until"])
        locked += 1
    return locked


def _priced_cart(*, user, currency: str):
    cart = cart_get(user=user, guest_token=None)
    view = build_cart_view(cart, currency=currency) if cart is not None else None
    if view is None or not view.groups:
        raise DomainError(_("Your cart is empty."), code="cart_empty", field="lines")
    return view


def _quote_from_view(view, *, country: str, methods: dict[int, str]) -> Quote:
    options = options_for_sellers(seller_ids=[g.seller.pk for g in view.groups], country=country,
                                  currency=view.currency)
    groups = []
    for group in view.groups:
        option = choose_option(options[group.seller.pk], methods.get(group.seller.pk), seller_id=group.seller.pk)
        groups.append(QuoteGroup(seller=group.seller, lines=group.lines, subtotal=group.subtotal, shipping=option,
                                 total=group.subtotal + option.price))
    subtotal = sum((g.subtotal for g in groups), Decimal(0))
    shipping_total = sum((g.shipping.price for g in groups), Decimal(0))
    return Quote(currency=view.currency, groups=groups, subtotal=subtotal, shipping_total=shipping_total,
                 grand_total=subtotal + shipping_total)


def checkout_quote(*, user, currency: str, shipping_country: str, shipping_methods: dict | None = None) -> Quote:
    """The review: per seller the lines, subtotal, chosen shipping and total; then the grand total.
    Lines with issues are shown (and excluded from the totals); placing refuses them."""
    _require_buyer(user)
    currency = _clean_currency(currency)
    view = _priced_cart(user=user, currency=currency)
    return _quote_from_view(view, country=shipping_country, methods=_clean_methods(shipping_methods))


# --- Placement ------------------------------------------------------------------------------


def _spec_snapshot(listing: Listing) -> dict:
    spec = listing.spec
    if spec is None:
        return {}
    if listing.kind == Listing.Kind.JEWELRY:
        names = ("jewelry_type", "metal", "karat", "fineness", "gross_weight_g", "net_metal_weight_g",
                 "making_charge_mode", "making_charge_value", "stones", "stone_weight_ct", "size", "hallmark")
    else:
        names = ("species", "variety", "nature", "imitates", "carat", "pieces", "length_mm", "width_mm", "depth_mm",
                 "shape", "cutting_style", "colour", "clarity", "treatments", "phenomena", "lab", "certificate_number",
                 "kp_certificate")
    snapshot = {}
    for name in names:
        value = getattr(spec, name)
        if value in (None, ""):
            continue
        snapshot[name] = str(value) if isinstance(value, Decimal) else value
    return snapshot


def _unavailable(line_view) -> DomainError:
    listing = Listing.objects.filter(pk=line_view.listing.pk).first()
    if listing is not None and listing.status == Listing.Status.ACTIVE and listing.quantity >= line_view.quantity \
            and listing.price != line_view.listing_price:
        return DomainError(_("The price of “%(title)s” changed while you were checking out. Please review your cart.")
                           % {"title": line_view.listing.title}, code="cart_changed", field="lines")
    if listing is not None and listing.status == Listing.Status.ACTIVE and 0 < listing.quantity < line_view.quantity:
        return DomainError(_("Sorry, only %(n)d of “%(title)s” are left.")
                           % {"n": listing.quantity, "title": line_view.listing.title},
                           code="unavailable", field="lines")
    return DomainError(_("Sorry, “%(title)s” is no longer available.") % {"title": line_view.listing.title},
                       code="unavailable", field="lines")


def _request_body(*, currency, shipping_address, billing_address, shipping_methods, notes) -> dict:
    return {"currency": currency, "shipping_address": shipping_address, "billing_address": billing_address,
            "shipping_methods": {str(k): v for k, v in sorted(shipping_methods.items())}, "notes": notes}


def _replay(checkout: Checkout) -> PlaceResult:
    return PlaceResult(checkout=checkout, orders=list(checkout.orders.order_by("id")), replayed=True)


def checkout_place(*, user, idempotency_key: str, currency: str, shipping_address: dict,
                   billing_address: dict | None = None, shipping_methods: dict | None = None,
                   notes: str = "") -> PlaceResult:
    """Place the user's cart: one order per seller under one checkout, paid by bank transfer.

    Rules: the user is signed in with a confirmed email; every line is purchasable as the
    buyer last saw it (else code "cart_changed"); stock is taken without overselling (else
    code "unavailable": "… is no longer available"); the same Idempotency-Key replays the
    first result (replayed=True) and creates nothing, with another request it is refused (409).
    One cart content becomes at most one checkout: a parallel placement of the same cart under
    another key is refused with 409 "cart_already_placed" naming the winner (CartClaimLost).
    Orders end in awaiting_payment with their stock held for ORDERS_PAYMENT_HOLD_MINUTES.
    """
    _require_buyer(user)
    key = idempotency.clean_key(idempotency_key)
    methods = _clean_methods(shipping_methods)
    raw_body = _request_body(currency=currency, shipping_address=shipping_address, billing_address=billing_address,
                             shipping_methods=methods, notes=notes)
    digest = idempotency.request_hash(raw_body)
    earlier = idempotency.key_lookup(user=user, key=key, digest=digest)
    if earlier is not None:
        return _replay(earlier)

    try:
        checkout, orders = _checked_place(user=user, key=key, digest=digest, currency=currency,
                                          shipping_address=shipping_address, billing_address=billing_address,
                                          methods=methods, notes=notes)
    except (DomainError, IntegrityError):
        # A parallel request with the same key committed first: answer as it did. It may show here
        # as the unique key (IntegrityError) or, when it won the race earlier, as its effects: the
        # cart it emptied, the stone it sold (a DomainError of our own checks).
        earlier = idempotency.key_lookup(user=user, key=key, digest=digest)
        if earlier is not None:
            return _replay(earlier)
        raise
    return PlaceResult(checkout=checkout, orders=orders, replayed=False)


def _checked_place(*, user, key, digest, currency, shipping_address, billing_address, methods, notes):
    """Check the request and the cart, then place it; DomainError naming the field otherwise."""
    currency = _clean_currency(currency)
    shipping = address_clean(data=shipping_address, field_prefix="shipping_address")
    billing = address_clean(data=billing_address, field_prefix="billing_address") if billing_address else shipping
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise DomainError(_("At most %(n)d characters.") % {"n": MAX_NOTES}, code="too_long", field="notes")
    view = _priced_cart(user=user, currency=currency)
    gone = [line for line in view.lines if any(issue.code in GONE for issue in line.issues)]
    if gone:
        raise DomainError(" ".join(_("Sorry, “%(title)s” is no longer available.") % {"title": line.listing.title}
                                   for line in gone), code="unavailable", field="lines")
    flagged = [issue for line in view.lines for issue in line.issues]
    if flagged:
        raise DomainError(" ".join(issue.message for issue in flagged), code="cart_changed", field="lines")
    quote = _quote_from_view(view, country=shipping["country"], methods=methods)
    if any(line.unit_price <= 0 for line in view.lines):
        raise DomainError(_("An item costs less than the smallest unit of %(currency)s: choose another currency.")
                          % {"currency": currency}, code="invalid_currency", field="currency")

    return _place(user=user, key=key, digest=digest, cart=view.cart, quote=quote, shipping=shipping, billing=billing,
                  notes=notes)


def _claim_lines(*, cart: Cart, lines: list) -> None:
    """Take the cart lines this placement was priced from, as they were read: one conditional
    DELETE whose row count decides the winner, so one cart content becomes at most one checkout
    whatever the Idempotency-Keys. A parallel placement blocks on the rows (PostgreSQL) or on
    the write lock (SQLite) and then finds them gone. Raises CartClaimLost (409)."""
    wanted = Q()
    for line in lines:
        wanted |= Q(pk=line.line.pk, quantity=line.quantity)
    claimed, _by_model = CartLine.objects.filter(wanted, cart=cart).delete()
    if claimed == len(lines):
        return
    # Read after the winner committed (it held the rows we waited for): the checkout it recorded.
    winner = (Cart.objects.filter(pk=cart.pk).exclude(last_checkout=None).exclude(last_checkout=cart.last_checkout_id)
              .values_list("last_checkout__reference", flat=True).first())
    if winner:
        raise CartClaimLost(_("This cart was just placed as checkout %(reference)s (another tab or a repeated "
                              "request). Nothing more was ordered.") % {"reference": winner},
                            code="cart_already_placed", reference=winner)
    raise CartClaimLost(_("Your cart changed while the order was being placed. Please review it and try again."),
                        code="cart_changed")


def _place(*, user, key, digest, cart: Cart, quote: Quote, shipping: dict, billing: dict, notes: str):
    now = timezone.now()
    hold_until = now + timedelta(minutes=payment_hold_minutes())
    lines = sorted((line for group in quote.groups for line in group.lines), key=lambda lv: lv.listing.pk)
    with transaction.atomic():
        _claim_lines(cart=cart, lines=lines)
        checkout = Checkout.objects.create(
            reference=checkout_reference(now), buyer=user, currency=quote.currency, shipping_address=shipping,
            billing_address=billing, notes=notes, payment_method="bank_transfer", subtotal=quote.subtotal,
            shipping_total=quote.shipping_total, grand_total=quote.grand_total, created_at=now)
        idempotency.key_record(user=user, key=key, digest=digest, checkout=checkout)
        for line in lines:  # listing-id order: no two checkouts wait on each other crosswise
            locked = line.locked_until is not None
            taken = stock.stock_take(listing_id=line.listing.pk, quantity=line.quantity,
                                     expected_price=None if locked else line.listing_price,
                                     expected_currency=line.listing_currency)
            if not taken:
                raise _unavailable(line)
        orders = []
        events = []
        for group in quote.groups:
            order = _create_order(checkout=checkout, group=group, buyer=user, currency=quote.currency, now=now)
            order_lines = OrderLine.objects.bulk_create([
                OrderLine(order=order, listing=lv.listing, sku=lv.listing.sku, kind=lv.listing.kind,
                          title=lv.listing.title, hs_code=lv.listing.hs_code, spec=_spec_snapshot(lv.listing),
                          quantity=lv.quantity,
                          unit_price=lv.unit_price, line_total=lv.line_total, currency=quote.currency,
                          listing_price=lv.listing_price, listing_currency=lv.listing_currency, fx_rate=lv.fx_rate,
                          fx_source="core.fx", price_mode=lv.listing.price_mode,
                          price_locked_until=lv.locked_until)
                for lv in group.lines])
            StockReservation.objects.bulk_create([
                StockReservation(order_line=ol, listing_id=ol.listing_id, quantity=ol.quantity, expires_at=hold_until)
                for ol in order_lines])
            events.append(OrderEvent(order=order, actor=user, actor_name=_name(user), role="buyer", at=now,
                                     from_status="", to_status=Order.Status.PLACED))
            events.append(OrderEvent(order=order, actor=None, actor_name="GemBazaar", role="system", at=now,
                                     from_status=Order.Status.PLACED, to_status=Order.Status.AWAITING_PAYMENT,
                                     note_code=NoteCode.AWAITING_PAYMENT))
            orders.append(order)
        OrderEvent.objects.bulk_create(events)
        for order, event in zip(orders, events[1::2], strict=True):
            _queue_placement_emails(order_id=order.pk, event_id=event.pk)
        Cart.objects.filter(pk=cart.pk).update(last_checkout=checkout)
        checkout_placed.send(sender=Checkout, checkout=checkout)  # payments opens its payment
    return checkout, orders


def _name(user) -> str:
    return (user.get_full_name() or user.get_username() or user.email)[:254]


def _create_order(*, checkout: Checkout, group: QuoteGroup, buyer, currency: str, now) -> Order:
    option = group.shipping
    total = group.subtotal + option.price
    payout_currency = settings.PAYOUTS_CURRENCY
    payout_rate = fx.convert(Decimal(1), currency, payout_currency).quantize(Decimal("1e-10"))
    for _attempt in range(5):
        order = Order(number=order_number(now), checkout=checkout, buyer=buyer, seller=group.seller,
                      status=Order.Status.AWAITING_PAYMENT, currency=currency, subtotal=group.subtotal,
                      shipping_cost=option.price, total=total, shipping_zone=option.zone,
                      payout_currency=payout_currency, payout_fx_rate=payout_rate,
                      payout_amount=quantize(total * payout_rate, payout_currency),
                      shipping_method=option.method, shipping_rate_price=option.rate_price,
                      shipping_rate_currency=option.rate_currency, placed_at=now, updated_at=now,
                      returns_policy=group.seller.returns_terms.as_snapshot())
        try:
            with transaction.atomic():  # a savepoint: a clashing number is retried, not fatal
                order.save(force_insert=True)
            return order
        except IntegrityError:
            if not Order.objects.filter(number=order.number).exists():
                raise
    raise RuntimeError("could not find a free order number")


def _queue_placement_emails(*, order_id: int, event_id: int) -> None:
    """After commit, the buyer hears about the order (awaiting payment, what to do next) and the
    seller about a new order."""
    transaction.on_commit(lambda: send_order_status_email.delay(event_id), robust=True)
    transaction.on_commit(lambda: send_seller_new_order_email.delay(order_id), robust=True)
