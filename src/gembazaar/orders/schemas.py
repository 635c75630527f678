"""Input and output schemas of the cart, checkout and order endpoints. Money leaves as decimal strings."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from gembazaar.catalogue.schemas import DisclosureOut
from gembazaar.core.api import DecimalString, PageOut
from gembazaar.core.money import quantize


def _money(obj, name: str, currency_attr: str = "currency"):
    """A stored amount (3 places in the database) to the currency's minor unit: "1250.00" USD."""
    return quantize(getattr(obj, name), getattr(obj, currency_attr))


class IssueOut(Schema):
    code: str = Field(examples=["repriced"])
    message: str
    before: str = ""
    after: str = ""


class CartLineOut(Schema):
    id: int
    listing_id: int
    sku: str
    title: str = Field(description="As buyers see it: a synthetic, imitation or composite stone's title says so.")
    kind: str
    disclosure: DisclosureOut | None = Field(description="A stone's full name, nature and treatments; null for "
                                                         "jewelry.")
    quantity: int
    unit_price: DecimalString = Field(description="In the cart currency.")
    line_total: DecimalString
    listing_price: DecimalString = Field(description="The unit price in the listing's own currency.")
    listing_currency: str
    price_locked_until: datetime | None = Field(None, description="Metal-linked price lock, while it holds.")
    purchasable: bool
    issues: list[IssueOut]


class CartGroupOut(Schema):
    seller_id: int
    seller_name: str
    seller_slug: str
    subtotal: DecimalString
    lines: list[CartLineOut]


class CartOut(Schema):
    currency: str
    count: int = Field(description="Items in the cart (sum of quantities).")
    subtotal: DecimalString = Field(description="Purchasable lines only.")
    can_checkout: bool
    groups: list[CartGroupOut]


class CartLineIn(Schema):
    listing_id: int
    quantity: int = Field(1, ge=1, le=100000)


class CartLineQuantityIn(Schema):
    quantity: int = Field(ge=0, le=100000, description="0 removes the line.")


class AddressIn(Schema):
    name: str = Field(max_length=120)
    line1: str = Field(max_length=200)
    line2: str = Field("", max_length=200)
    city: str = Field(max_length=100)
    region: str = Field("", max_length=100)
    postal_code: str = Field("", max_length=20)
    country: str = Field(max_length=2, examples=["PK"], description="ISO 3166-1 alpha-2.")
    phone: str = Field(max_length=32, examples=["+923001234567"])


class AddressOut(Schema):
    name: str
    line1: str
    line2: str = ""
    city: str
    region: str = ""
    postal_code: str = ""
    country: str
    phone: str


class CheckoutIn(Schema):
    currency: str = Field(examples=["USD"], description="One of the display currencies.")
    shipping_address: AddressIn
    billing_address: AddressIn | None = Field(None, description="Omitted: the same as the shipping address.")
    shipping_methods: dict[str, str] = Field(default_factory=dict,
                                             description="Seller id → \"standard\" or \"express\" (default standard).")
    notes: str = Field("", max_length=2000)


class QuoteIn(Schema):
    currency: str
    shipping_country: str = Field(max_length=2)
    shipping_methods: dict[str, str] = Field(default_factory=dict)


class ShippingOptionOut(Schema):
    method: str
    label: str
    price: DecimalString
    currency: str
    days_min: int
    days_max: int
    zone: str


class SellerShippingOut(Schema):
    seller_id: int
    options: list[ShippingOptionOut]


class ShippingOptionsOut(Schema):
    country: str
    zone: str
    sellers: list[SellerShippingOut]


class CheckoutQuoteGroupOut(Schema):
    seller_id: int
    seller_name: str
    lines: list[CartLineOut]
    subtotal: DecimalString
    shipping: ShippingOptionOut
    total: DecimalString


class CheckoutQuoteOut(Schema):
    currency: str
    groups: list[CheckoutQuoteGroupOut]
    subtotal: DecimalString
    shipping_total: DecimalString
    grand_total: DecimalString


class OrderLineOut(Schema):
    sku: str
    kind: str
    title: str = Field(description="As buyers see it: a synthetic, imitation or composite stone's title says so.")
    disclosure: DisclosureOut | None = Field(description="A stone's full name, nature and treatments as sold, in "
                                                         "the reader's language; null for jewelry.")
    spec: dict
    quantity: int
    unit_price: DecimalString
    line_total: DecimalString
    currency: str
    listing_price: DecimalString
    listing_currency: str
    fx_rate: DecimalString

    @staticmethod
    def resolve_title(obj):
        return obj.disclosed_title

    @staticmethod
    def resolve_disclosure(obj):
        disclosure = obj.disclosure
        return disclosure.as_dict() if disclosure else None

    @staticmethod
    def resolve_unit_price(obj):
        return _money(obj, "unit_price")

    @staticmethod
    def resolve_line_total(obj):
        return _money(obj, "line_total")

    @staticmethod
    def resolve_listing_price(obj):
        return _money(obj, "listing_price", "listing_currency")


class OrderEventOut(Schema):
    at: datetime
    by: str = Field(alias="actor_text", description="Who acted, in the request's language.")
    via: str = Field("", alias="actor_via", description="How they acted: \"\" in person, \"api_key\".")
    role: str
    from_status: str
    to_status: str
    note_code: str = Field("", description="The marketplace's own note as a code (\"\" when a person wrote it).")
    note: str = Field(alias="note_text", description="The note in the request's language: the code's "
                                                      "sentence and the person's own words.")


class OrderSummaryOut(Schema):
    number: str = Field(examples=["GB-2611-7K3Q9"])
    checkout_reference: str = Field(alias="checkout.reference")
    status: str
    seller_id: int
    seller_name: str = Field(alias="seller.trade_name")
    currency: str
    subtotal: DecimalString
    shipping_cost: DecimalString
    total: DecimalString
    placed_at: datetime

    @staticmethod
    def resolve_subtotal(obj):
        return _money(obj, "subtotal")

    @staticmethod
    def resolve_shipping_cost(obj):
        return _money(obj, "shipping_cost")

    @staticmethod
    def resolve_total(obj):
        return _money(obj, "total")


class OrderOut(OrderSummaryOut):
    shipping_method: str
    shipping_zone: str
    tracking_number: str
    carrier: str
    cancel_code: str = Field("", description="Set when the marketplace cancelled (e.g. payment_not_received).")
    cancel_reason: str = Field(alias="cancel_text", description="Why it was cancelled, in the request's language.")
    notes: str = Field(alias="checkout.notes")
    shipping_address: AddressOut = Field(alias="checkout.shipping_address")
    lines: list[OrderLineOut]
    events: list[OrderEventOut]


class OrderPageOut(PageOut):
    items: list[OrderSummaryOut]


class CheckoutOut(Schema):
    reference: str
    currency: str
    subtotal: DecimalString
    shipping_total: DecimalString
    grand_total: DecimalString
    payment_method: str
    payment_instructions: str
    orders: list[OrderOut]


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class OptionalReasonIn(Schema):
    reason: str = Field("", max_length=2000)


class ShipIn(Schema):
    tracking_number: str = Field(max_length=60)
    carrier: str = Field(max_length=60)


class StaffTransitionIn(Schema):
    to_status: str
    note: str = Field("", max_length=2000)
    tracking_number: str = Field("", max_length=60)
    carrier: str = Field("", max_length=60)
