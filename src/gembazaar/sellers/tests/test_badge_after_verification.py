"""The council's badge follows the decisions: shown after approval, gone (with the shop) after suspension."""

import pytest
from django.urls import reverse
from django.utils import formats

from gembazaar.catalogue import services as catalogue_services
from gembazaar.sellers import services
from gembazaar.testing import make_gem_listing, make_seller

pytestmark = pytest.mark.django_db


def badge(seller) -> str:
    return f"Verified by the council · {formats.date_format(seller.verified_at, 'M Y')}"


def test_approval_opens_the_shop_with_the_badge_on_the_page_and_on_every_card(client, council_user):
    seller = make_seller(status="under_review", trade_name="Karakoram Gems")
    listing = make_gem_listing(seller=seller, publish=False, title="Shigar aquamarine")
    assert client.get(seller.get_absolute_url()).status_code == 404

    services.seller_approve(seller=seller, actor=council_user)
    catalogue_services.listing_publish(listing=listing)
    seller.refresh_from_db()

    page = client.get(seller.get_absolute_url()).content.decode()
    assert page.count(badge(seller)) >= 2  # the profile badge and the listing's card
    gems = client.get(reverse("gem_list")).content.decode()
    assert "Shigar aquamarine" in gems and badge(seller) in gems


def test_suspension_removes_the_badge_the_shop_and_its_listings(client, council_user):
    seller = make_seller(trade_name="Fizagat Emerald Traders")
    make_gem_listing(seller=seller, title="Swat emerald parcel")
    assert badge(seller) in client.get(reverse("gem_list")).content.decode()

    services.seller_suspend(seller=seller, actor=council_user, reason="Undisclosed oiling reported by buyers.")

    assert client.get(seller.get_absolute_url()).status_code == 404
    gems = client.get(reverse("gem_list")).content.decode()
    assert "Swat emerald parcel" not in gems and "Fizagat Emerald Traders" not in gems
    assert "Fizagat Emerald Traders" not in client.get(reverse("seller_list")).content.decode()


def test_reinstatement_brings_the_shop_back_with_the_new_date(client, council_user):
    seller = make_seller(trade_name="Quetta Lapis Traders")
    make_gem_listing(seller=seller, title="Lapis cabochon")
    services.seller_suspend(seller=seller, actor=council_user, reason="Licence renewal pending.")
    services.seller_reinstate(seller=seller, actor=council_user)
    seller.refresh_from_db()

    page = client.get(seller.get_absolute_url()).content.decode()
    assert "Lapis cabochon" in page and badge(seller) in page


def test_suspension_reaches_the_search_page_and_reinstatement_brings_it_back(client, council_user):
    # The search index follows sellers through a change-log trigger on sellers_seller; a SQLite
    # table rebuild in a sellers migration must not have dropped it (see sellers 0002).
    seller = make_seller(trade_name="Ghundao Topaz Traders")
    make_gem_listing(seller=seller, title="Katlang pink topaz")
    assert "Katlang pink topaz" in client.get(reverse("search")).content.decode()

    services.seller_suspend(seller=seller, actor=council_user, reason="Treated topaz sold as untreated.")
    assert "Katlang pink topaz" not in client.get(reverse("search")).content.decode()

    services.seller_reinstate(seller=seller, actor=council_user)
    assert "Katlang pink topaz" in client.get(reverse("search")).content.decode()
