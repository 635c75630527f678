"""The first hour, replayed in Chromium as new people would click through it:

- a Lahore jeweler in Urdu: sign-up → confirmation link → apply to sell (documents) → the council
  approves → a CSV of stones imported → all published at once → found in search;
- a buyer in Dubai in Arabic and dirhams: search → listing → cart → sign-up → confirmation →
  checkout → order, with the order's history in Arabic.

On every page: the page is in the reader's language and right to left, no English interface text
(tests/interface_language.py), the message of the last step is shown where the person lands, and
the served Nastaliq or Naskh face is the one drawing the text.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connections
from django.utils import timezone, translation
from PIL import Image

from gembazaar.accounts.models import COUNCIL_STAFF_GROUP, User
from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import Listing
from gembazaar.imports.tests.conftest import csv_bytes, gem_row
from gembazaar.orders.models import Order
from gembazaar.sellers.models import Seller
from gembazaar.testing import make_gem_listing, make_seller, seed_shipping_zones

from ..interface_language import LATIN_WORD, latin_words
from .chromium import launch, require_chromium

SHOTS = os.environ.get("GEMBAZAAR_SCREENSHOTS", "")
PASSWORD = "Emerald-Swat-24"
DESKTOP = {"width": 1280, "height": 900}
FACE = {"ur": "GemBazaar Nastaliq", "ar": "GemBazaar Naskh"}
WELCOME = ("Welcome to GemBazaar. We have sent a link to %(email)s: fol"
           "low it to confirm your address, then buy or apply to sell.")
SAMPLE = {"ur": "پاکستان", "ar": "العربية"}


def in_language(language: str, text) -> str:
    with translation.override(language):
        return translation.gettext(text) if isinstance(text, str) else str(text)


class Reader:
    """One person's browser tab, checking every page it lands on."""

    def __init__(self, page, language: str, own_data: set[str]):
        self.page, self.language, self.own = page, language, own_data
        self.shots = 0

    def landed(self, *, message=None) -> None:
        page, language = self.page, self.language
        page.wait_for_load_state("load")
        html = page.locator("html")
        assert html.get_attribute("lang") == language, page.url
        assert html.get_attribute("dir") == "rtl", page.url
        english = latin_words(page.content(), self.own | set(LATIN_WORD.findall(page.url)), language)
        assert not english, f"English on {page.url}: {' '.join(dict.fromkeys(english))}"
        # The page's text asks for the served face first, and that face loads (from this site: the
        # CSP allows no other) — awaited, not raced against the browser's lazy font loading.
        family, loaded = page.evaluate("""([face, sample]) => document.fonts.load(`16px "${face}"`, sample)
            .then(faces => [getComputedStyle(document.querySelector('main')).fontFamily,
                            faces.filter(f => f.status === 'loaded').length])""", [FACE[language], SAMPLE[language]])
        assert family.startswith(f'"{FACE[language]}"') and loaded >= 1, f"{family} on {page.url}"
        if SHOTS:
            self.shots += 1
            page.screenshot(path=f"{SHOTS}/first-hour-{language}-{self.shots:02d}.png", full_page=True)
        if message is not None:
            notices = page.locator(".site-messages .notice")
            assert notices.count() >= 1, f"no message on {page.url}"
            expected = in_language(language, message).split("%(")[0].strip()  # the text before a placeholder
            assert expected != message and expected in notices.first.inner_text(), notices.first.inner_text()

    def go(self, url: str, **kwargs) -> None:
        self.page.goto(url)
        self.landed(**kwargs)


def confirmation_path(address: str) -> str:
    body = next(m.body for m in reversed(mail.outbox) if address in m.to)
    link = next(word for word in body.split() if "/accounts/confirm/" in word)
    return link[link.index("/accounts/confirm/"):]


def document(tmp_path, name: str) -> str:
    path = tmp_path / name
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 180, 120)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def sign_up(reader: Reader, *, email: str, name: str, country: str) -> None:
    page = reader.page
    page.locator("#id_email").fill(email)
    page.locator("#id_full_name").fill(name)
    page.locator("#id_country").select_option(country)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()


