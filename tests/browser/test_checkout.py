"""End to end: a guest puts a stone in the cart and signs in: the stone joins the gold ring the
buyer left in their cart last time (another seller, priced from the day's gold rate). They check
out (two orders, the ring's price held), see the confirmation with "Pay now" and the orders in
"My orders"; the council marks the transfer paid; the emerald's seller accepts and ships.

With GEMBAZAAR_SCREENSHOTS=<dir> it also saves the cart, the review, the order's timeline and
the seller's order list at desktop and mobile widths, and the order page in Urdu (right to left).
"""

import os
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connections
from django.utils import timezone

from gembazaar.accounts.models import COUNCIL_STAFF_GROUP, User
from gembazaar.catalogue.models import Listing
from gembazaar.orders.models import Checkout, Order
from gembazaar.orders.services import cart as cart_services
from gembazaar.sellers.models import SellerMember
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller, seed_shipping_zones

from .chromium import launch, require_chromium

SHOTS = os.environ.get("GEMBAZAAR_SCREENSHOTS", "")
DESKTOP, MOBILE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
PASSWORD = "Emerald-Swat-24"


def _user(username: str, name: str) -> User:
    first, last = name.split()
    return User.objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD,
                                    first_name=first, last_name=last, email_confirmed=True,
                                    email_confirmed_at=timezone.now())


