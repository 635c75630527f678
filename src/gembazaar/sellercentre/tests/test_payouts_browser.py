"""The payout pages fit a phone, in English and Arabic (right to left): the seller's Payouts page
and the council's seller payout page never widen a 390 px screen; the ledgers scroll inside."""

import os
from decimal import Decimal

import pytest
from django.db import connections
from django.test import Client

from gembazaar.orders.tests.conftest import make_buyer, make_member
from gembazaar.payments import payouts
from gembazaar.payments.tests.payout_factories import complete, paid_order
from gembazaar.sellers.tests.conftest import make_council_user
from gembazaar.testing import make_seller, seed_shipping_zones
from tests.browser.chromium import launch, require_chromium

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
def test_payout_pages_do_not_widen_a_phone(live_server, transactional_db, language):
    require_chromium()
    from playwright.sync_api import sync_playwright

    seed_shipping_zones()
    seller = make_seller(trade_name="Swat Emerald House")
    staff, buyer, owner = make_council_user("treasurer"), make_buyer("amina"), make_member(seller, "owner")
    complete(paid_order(buyer=buyer, seller=seller, staff=staff), buyer=buyer)
    paid_order(buyer=buyer, seller=seller, staff=staff, price=str(Decimal("250.00")))
    payout = payouts.payout_request(seller=seller, amount="100000.00", actor=staff)
    payouts.payout_mark_sent(payout=payout, actor=staff, bank_reference="HBL-FT-0000778899-PK")
    pages = [(owner, "/seller/payouts/"), (owner, f"/seller/payouts/{payout.pk}/"), (staff, "/council/payouts/"),
             (staff, f"/council/payouts/sellers/{seller.pk}/")]
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for user, path in pages:
                context = browser.new_context(viewport={"width": 390, "height": 844})
                context.add_cookies([{"name": "sessionid", "value": session(user), "url": live_server.url},
                                     {"name": "django_language", "value": language, "url": live_server.url}])
                page = context.new_page()
                page.goto(live_server.url + path)
                if os.environ.get("PAYOUT_SHOTS"):
                    page.screenshot(path=f"{os.environ['PAYOUT_SHOTS']}/{language}{path.replace('/', '_')}.png",
                                    full_page=True)
                assert page.evaluate("document.documentElement.scrollWidth") <= 390, (language, path)
                context.close()
        finally:
            browser.close()
            connections.close_all()