def council_member() -> User:
    staff = User.objects.create_user(username="nadia", email="nadia@example.org", password=PASSWORD,
                                     email_confirmed=True, email_confirmed_at=timezone.now(), is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)[0])
    return staff


@pytest.mark.browser
def test_a_lahore_jeweler_in_urdu_from_sign_up_to_stones_found_in_search(live_server, transactional_db, tmp_path,
                                                                         settings):
    require_chromium()
    from playwright.sync_api import sync_playwright

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    council_member()
    rows = [gem_row(f"AN-{n:03d}", title=f"Anarkali emerald AN-{n:03d}") for n in range(1, 13)]
    sheet = tmp_path / "stones.csv"
    sheet.write_bytes(csv_bytes(rows))
    own = {"Anarkali", "Gems", "Pvt", "Ltd", "Bilal", "Ahmed", "bilal", "example", "org", "Lahore", "Mall", "Road",
           "AN", "GGC", "LHR", "emerald", "Swat", "nadia", "Nadia", "stones", "csv", "licence", "cnic", "png"}

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport=DESKTOP)
            context.add_cookies([{"name": "django_language", "value": "ur", "url": live_server.url}])
            seller = Reader(context.new_page(), "ur", own)

            seller.go(live_server.url + "/")
            seller.go(live_server.url + "/accounts/signup/?next=/sell/apply/")
            sign_up(seller, email="bilal@example.org", name="Bilal Ahmed", country="PK")
            seller.landed(message=WELCOME)

            # The link brings a signed-in person straight back to where sign-up started.
            seller.page.goto(live_server.url + confirmation_path("bilal@example.org"))
            seller.page.wait_for_url("**/sell/apply/")
            seller.landed(message="Your email address is confirmed.")
            page = seller.page
            page.locator("#id_legal_name").fill("Anarkali Gems (Pvt) Ltd")
            page.locator("#id_trade_name").fill("Anarkali Gems")
            page.locator("#id_city").select_option("Lahore")
            assert page.locator("#id_city option[value=Lahore]").inner_text() == "لاہور"
            page.locator("#id_address").fill("12 Mall Road, Lahore")
            page.locator("#id_phone").fill("0300 1234567")
            page.locator("#id_council_membership_no").fill("GGC-LHR-0456")
            page.locator("#id_tax_number").fill("1234567-8")
            page.locator("input[name=categories]").first.check()
            page.locator("#id_years_in_trade").fill("12")
            page.locator("#id_trade_licence").set_input_files(document(tmp_path, "licence.png"))
            page.locator("#id_owner_id").set_input_files(document(tmp_path, "cnic.png"))
            page.locator("form.apply-form button[type=submit], form button[type=submit]").last.click()
            page.wait_for_url("**/sell/application/")
            seller.landed(message="Thank you: your application has been sent to the council.")
            business = Seller.objects.get(trade_name="Anarkali Gems")

            # The council (in English) starts the review and approves.
            council = context.browser.new_context(viewport=DESKTOP).new_page()
            council.goto(f"{live_server.url}/accounts/login/?next=/council/sellers/{business.pk}/")
            council.locator("#id_username").fill("nadia@example.org")
            council.locator("#id_password").fill(PASSWORD)
            council.locator("form button[type=submit]").last.click()
            council.wait_for_url(f"**/council/sellers/{business.pk}/")
            council.locator("form.council-action--start_review button[type=submit]").click()
            council.locator("form.council-action--approve button[type=submit]").click()
            council.locator(".status-pill, .chip").first.wait_for()
            business.refresh_from_db()
            assert business.status == Seller.Status.VERIFIED

            seller.go(live_server.url + "/sell/application/")
            seller.go(live_server.url + "/seller/")

            # Import the stones, then publish them all at once.
            seller.go(live_server.url + "/seller/import/")
            page.locator("input[type=file]").first.set_input_files(str(sheet))
            page.locator("form.apply-form button[type=submit]").click()
            page.locator("[data-status]").wait_for()
            seller.landed()
            page.locator("form[action$='/commit/'] button[type=submit]").click()
            page.locator("[data-status]").wait_for()
            seller.landed()
            assert Listing.objects.filter(seller=business, status="draft").count() == len(rows)

            seller.go(live_server.url + "/seller/listings/?status=draft")
            page.locator("input[data-bulk-all]").check()
            page.locator("button[value=publish]").first.click()
            seller.landed()
            page.locator("form button[type=submit][name=confirm], form button[type=submit]").last.click()
            seller.landed(message="%(count)s listings published.")
            assert Listing.objects.filter(seller=business, status="active").count() == len(rows)

            # Found in search, in Urdu.
            word = in_language("ur", vocab.VARIETIES_BY_CODE["emerald"].label)
            seller.go(f"{live_server.url}/search/?q={word}")
            assert page.locator("a[href*='anarkali-emerald']").count() >= 1
            city = page.locator(".card__seller, .card").first.inner_text()
            assert "لاہور" in city and "Lahore" not in city
        finally:
            browser.close()
            connections.close_all()


