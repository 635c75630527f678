"""Demo accounts, one per role, all with the published demo password.

A username is the part of the email before the @ (log in as `buyer` / `gembazaar-demo`).
An existing account is left untouched, so running the seeder again never resets a password.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils import timezone

from gembazaar.accounts.models import COUNCIL_STAFF_GROUP
from gembazaar.sellers.models import Seller, SellerMember

from .constants import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD

COUNCIL_APPS = ("sellers", "catalogue", "accounts")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str
    seller_slug: str = ""
    staff: bool = False
    superuser: bool = False
    council: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@{DEMO_EMAIL_DOMAIN}"

    @property
    def password(self) -> str:
        return DEMO_PASSWORD


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("buyer", "Buyer", "Ayesha Khan"),
    DemoAccount("owner1", "Seller owner — Namak Mandi Gem House", "Gul Rahman", seller_slug="namak-mandi-gem-house"),
    DemoAccount("owner2", "Seller owner — Anarkali Jewellers", "Imran Butt", seller_slug="anarkali-jewellers"),
    DemoAccount("council", "Council staff", "Council Desk", staff=True, council=True),
    DemoAccount("admin", "Superuser (Django admin)", "Site Admin", staff=True, superuser=True),
)


def ensure_council_group() -> Group:
    """The council staff group with every view/add/change permission of the sellers, catalogue and accounts apps."""
    group, _ = Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)
    permissions = Permission.objects.filter(
        Q(codename__startswith="view_") | Q(codename__startswith="add_") | Q(codename__startswith="change_"),
        content_type__app_label__in=COUNCIL_APPS,
    )
    group.permissions.add(*permissions)
    return group


def ensure_accounts(sellers: list[Seller]) -> tuple[DemoAccount, ...]:
    user_model = get_user_model()
    sellers_by_slug = {seller.slug: seller for seller in sellers}
    group = ensure_council_group()
    for account in ACCOUNTS:
        user = user_model.objects.filter(email=account.email).first() \
            or user_model.objects.filter(username=account.username).first()
        if user is None:
            first_name, _, last_name = account.full_name.partition(" ")
            user = user_model.objects.create_user(
                username=account.username, email=account.email, password=account.password,
                first_name=first_name, last_name=last_name,
                is_staff=account.staff, is_superuser=account.superuser, country="PK",
                # Demo people have "confirmed" their addresses so every flow works at once.
                email_confirmed=True, email_confirmed_at=timezone.now(),
            )
        if account.council:
            user.groups.add(group)
        if account.seller_slug:
            SellerMember.objects.get_or_create(seller=sellers_by_slug[account.seller_slug], user=user,
                                               defaults={"role": SellerMember.Role.OWNER})
    return ACCOUNTS
