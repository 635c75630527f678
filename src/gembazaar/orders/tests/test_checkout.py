"""Placing a checkout: one order per seller, stock taken, snapshots, idempotency, bad input."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gembazaar.catalogue.models import Listing, ListingPrice
from gembazaar.core.errors import DomainError
from gembazaar.orders.models import Cart, CartLine, Checkout, IdempotencyKey, Order, OrderEvent, StockReservation
from gembazaar.orders.services import checkout as checkout_services
from gembazaar.orders.services import stock
from gembazaar.orders.services.checkout import address_clean
from gembazaar.testing import make_gem_listing

from .conftest import ADDRESS, UAE_ADDRESS, add, make_buyer, make_lot, make_member, place

pytestmark = pytest.mark.django_db


def test_one_order_per_seller_under_one_checkout(buyer, seller, other_seller, stone, lot,
                                                 django_capture_on_commit_callbacks):
    make_member(seller, "owner1")
    pkr_stone = make_gem_listing(seller=other_seller, price=Decimal("56300.00"), currency="PKR")
    add(buyer, stone)
    add(buyer, lot, 3)
    add(buyer, pkr_stone)
    with django_capture_on_commit_callbacks(execute=True):
        result = place(buyer, address=UAE_ADDRESS, shipping_methods={str(other_seller.pk): "express"},
                       notes="Gift wrap")

    assert not result.replayed
    checkout = result.checkout
    orders = {o.seller_id: o for o in result.orders}
    assert set(orders) == {seller.pk, other_seller.pk}
    mine = orders[seller.pk]
    assert mine.number.startswith("GB-") and len(mine.number) == len("GB-2611-7K3Q9")
    assert mine.status == Order.Status.AWAITING_PAYMENT
    assert mine.subtotal == Decimal("1370.00")  # 1250 + 3 × 40
    assert mine.shipping_method == "standard" and mine.shipping_zone == "gulf"
    assert mine.shipping_cost == Decimal("25.00")
    theirs = orders[other_seller.pk]
    assert theirs.subtotal == Decimal("200.00") and theirs.shipping_cost == Decimal("45.00")
    assert checkout.grand_total == Decimal("1370.00") + 25 + 200 + 45
    assert checkout.shipping_address["phone"] == "+971501234567"
    assert checkout.billing_address == checkout.shipping_address
    assert checkout.notes == "Gift wrap"

    line = theirs.lines.get()
    assert (line.title, line.listing_price, line.listing_currency, line.unit_price, line.currency) == \
        (pkr_stone.title, Decimal("56300.000"), "PKR", Decimal("200.000"), "USD")
    assert line.fx_rate == (Decimal(1) / Decimal("281.50")).quantize(Decimal("0.0000000001"))
    assert line.spec["variety"] == "emerald" and line.spec["carat"] == "1.250"

    stone.refresh_from_db()
    lot.refresh_from_db()
    assert (stone.quantity, stone.status) == (0, Listing.Status.SOLD)
    assert (lot.quantity, lot.status) == (7, Listing.Status.ACTIVE)
    assert StockReservation.objects.filter(order_line__order=mine).count() == 2
    assert [e.to_status for e in mine.events.all()] == ["placed", "awaiting_payment"]
    assert not CartLine.objects.filter(cart__user=buyer).exists()

    to_buyer = [m for m in mail.outbox if m.to == ["amina@example.org"]]
    assert len(to_buyer) == 2 and any(mine.number in m.subject for m in to_buyer)
    assert any("bank transfer" in m.body.lower() and checkout.reference in m.body for m in to_buyer)
    to_seller = [m for m in mail.outbox if m.to == ["owner1@example.org"]]
    assert len(to_seller) == 1 and mine.number in to_seller[0].subject


def test_a_replay_returns_the_first_result_and_creates_nothing(buyer, stone):
    add(buyer, stone)
    first = place(buyer, key="key-1")
    again = place(buyer, key="key-1")
    assert again.replayed and again.checkout == first.checkout and again.orders == first.orders
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1


def test_a_twin_request_that_won_the_race_is_replayed_even_when_its_effects_show_first(buyer, stone,
                                                                                    monkeypatch):
    """Two requests with one key: the second looked the key up before the first committed, then
    found the cart the first emptied (a DomainError of its own checks). It answers as the first
    did instead of "your cart is empty" (seen in CI's ten-at-once race, test_races_pg.py)."""
    from gembazaar.orders.services import idempotency

    add(buyer, stone)
    first = place(buyer, key="key-1")
    real_lookup, calls = idempotency.key_lookup, []

    def lookup_missing_the_first_time(**kwargs):
        calls.append(kwargs["key"])
        return None if len(calls) == 1 else real_lookup(**kwargs)

    monkeypatch.setattr(idempotency, "key_lookup", lookup_missing_the_first_time)
    again = place(buyer, key="key-1")
    assert again.replayed and again.checkout == first.checkout and len(calls) == 2
    assert Checkout.objects.count() == 1


def test_a_failed_request_without_a_twin_still_fails(buyer):
    with pytest.raises(DomainError) as exc:
        place(buyer, key="key-lonely")  # an empty cart, and no earlier request with this key
    assert (exc.value.code, exc.value.field) == ("cart_empty", "lines")
    assert not IdempotencyKey.objects.exists()


def test_the_same_key_with_another_body_is_refused(buyer, stone):
    add(buyer, stone)
    place(buyer, key="key-1")
    with pytest.raises(DomainError) as exc:
        place(buyer, key="key-1", notes="different")
    assert exc.value.code == "idempotency_key_reused" and exc.value.status == 409


def test_keys_are_scoped_per_user(buyer, other_buyer, seller):
    add(buyer, make_gem_listing(seller=seller))
    add(other_buyer, make_gem_listing(seller=seller))
    place(buyer, key="shared")
    second = place(other_buyer, key="shared")
    assert not second.replayed and second.checkout.buyer == other_buyer
    assert IdempotencyKey.objects.count() == 2


def test_a_failed_placement_leaves_no_key_and_nothing_written(buyer, other_buyer, seller, stone, lot):
    add(buyer, lot, 2)
    add(buyer, stone)
    add(other_buyer, stone)
    place(other_buyer)
    # The buyer's cart still shows the stone as sold: flagged, refused, nothing written.
    with pytest.raises(DomainError) as exc:
        place(buyer, key="k")
    assert exc.value.code == "unavailable" and "no longer available" in exc.value.message
    assert not IdempotencyKey.objects.filter(user=buyer).exists()
    lot.refresh_from_db()
    assert lot.quantity == 10 and Order.objects.filter(buyer=buyer).count() == 0


def test_stock_gone_between_review_and_placement_is_no_longer_available(buyer, stone, monkeypatch):
    add(buyer, stone)
    real_take = checkout_services.stock.stock_take

    def someone_else_first(**kwargs):
        Listing.objects.filter(pk=stone.pk).update(quantity=0, status="sold")
        return real_take(**kwargs)

    monkeypatch.setattr(checkout_services.stock, "stock_take", someone_else_first)
    with pytest.raises(DomainError) as exc:
        place(buyer, key="k")
    assert exc.value.code == "unavailable" and "no longer available" in exc.value.message
    assert not Checkout.objects.exists() and not IdempotencyKey.objects.exists()
    assert not OrderEvent.objects.exists()


def test_a_repricing_during_placement_is_refused_not_sold_at_the_old_price(buyer, stone, monkeypatch):
    add(buyer, stone)
    real_take = checkout_services.stock.stock_take

    def repriced_meanwhile(**kwargs):
        ListingPrice.objects.filter(listing=stone).update(price=Decimal("1300.00"))
        return real_take(**kwargs)

    monkeypatch.setattr(checkout_services.stock, "stock_take", repriced_meanwhile)
    with pytest.raises(DomainError) as exc:
        place(buyer)
    assert exc.value.code == "cart_changed"
    assert Listing.objects.get(pk=stone.pk).quantity == 1


def test_stock_is_taken_by_one_single_table_update_that_rechecks_the_quantity(stone):
    # PostgreSQL re-checks an UPDATE's own WHERE on a row changed concurrently; Django turns a
    # related-field filter into `WHERE id IN (subquery)`, which is not re-checked and can oversell.
    with CaptureQueriesContext(connection) as queries:
        assert stock.stock_take(listing_id=stone.pk, quantity=1, expected_price=stone.price,
                                expected_currency=stone.currency)
    [update] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    where = update.split(" WHERE ", 1)[1]
    assert update.startswith('UPDATE "catalogue_listing" SET')
    assert '"catalogue_listing"."quantity" >= 1' in where and " IN (SELECT" not in where
    assert not stock.stock_take(listing_id=stone.pk, quantity=1)  # sold out now


def test_an_empty_cart_cannot_be_placed(buyer):
    with pytest.raises(DomainError) as exc:
        place(buyer)
    assert exc.value.code == "cart_empty"


def test_an_unconfirmed_email_cannot_check_out(db, stone):
    user = make_buyer("newbie", confirmed=False)
    add(user, stone)
    with pytest.raises(DomainError) as exc:
        place(user)
    assert exc.value.code == "email_unconfirmed" and exc.value.status == 403


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"phone": "12345"}, "shipping_address.phone", "invalid_phone"),
    ({"phone": "+971501234567"}, "shipping_address.phone", "invalid_phone"),  # a UAE number for Pakistan? valid
    ({"country": "XX"}, "shipping_address.country", "invalid_country"),
    ({"city": "  "}, "shipping_address.city", "required"),
    ({"name": "x" * 121}, "shipping_address.name", "too_long"),
])
def test_bad_addresses_name_the_field(change, field, code):
    data = {**ADDRESS, **change}
    if change == {"phone": "+971501234567"}:
        assert address_clean(data=data)["phone"] == "+971501234567"  # an international number is fine
        return
    with pytest.raises(DomainError) as exc:
        address_clean(data=data)
    assert (exc.value.field, exc.value.code) == (field, code)


