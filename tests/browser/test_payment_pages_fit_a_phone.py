"""The council's payment pages fit a phone: a payment's ledger scrolls inside its column instead
of widening the page (it did, to 447 px at 390, in Arabic)."""

from decimal import Decimal

import pytest
from django.db import connections
from django.test import Client

from gembazaar.orders.tests.conftest import make_buyer
from gembazaar.payments import services
from gembazaar.payments.tests.conftest import placed_payment
from gembazaar.sellers.tests.conftest import make_council_user
from gembazaar.testing import make_gem_listing, make_seller, seed_shipping_zones

from .chromium import launch, require_chromium


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_payment_pages_do_not_widen_a_phone(live_server, transactional_db, language):
    require_chromium()
    from playwright.sync_api import sync_playwright

    seed_shipping_zones()
    payment = placed_payment(make_buyer("amina"), make_gem_listing(seller=make_seller(), price=Decimal("1250.00")))
    staff = make_council_user("treasurer")
    services.payment_capture_record(payment=payment, amount=Decimal("500.00"), currency="USD", actor=staff,
                                    provider_event_id="HBL-000123456789")
    client = Client()
    client.force_login(staff)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(viewport={"width": 390, "height": 844})
            context.add_cookies([
                {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url},
                {"name": "django_language", "value": language, "url": live_server.url}])
            page = context.new_page()
            for path in (f"/council/payments/{payment.reference}/", "/council/payments/",
                         "/council/payments/statement/"):
                page.goto(live_server.url + path)
                assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        finally:
            browser.close()
            connections.close_all()
