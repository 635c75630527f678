"""Trade assurance end to end, in the browser, over real HTTP to the local card provider.

A buyer in Dubai buys a Swat emerald and pays by card on the provider's hosted page; the seller
ships; the buyer confirms delivery; the sale, less the commission, is available in the seller's
payout ledger. A second stone arrives chipped: the buyer opens a dispute, the seller's offer is
too small, the buyer asks the council, and council staff decide a partial refund, which goes back
to the card through the provider; the refund shows in the payment's ledger and in the seller's.

With GEMBAZAAR_SCREENSHOTS=<dir> it saves the payment step, the card page, the dispute and the
payout ledger at desktop and phone widths.
"""

import os
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connections
from django.utils import timezone

from gembazaar.accounts.models import COUNCIL_STAFF_GROUP, User
from gembazaar.orders.models import Order
from gembazaar.payments.models import Payment, PayoutEntry, Refund
from gembazaar.sellers.models import SellerMember
from gembazaar.testing import make_gem_listing, make_seller, seed_shipping_zones

from .chromium import launch, require_chromium

SHOTS = os.environ.get("GEMBAZAAR_SCREENSHOTS", "")
DESKTOP, MOBILE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
PASSWORD = "Emerald-Swat-24"


def _user(username: str, name: str) -> User:
    first, last = name.split()
    return User.objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD,
                                    first_name=first, last_name=last, email_confirmed=True,
                                    email_confirmed_at=timezone.now())


