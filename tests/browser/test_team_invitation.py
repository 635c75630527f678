"""End to end: an owner invites a colleague by email; the colleague follows the link, signs in and joins."""

import os
import re

import pytest
from django.core import mail
from django.utils import timezone

from gembazaar.accounts.models import User
from gembazaar.sellers.models import SellerMember
from gembazaar.testing import make_seller

from .chromium import launch, require_chromium

SHOTS = os.environ.get("GEMBAZAAR_SCREENSHOTS", "")


def _user(username: str, name: str) -> User:
    first, last = name.split()
    return User.objects.create_user(username=username, email=f"{username}@example.org", password="Emerald-Swat-24",
                                    first_name=first, last_name=last, email_confirmed=True,
                                    email_confirmed_at=timezone.now())


def _sign_in(page, base: str, username: str) -> None:
    page.get_by_label("Email or username").fill(f"{username}@example.org")
    page.get_by_label("Password").fill("Emerald-Swat-24")
    page.get_by_role("button", name="Sign in").click()


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.browser
def test_an_owner_invites_a_colleague_who_accepts_from_the_email(live_server, transactional_db, settings):
    require_chromium()
    from playwright.sync_api import sync_playwright

    settings.SITE_URL = live_server.url
    seller = make_seller(trade_name="Mingora Emerald Traders", city="Mingora")
    owner = _user("olivia", "Olivia Shah")
    SellerMember.objects.create(seller=seller, user=owner, role=SellerMember.Role.OWNER)
    _user("carol", "Carol Khan")
    mail.outbox = []

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            page.goto(live_server.url + "/seller/team/")
            _sign_in(page, live_server.url, "olivia")
            page.wait_for_url("**/seller/team/")
            page.get_by_label("Email address").fill("Carol@example.org")
            page.get_by_label("Role").select_option("staff")
            page.get_by_role("button", name="Send invitation").click()
            page.wait_for_url("**/seller/team/")
            assert "Invitation sent to Carol@example.org" in page.content()
            assert page.locator("#invitations").get_by_text("Carol@example.org").is_visible()
            _shot(page, "invite-team")

            assert len(mail.outbox) == 1
            link = re.search(r"http\S+/seller/invitations/[\w-]+/", mail.outbox[0].body).group(0)

            invitee = browser.new_context().new_page()  # another person, another browser
            invitee.goto(link)
            assert "Join Mingora Emerald Traders" in invitee.content()
            assert invitee.get_by_label("Email address").input_value() == "Carol@example.org"
            _shot(invitee, "invite-accept-anonymous")
            invitee.get_by_role("link", name="Sign in to accept").click()
            _sign_in(invitee, live_server.url, "carol")
            invitee.wait_for_url(link)
            _shot(invitee, "invite-accept-signed-in")
            invitee.get_by_role("button", name="Accept and join Mingora Emerald Traders").click()
            invitee.wait_for_url("**/seller/")
            assert "Welcome to Mingora Emerald Traders" in invitee.content()
            _shot(invitee, "invite-dashboard")
        finally:
            browser.close()
    # Read the database outside Playwright's event loop: inside it the ORM would open a connection of
    # its own that outlives the test (PostgreSQL then cannot drop the test database).
    assert SellerMember.objects.get(user__username="carol").role == SellerMember.Role.STAFF