def _sign_in(page, username: str) -> None:
    page.get_by_label("Email or username").fill(f"{username}@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _shots(page, name: str) -> None:
    """The page at desktop and at mobile width (full length), then back to desktop."""
    if not SHOTS:
        return
    for label, size in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page.set_viewport_size(size)
        page.screenshot(path=f"{SHOTS}/{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


@pytest.mark.browser
def test_a_guest_buys_a_stone_and_the_seller_ships_it(live_server, transactional_db):
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    seed_shipping_zones()
    seller = make_seller(trade_name="Mingora Emerald Traders", city="Mingora")
    SellerMember.objects.create(seller=seller, user=_user("olivia", "Olivia Shah"), role=SellerMember.Role.OWNER)
    stone = make_gem_listing(seller=seller, title="Oiled emerald from Swat, 1.25 ct", price=Decimal("1250.00"))
    pair = make_gem_listing(seller=seller, title="Swat emerald pair", price=Decimal("480.00"))
    buyer = _user("sara", "Sara Khan")
    staff = _user("council", "Nadia Council")
    staff.is_staff = True
    staff.save()
    staff.groups.add(Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)[0])
    from gembazaar.pricing import services as pricing

    pricing.record_metal_rate(metal="gold", fineness=999, unit="tola", price=Decimal("452300"), currency="PKR",
                              source="Lahore Sarafa", confirm=True)
    goldsmith = make_seller(trade_name="Anarkali Gold House", city="Lahore")
    ring = make_jewelry_listing(seller=goldsmith, title="22K gold ring, 4.8 g", quantity=1,
                                price_mode=Listing.PriceMode.METAL_LINKED)
    cart_services.cart_add_line(user=buyer, guest_token=None, listing_id=ring.pk)  # on an earlier visit

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_context(viewport=DESKTOP).new_page()

            # A guest adds the stone: htmx swaps the buy box and the header count.
            page.goto(live_server.url + stone.get_absolute_url())
            page.get_by_test_id("add-to-cart").click()
            expect(page.get_by_text("Added to your cart.")).to_be_visible()
            expect(page.locator("[data-cart-count]")).to_have_text("1")
            _shots(page, "listing-added")

            # Signing in keeps the cart.
            page.goto(live_server.url + "/cart/")
            page.get_by_role("link", name="Sign in", exact=True).click()
            _sign_in(page, "sara")
            page.wait_for_url("**/cart/")
            expect(page.get_by_test_id("cart-line")).to_have_count(2)  # the guest's stone joined the ring
            assert "Oiled emerald from Swat" in page.content() and "22K gold ring" in page.content()
            _shots(page, "cart")

            # Checkout: address, country (htmx re-prices shipping), phone, express shipping.
            page.get_by_test_id("go-checkout").click()
            page.wait_for_url("**/checkout/")
            page.locator("#id_shipping_name").fill("Sara Khan")
            page.locator("#id_shipping_line1").fill("14 Sheikh Zayed Road")
            page.locator("#id_shipping_city").fill("Dubai")
            page.locator("#id_shipping_country").select_option("AE")
            expect(page.locator("#shipping-methods .method__price").first).to_have_text("$25.00")
            page.locator("#id_shipping_phone").fill("12")
            page.get_by_test_id("to-review").click()
            expect(page.locator("#id_shipping_phone_error")).to_contain_text("Phone: Enter a valid phone number")
            _shots(page, "checkout-errors")
            page.locator("#id_shipping_phone").fill("+971 50 123 4567")
            page.locator(f"input[name='method_{seller.pk}'][value='express']").check()
            page.get_by_test_id("to-review").click()

            page.wait_for_url("**/checkout/review/")
            emerald_group = page.get_by_test_id("review-group").filter(has_text="Mingora Emerald Traders")
            expect(emerald_group).to_contain_text("$1,295.00")  # 1,250 + express to the Gulf
            expect(page.get_by_test_id("price-hold")).to_contain_text("held until")
            grand_total = page.get_by_test_id("grand-total").inner_text()
            _shots(page, "checkout-review")
            page.get_by_test_id("place-order").click()

            page.wait_for_url("**/checkout/done/**")
            confirmation = page.get_by_test_id("confirmation")
            expect(confirmation).to_contain_text("Awaiting payment")
            expect(page.get_by_test_id("pay-now")).to_be_visible()
            order = Order.objects.get(buyer=buyer, seller=seller)
            expect(page.get_by_test_id("order-number")).to_have_count(2)
            expect(page.get_by_test_id("order-number").filter(has_text=order.number)).to_be_visible()
            assert Checkout.objects.count() == 1
            checkout = Checkout.objects.get()
            assert order.total == Decimal("1295.00") and grand_total.startswith("$")
            assert Decimal(grand_total[1:].replace(",", "")) == checkout.grand_total
            _shots(page, "checkout-done")

            # My orders, then the order with its timeline.
            page.get_by_role("link", name="My orders").first.click()
            page.wait_for_url("**/orders/")
            page.get_by_test_id("my-order").filter(has_text=order.number).click()
            page.wait_for_url(f"**/orders/{order.number}/")
            expect(page.get_by_test_id("timeline")).to_contain_text("Awaiting payment")
            _shots(page, "order-detail")

            # The council sees the transfer arrive and marks the emerald's order paid.
            council_page = browser.new_context(viewport=DESKTOP).new_page()
            council_page.goto(live_server.url + "/council/orders/")
            _sign_in(council_page, "council")
            council_page.wait_for_url("**/council/orders/")
            expect(council_page.get_by_test_id("order-row")).to_have_count(2)
            _shots(council_page, "council-orders")
            council_page.get_by_role("link", name=order.number).click()
            council_page.locator("form[data-action='paid'] textarea").fill("Emirates NBD transfer, ref 55102")
            council_page.get_by_role("button", name="Mark paid").click()
            expect(council_page.get_by_test_id("order-status")).to_contain_text("Paid")
            expect(council_page.get_by_test_id("timeline")).to_contain_text("Emirates NBD transfer, ref 55102")
            _shots(council_page, "council-order")

            # The seller accepts and ships.
            seller_page = browser.new_context(viewport=DESKTOP).new_page()
            seller_page.goto(live_server.url + "/seller/orders/")
            _sign_in(seller_page, "olivia")
            seller_page.wait_for_url("**/seller/orders/")
            expect(seller_page.get_by_test_id("order-row")).to_have_count(1)
            _shots(seller_page, "seller-orders")
            seller_page.get_by_role("link", name=order.number).click()
            seller_page.get_by_role("button", name="Accept and prepare").click()
            expect(seller_page.get_by_test_id("order-status")).to_contain_text("Processing")
            seller_page.get_by_label("Tracking number").fill("DHL 1234 5678 90")
            seller_page.get_by_label("Carrier").fill("DHL Express")
            seller_page.get_by_role("button", name="Mark shipped").click()
            expect(seller_page.get_by_test_id("order-status")).to_contain_text("Shipped")
            assert Order.objects.get(pk=order.pk).tracking_number == "DHL 1234 5678 90"

            # The buyer sees the parcel on its way, also in Urdu (right to left).
            page.reload()
            expect(page.get_by_test_id("tracking")).to_contain_text("DHL 1234 5678 90")
            _shots(page, "order-detail-shipped")
            page.context.add_cookies([{"name": "django_language", "value": "ur", "url": live_server.url}])
            page.reload()
            assert page.locator("html").get_attribute("dir") == "rtl"
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/order-detail-urdu.png", full_page=True)
                cart_services.cart_add_line(user=buyer, guest_token=None, listing_id=pair.pk)
                page.goto(live_server.url + "/cart/")
                page.screenshot(path=f"{SHOTS}/cart-urdu.png", full_page=True)
        finally:
            browser.close()
            # ORM calls inside sync_playwright() run in its greenlet, on their own connection: close it,
            # or PostgreSQL refuses to drop the test database at the end ("being accessed by other users").
            connections.close_all()
