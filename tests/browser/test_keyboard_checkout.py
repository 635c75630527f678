"""Keyboard only: a guest adds a stone to the cart, signs in, checks out with express shipping and
reaches the order page without a mouse (Tab, Shift+Tab, Enter, Space, arrows and typing), and every
control the keyboard reaches shows where the focus is. The page keeps its real CSP."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connections
from django.utils import timezone

from gembazaar.accounts.models import User
from gembazaar.orders.models import Order
from gembazaar.testing import make_gem_listing, make_seller, seed_shipping_zones

from .chromium import launch, require_chromium

PASSWORD = "Emerald-Swat-24"
TIMEOUT_MS = 10_000
MAX_TABS = 80

# What document.activeElement is, and whether it shows a focus indicator: an outline or a box shadow
# of its own, or an outline on the box around it (a :focus-within ring, as on the header's search).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const outlined = (node) => {
    const style = getComputedStyle(node);
    return style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  };
  const style = getComputedStyle(el);
  const around = [el.parentElement, el.parentElement && el.parentElement.parentElement].filter(Boolean);
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "",
          type: el.getAttribute("type") || "", value: el.value || "", testid: el.dataset.testid || "",
          href: el.getAttribute("href") || "", text: (el.innerText || "").trim().slice(0, 50),
          indicator: outlined(el) || style.boxShadow !== "none" || around.some(outlined)};
}"""


class Keyboard:
    """Moves the focus with the keyboard alone and remembers every control it reached without a
    visible focus indicator."""

    def __init__(self, page):
        self.page = page
        self.unmarked: list[str] = []
        self.stops = 0

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        return self.note(self.focused())

    def follow(self, key: str = "Enter") -> None:
        """Press a key that loads another page (a link, a submit button) and wait for it."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def note(self, focused: dict | None) -> dict | None:
        self.stops += 1
        if focused and not focused["indicator"]:
            self.unmarked.append(f"{self.page.url} {focused}")
        return focused

    def tab_to(self, matches, *, backwards: bool = False) -> dict:
        """Tab (or Shift+Tab) until the focused control satisfies `matches`."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(MAX_TABS):
            focused = self.press(key)
            if focused and matches(focused):
                return focused
        raise AssertionError(f"{MAX_TABS} presses of {key} on {self.page.url} never reached the control")


def _user(username: str) -> User:
    return User.objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD,
                                    first_name="Sara", last_name="Khan", email_confirmed=True,
                                    email_confirmed_at=timezone.now())


@pytest.mark.browser
def test_a_buyer_checks_out_with_the_keyboard_alone(live_server, transactional_db):
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    seed_shipping_zones()
    seller = make_seller(trade_name="Mingora Emerald Traders", city="Mingora")
    stone = make_gem_listing(seller=seller, title="Oiled emerald from Swat, 1.25 ct", price=Decimal("1250.00"))
    buyer = _user("sara")

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(TIMEOUT_MS)
            expect.set_options(timeout=TIMEOUT_MS)
            keys = Keyboard(page)
            page.goto(live_server.url + stone.get_absolute_url())

            # The skip link comes first and takes the focus past the header.
            assert keys.press("Tab")["href"] == "#main"
            keys.press("Enter")
            keys.tab_to(lambda el: el["testid"] == "add-to-cart")
            keys.press("Enter")
            expect(page.get_by_text("Added to your cart.")).to_be_visible()
            expect(page.locator("[data-cart-count]")).to_have_text("1")

            # After the swap the focus is on the new buy box: the next stop is "View cart".
            assert keys.focused() is not None, "the focus was lost when the buy box was swapped"
            keys.tab_to(lambda el: el["href"].endswith("/cart/") and el["id"] != "cart-link")
            keys.follow("Enter")
            page.wait_for_url("**/cart/")
            keys.tab_to(lambda el: el["testid"] == "go-checkout")
            keys.follow("Enter")

            # Checkout needs an account: sign in with the keyboard, and land back on the checkout.
            page.wait_for_url("**/accounts/login/**")
            keys.tab_to(lambda el: el["name"] == "username")
            page.keyboard.type("sara@example.org")
            keys.tab_to(lambda el: el["name"] == "password")
            page.keyboard.type(PASSWORD)
            keys.follow("Enter")
            page.wait_for_url("**/checkout/")

            # The address, typed field by field; the country by type-ahead (htmx re-prices shipping).
            for name, text in (("shipping_name", "Sara Khan"), ("shipping_line1", "14 Sheikh Zayed Road"),
                               ("shipping_city", "Dubai")):
                keys.tab_to(lambda el, name=name: el["name"] == name)
                page.keyboard.type(text)
            keys.tab_to(lambda el: el["name"] == "shipping_country")
            page.keyboard.type("United Arab Emirates")
            expect(page.locator("#id_shipping_country")).to_have_value("AE")
            expect(page.locator("#shipping-methods .method__price").first).to_have_text("$25.00")
            keys.tab_to(lambda el: el["name"] == "shipping_phone")
            page.keyboard.type("+971 50 123 4567")

            # Shipping: Tab into the seller's radio group, then the arrow keys choose express.
            method = f"method_{seller.pk}"
            focused = keys.tab_to(lambda el: el["name"] == method)
            for _ in range(4):
                if focused["value"] == "express":
                    break
                focused = keys.press("ArrowDown")
            assert focused["value"] == "express"
            expect(page.locator(f"input[name='{method}'][value='express']")).to_be_checked()

            keys.tab_to(lambda el: el["testid"] == "to-review")
            keys.follow("Enter")
            page.wait_for_url("**/checkout/review/")
            expect(page.get_by_test_id("review-group")).to_contain_text("$1,295.00")  # 1,250 + express

            # Shift+Tab works too: back past the button and forward again; Space presses a button.
            keys.tab_to(lambda el: el["testid"] == "place-order")
            keys.press("Shift+Tab")
            keys.tab_to(lambda el: el["testid"] == "place-order")
            keys.follow("Space")
            page.wait_for_url("**/checkout/done/**")

            order = Order.objects.get(buyer=buyer, seller=seller)
            keys.tab_to(lambda el: el["testid"] == "order-number")
            keys.follow("Enter")
            page.wait_for_url(f"**/orders/{order.number}/")
            expect(page.get_by_test_id("timeline")).to_contain_text("Awaiting payment")
            assert order.shipping_method == "express"

            assert keys.stops > 20
            assert not keys.unmarked, "controls without a visible focus indicator:\n" + "\n".join(keys.unmarked)
        finally:
            browser.close()
            connections.close_all()  # see test_checkout: Playwright's greenlet has its own connection