def _sign_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_label("Email or username").fill(f"{username}@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _shots(page, name: str) -> None:
    if not SHOTS:
        return
    for label, size in (("desktop", DESKTOP), ("mobile", MOBILE)):
        page.set_viewport_size(size)
        page.screenshot(path=f"{SHOTS}/{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def _buy_and_pay_by_card(page, base: str, stone, *, first: bool) -> Order:
    """From the listing to "Paid": cart, checkout to Dubai, review, place, Pay now, the card page."""
    page.goto(base + stone.get_absolute_url())
    page.get_by_test_id("add-to-cart").click()
    page.get_by_text("Added to your cart.").wait_for()  # htmx answered: the line is in the cart
    page.goto(base + "/checkout/")
    if first:
        page.locator("#id_shipping_name").fill("Sara Khan")
        page.locator("#id_shipping_line1").fill("14 Sheikh Zayed Road")
        page.locator("#id_shipping_city").fill("Dubai")
        page.locator("#id_shipping_country").select_option("AE")
        page.locator("#id_shipping_phone").fill("+971 50 123 4567")
    page.get_by_test_id("to-review").click()
    page.wait_for_url("**/checkout/review/")
    page.get_by_test_id("place-order").click()
    page.wait_for_url("**/checkout/done/**")
    page.get_by_test_id("pay-now").click()
    page.wait_for_url("**/payments/GBC-*/")
    if first:
        _shots(page, "payment-step")
    page.get_by_test_id("method-card").check()
    page.get_by_test_id("pay-now").click()
    page.wait_for_url("**/_fakepay/**")
    if first:
        _shots(page, "card-page")
        page.get_by_label("Card number").fill("4000 0000 0000 0002")  # declined first: nothing taken
        page.get_by_role("button", name="Pay", exact=True).click()
        page.get_by_text("declined").first.wait_for()
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Pay", exact=True).click()
    page.wait_for_url("**/payments/GBC-*/")
    page.get_by_test_id("payment-state").filter(has_text="Paid").wait_for()
    return Order.objects.filter(lines__listing=stone).get()


def _ship(page, base: str, order: Order, tracking: str) -> None:
    page.goto(f"{base}/seller/orders/{order.number}/")
    page.get_by_role("button", name="Accept and prepare").click()
    page.get_by_label("Tracking number").fill(tracking)
    page.get_by_label("Carrier").fill("Pakistan Post EMS")
    page.get_by_role("button", name="Mark shipped").click()
    page.get_by_test_id("order-status").filter(has_text="Shipped").wait_for()


@pytest.mark.browser
def test_card_payment_escrow_payout_and_a_dispute_decided_by_the_council(card_site, transactional_db):
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    base = card_site
    seed_shipping_zones()
    seller = make_seller(trade_name="Mingora Emerald Traders", city="Mingora")
    SellerMember.objects.create(seller=seller, user=_user("olivia", "Olivia Shah"), role=SellerMember.Role.OWNER)
    emerald = make_gem_listing(seller=seller, title="Oiled emerald from Swat, 1.25 ct", price=Decimal("1250.00"))
    pair = make_gem_listing(seller=seller, title="Swat emerald pair, 2.10 ct", price=Decimal("800.00"))
    _user("sara", "Sara Khan")
    staff = _user("council", "Nadia Council")
    staff.is_staff = True
    staff.save()
    staff.groups.add(Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)[0])

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            buyer = browser.new_context(viewport=DESKTOP).new_page()
            seller_page = browser.new_context(viewport=DESKTOP).new_page()
            council = browser.new_context(viewport=DESKTOP).new_page()
            _sign_in(buyer, base + "/accounts/login/", "sara")
            _sign_in(seller_page, base + "/accounts/login/", "olivia")
            _sign_in(council, base + "/accounts/login/", "council")

            # 1. Card payment through the hosted page: captured once, the order paid.
            order = _buy_and_pay_by_card(buyer, base, emerald, first=True)
            payment = Payment.objects.get(checkout=order.checkout)
            assert (payment.provider, payment.status) == ("stripe", "paid")
            assert payment.entries.filter(kind="capture").count() == 1
            assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
            _shots(buyer, "paid")

            # 2. The seller ships; the buyer confirms receipt and completes the order.
            _ship(seller_page, base, order, "EE123456789PK")
            buyer.goto(f"{base}/orders/{order.number}/")
            buyer.get_by_role("button", name="I have received it").click()
            buyer.get_by_role("button", name="Everything is fine: complete the order").click()
            expect(buyer.get_by_test_id("order-status")).to_contain_text("Completed")

            # 3. The sale less commission is available in the seller's payout ledger.
            seller_page.goto(f"{base}/seller/payouts/")
            ledger = seller_page.get_by_test_id("payout-ledger")
            expect(ledger).to_contain_text(order.number)
            sale = PayoutEntry.objects.get(order=order, kind="sale")
            commission = PayoutEntry.objects.get(order=order, kind="commission")
            assert sale.amount == order.payout_amount and commission.amount < 0
            expect(seller_page.get_by_test_id("payout-balance")).to_contain_text("Available")
            _shots(seller_page, "seller-payouts")

            # 4. The second stone arrives chipped: a dispute, a small offer declined, the council asked.
            second = _buy_and_pay_by_card(buyer, base, pair, first=False)
            _ship(seller_page, base, second, "EE987654321PK")
            buyer.goto(f"{base}/orders/{second.number}/dispute/")
            buyer.get_by_label("What went wrong").select_option("damaged")
            buyer.get_by_label("Tell the seller and the council").fill("The girdle is chipped on one side.")
            buyer.get_by_role("button", name="Open the dispute").click()
            expect(buyer.get_by_test_id("dispute-status")).to_contain_text("Open")
            dispute_url = buyer.url

            seller_page.goto(f"{base}/seller/disputes/")
            seller_page.get_by_role("link", name=second.number).first.click()
            seller_page.get_by_label("Offer").select_option("partial_refund")
            seller_page.get_by_label("Amount to refund").fill("40.00")
            seller_page.get_by_role("button", name="Make the offer").click()
            expect(seller_page.get_by_test_id("pending-offer")).to_be_visible()

            buyer.goto(dispute_url)
            buyer.get_by_role("button", name="Decline").click()
            buyer.get_by_role("button", name="Escalate").click()
            expect(buyer.get_by_test_id("dispute-status")).to_contain_text("council")
            _shots(buyer, "dispute")

            # 5. Council staff decide a refund in part; it goes back to the card through the provider.
            council.goto(f"{base}/council/disputes/")
            council.get_by_role("link", name=second.number).first.click()
            council.get_by_label("Council decision: refund in part").check()
            council.get_by_label("Amount to refund").fill("200.00")
            council.get_by_label("Reason").fill("Chip confirmed from the photos; the buyer keeps the pair.")
            council.get_by_role("button", name="Record the decision").click()
            expect(council.get_by_test_id("dispute-outcome")).to_contain_text("refund in part")
            _shots(council, "council-decision")

            refund = Refund.objects.get(order=second)
            assert (refund.amount, refund.status) == (Decimal("200.000"), Refund.Status.SUCCEEDED)
            assert refund.entry.kind == "refund" and refund.provider_refund_id
            assert Order.objects.get(pk=second.pk).status == Order.Status.COMPLETED
            refunded = PayoutEntry.objects.filter(order=second, kind="refund").get()
            assert refunded.amount == -(Decimal("200.00") * second.payout_fx_rate).quantize(Decimal("0.01"))

            council.goto(f"{base}/council/payments/{second.checkout.reference}/")
            expect(council.get_by_test_id("refunds")).to_contain_text("Refunded")
            buyer.goto(dispute_url)
            expect(buyer.get_by_test_id("dispute-outcome")).to_contain_text("200")
        finally:
            browser.close()
            connections.close_all()