def test_every_iso_country_is_accepted():
    from django_countries import countries

    assert len(countries) >= 249
    data = address_clean(data={**ADDRESS, "country": "is", "phone": "+354 551 1234"})
    assert data["country"] == "IS" and data["phone"] == "+3545511234"


def test_a_bad_billing_address_names_billing(buyer, stone):
    add(buyer, stone)
    with pytest.raises(DomainError) as exc:
        place(buyer, billing_address={**ADDRESS, "phone": "1"})
    assert exc.value.field == "billing_address.phone"
    assert not Order.objects.exists()


def test_unknown_shipping_method_names_the_seller(buyer, seller, stone):
    add(buyer, stone)
    with pytest.raises(DomainError) as exc:
        place(buyer, shipping_methods={str(seller.pk): "overnight"})
    assert exc.value.field == f"shipping_methods.{seller.pk}"


def test_sellers_own_rate_beats_the_platform_default(buyer, seller, stone):
    from gembazaar.shipping.models import ShippingRate, ShippingZone

    ShippingRate.objects.create(zone=ShippingZone.objects.get(code="pk"), seller=seller, method="standard",
                                price=Decimal("500"), currency="PKR")
    add(buyer, stone)
    quote = checkout_services.checkout_quote(user=buyer, currency="PKR", shipping_country="PK")
    [group] = quote.groups
    assert group.shipping.price == Decimal("500.00")
    assert quote.grand_total == Decimal("1250") * Decimal("281.50") + 500
    order = place(buyer, currency="PKR").orders[0]
    assert (order.shipping_cost, order.shipping_rate_price, order.shipping_rate_currency) == \
        (Decimal("500.00"), Decimal("500"), "PKR")


