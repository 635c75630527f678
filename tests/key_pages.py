"""The small marketplace the whole-site checks walk: a verified seller with gems and jewelry, a
buyer with a placed order and a stone in the cart, a newcomer, and a council member. Used by the
interface-language check (tests/test_interface_language.py) and the axe check
(tests/browser/test_accessibility.py)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from gembazaar.accounts.models import COUNCIL_STAFF_GROUP, User
from gembazaar.orders.services import cart as cart_services
from gembazaar.orders.services import checkout as checkout_services
from gembazaar.pricing import services as pricing
from gembazaar.sellers.models import SellerMember
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller, seed_shipping_zones

PASSWORD = "Emerald-Swat-24"
ADDRESS = {"name": "Sara Khan", "line1": "14 Sheikh Zayed Road", "line2": "", "city": "Dubai", "region": "",
           "postal_code": "", "country": "AE", "phone": "+971 50 123 4567"}


def make_user(username: str, *, staff: bool = False) -> User:
    user = User.objects.create_user(username=username, email=f"{username}@example.org", password=PASSWORD,
                                    first_name=username.title(), email_confirmed=True,
                                    email_confirmed_at=timezone.now())
    if staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)[0])
    return user


def make_marketplace() -> dict:
    seed_shipping_zones()
    pricing.record_metal_rate(metal="gold", fineness=999, unit="tola", price=Decimal("452300"), currency="PKR",
                              source="Lahore Sarafa", confirm=True)
    seller = make_seller(trade_name="Mingora Emerald Traders", city="Mingora", market="Gem Market")
    owner = make_user("olivia")
    SellerMember.objects.create(seller=seller, user=owner, role=SellerMember.Role.OWNER)
    stone = make_gem_listing(seller=seller, title="Oiled emerald from Swat, 1.25 ct", price=Decimal("1250.00"))
    sold = make_gem_listing(seller=seller, title="Swat emerald pair", price=Decimal("480.00"))
    ruby = make_gem_listing(seller=seller, title="Hunza ruby", gem={
        "species": "corundum", "variety": "ruby", "clarity": "SI", "treatments": "H", "colour": "red"})
    ring = make_jewelry_listing(seller=seller, title="22K gold ring, 4.8 g")
    buyer = make_user("sara")
    cart_services.cart_add_line(user=buyer, guest_token=None, listing_id=sold.pk)
    placed = checkout_services.checkout_place(user=buyer, idempotency_key=uuid.uuid4().hex, currency="USD",
                                              shipping_address=dict(ADDRESS), shipping_methods={})
    cart_services.cart_add_line(user=buyer, guest_token=None, listing_id=stone.pk)
    return {"seller": seller, "stone": stone, "sold": sold, "ruby": ruby, "ring": ring, "order": placed.orders[0],
            "checkout": placed.checkout, "buyer": buyer, "owner": owner, "council": make_user("council", staff=True),
            "newcomer": make_user("nadia")}