@pytest.mark.browser
def test_a_buyer_in_dubai_in_arabic_from_search_to_a_placed_order(live_server, transactional_db, settings):
    require_chromium()
    from playwright.sync_api import sync_playwright

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    seed_shipping_zones()
    shop = make_seller(trade_name="Mingora Emerald Traders", city="Mingora")
    stone = make_gem_listing(seller=shop, title="Oiled emerald from Swat", price=Decimal("1250.00"))
    own = {"Mingora", "Emerald", "Traders", "Oiled", "emerald", "from", "Swat", "Omar", "Ali", "omar", "example",
           "org", "Villa", "Street", "Dubai", *LATIN_WORD.findall(f"{stone.sku} {stone.description}")}

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport=DESKTOP)
            buyer = Reader(context.new_page(), "ar", own)
            page = buyer.page

            # Arabic and dirhams, chosen from the pickers in the top bar.
            page.goto(live_server.url + "/")
            with page.expect_navigation():
                page.locator("#pick-language").select_option("ar")
            with page.expect_navigation():
                page.locator("#pick-currency").select_option("AED")
            buyer.landed()
            word = in_language("ar", vocab.VARIETIES_BY_CODE["emerald"].label)
            buyer.go(f"{live_server.url}/search/?q={word}")
            page.locator(f"a[href='{stone.get_absolute_url()}']").first.click()
            page.wait_for_url(f"**{stone.get_absolute_url()}")
            buyer.landed()
            page.get_by_test_id("add-to-cart").click()
            page.locator("[data-cart-count]").filter(has_text="1").wait_for()
            buyer.go(live_server.url + "/cart/")

            # A new buyer: sign up from the cart, confirm, and come back to the cart.
            page.goto(f"{live_server.url}/accounts/signup/?next=/cart/")
            buyer.landed()
            sign_up(buyer, email="omar@example.org", name="Omar Ali", country="AE")
            page.wait_for_url("**/cart/")
            buyer.landed(message=WELCOME)
            page.goto(live_server.url + confirmation_path("omar@example.org"))
            page.wait_for_url("**/cart/")
            buyer.landed(message="Your email address is confirmed.")

            page.get_by_test_id("go-checkout").click()
            page.wait_for_url("**/checkout/")
            buyer.landed()
            page.locator("#id_shipping_name").fill("Omar Ali")
            page.locator("#id_shipping_line1").fill("Villa 3, Street 12")
            page.locator("#id_shipping_city").fill("Dubai")
            page.locator("#id_shipping_country").select_option("AE")
            page.locator("#shipping-methods .method__price").first.wait_for()
            page.locator("#id_shipping_phone").fill("+971 50 123 4567")
            page.get_by_test_id("to-review").click()
            page.wait_for_url("**/checkout/review/")
            buyer.landed()
            page.get_by_test_id("place-order").click()
            page.wait_for_url("**/checkout/done/**")
            buyer.landed()

            order = Order.objects.get(buyer__email="omar@example.org")
            assert order.currency == "AED"
            buyer.go(f"{live_server.url}/orders/{order.number}/")
            timeline = page.get_by_test_id("timeline").inner_text()
            assert in_language("ar", "Awaiting payment.") in timeline
            assert re.search("[\u0600-\u06ff]", timeline)
        finally:
            browser.close()
            connections.close_all()