def test_rest_of_world_catches_unlisted_countries(buyer, stone):
    add(buyer, stone)
    quote = checkout_services.checkout_quote(user=buyer, currency="USD", shipping_country="BR")
    assert quote.groups[0].shipping.zone == "rest-of-world"
    assert quote.groups[0].shipping.price == Decimal("45.00")


def test_a_late_failure_rolls_back_the_stock_already_taken(buyer, seller, other_seller, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    lot = make_lot(seller=seller, quantity=10)
    stone = make_gem_listing(seller=other_seller)
    add(buyer, lot, 4)
    add(buyer, stone)
    real_take = checkout_services.stock.stock_take

    def stone_gone(**kwargs):
        if kwargs["listing_id"] == stone.pk:
            Listing.objects.filter(pk=stone.pk).update(quantity=0, status="sold")
        return real_take(**kwargs)

    monkeypatch.setattr(checkout_services.stock, "stock_take", stone_gone)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(DomainError) as exc:
        place(buyer)
    assert exc.value.code == "unavailable"
    assert callbacks == [] and mail.outbox == []  # a rolled-back placement tells nobody anything
    lot.refresh_from_db()
    assert lot.quantity == 10  # the lot's take was rolled back with everything else
    assert not Order.objects.exists() and not StockReservation.objects.exists()
    assert CartLine.objects.filter(cart__user=buyer).count() == 2  # the cart is kept


def test_a_seller_sets_and_clears_its_own_rate(seller):
    from gembazaar.shipping.selectors import options_for_sellers
    from gembazaar.shipping.services import shipping_rate_clear, shipping_rate_set

    shipping_rate_set(seller=seller, zone_code="europe", method="express", price="9000", currency="PKR",
                      days_min=2, days_max=4)
    [standard, express] = options_for_sellers(seller_ids=[seller.pk], country="FR", currency="PKR")[seller.pk]
    assert (standard.price, express.price) == (Decimal("35.00") * Decimal("281.50"), Decimal("9000.00"))
    shipping_rate_set(seller=seller, zone_code="europe", method="express", price="0", currency="USD",
                      days_min=2, days_max=4)  # free express: allowed
    assert options_for_sellers(seller_ids=[seller.pk], country="FR", currency="USD")[seller.pk][1].price == 0
    assert shipping_rate_clear(seller=seller, zone_code="europe", method="express") == 1
    assert options_for_sellers(seller_ids=[seller.pk], country="FR", currency="USD")[seller.pk][1].price == \
        Decimal("65.00")


@pytest.mark.parametrize(("change", "field"), [
    ({"zone_code": "mars"}, "zone"), ({"method": "overnight"}, "method"), ({"price": "-1"}, "price"),
    ({"price": "1.234"}, "price"), ({"price": "abc"}, "price"), ({"days_min": 5, "days_max": 2}, "days_min"),
])
def test_bad_seller_rates_name_the_field(seller, change, field):
    from gembazaar.shipping.services import shipping_rate_set

    values = {"zone_code": "pk", "method": "standard", "price": "250", "currency": "PKR", "days_min": 1,
              "days_max": 3, **change}
    with pytest.raises(DomainError) as exc:
        shipping_rate_set(seller=seller, **values)
    assert exc.value.field == field


# --- One cart, one checkout (issue 11.1) ------------------------------------------------------


def _another_placement_lands_first(monkeypatch, buyer, **place_kwargs):
    """While the first placement is between reading the cart and claiming it, a second one
    (another tab, another Idempotency-Key) places the same cart. Returns what the second placed."""
    real_quote, landed = checkout_services._quote_from_view, []

    def quote_then_interleave(view, **kwargs):
        quote = real_quote(view, **kwargs)
        if not landed:
            landed.append("running")
            landed[0] = place(buyer, key="the-other-tab", **place_kwargs)
        return quote

    monkeypatch.setattr(checkout_services, "_quote_from_view", quote_then_interleave)
    return landed


def test_a_cart_placed_by_a_parallel_request_with_another_key_is_refused_409(buyer, lot, monkeypatch):
    add(buyer, lot, 2)
    landed = _another_placement_lands_first(monkeypatch, buyer)

    with pytest.raises(checkout_services.CartClaimLost) as exc:
        place(buyer, key="this-tab")

    winner = landed[0].checkout
    assert (exc.value.code, exc.value.status, exc.value.field) == ("cart_already_placed", 409, "lines")
    assert exc.value.reference == winner.reference and winner.reference in exc.value.message
    assert Checkout.objects.count() == 1 and Order.objects.count() == 1
    assert not IdempotencyKey.objects.filter(key="this-tab").exists()
    lot.refresh_from_db()
    assert lot.quantity == 8  # two units asked for, two held


def test_the_same_key_racing_itself_is_still_replayed(buyer, lot, monkeypatch):
    add(buyer, lot, 2)
    real_quote, landed = checkout_services._quote_from_view, []

    def twin_lands_first(view, **kwargs):
        quote = real_quote(view, **kwargs)
        if not landed:
            landed.append("running")
            landed[0] = place(buyer, key="one-key")
        return quote

    monkeypatch.setattr(checkout_services, "_quote_from_view", twin_lands_first)
    again = place(buyer, key="one-key")
    assert again.replayed and again.checkout == landed[0].checkout
    assert Checkout.objects.count() == 1


def test_a_line_edited_in_another_tab_during_placement_is_cart_changed_409(buyer, lot, monkeypatch):
    add(buyer, lot, 2)
    real_quote = checkout_services._quote_from_view

    def quantity_changed_meanwhile(view, **kwargs):
        CartLine.objects.filter(cart__user=buyer).update(quantity=3)
        return real_quote(view, **kwargs)

    monkeypatch.setattr(checkout_services, "_quote_from_view", quantity_changed_meanwhile)
    with pytest.raises(checkout_services.CartClaimLost) as exc:
        place(buyer)
    assert (exc.value.code, exc.value.status, exc.value.reference) == ("cart_changed", 409, None)
    assert not Checkout.objects.exists() and CartLine.objects.get().quantity == 3
    lot.refresh_from_db()
    assert lot.quantity == 10


def test_a_placed_cart_records_its_checkout_and_a_new_cart_places_again(buyer, seller, lot):
    add(buyer, lot, 2)
    first = place(buyer)
    assert Cart.objects.get(user=buyer).last_checkout == first.checkout
    add(buyer, lot, 2)
    second = place(buyer)  # a new cart content after the first placement is a new checkout
    assert second.checkout != first.checkout and Checkout.objects.count() == 2
