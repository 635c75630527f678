"""Reads about people and their roles.

Seller memberships are reached through the `seller_memberships` relation that sellers.SellerMember
puts on the user, so this module never imports the sellers app: accounts stays below sellers.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

ACTING_SELLER_SESSION_KEY = "acting_seller_id"


def user_find_by_login(*, login: str):
    """The account a sign-in identifier (username or email, any case) names, or None."""
    users = get_user_model().objects
    login = login.strip()
    if "@" in login:
        return users.filter(email__iexact=login).first()
    return users.filter(username=login).first()


def seller_memberships_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """The user's memberships (sellers.SellerMember) with their seller, by trade name; none for anonymous."""
    if not user.is_authenticated:
        return get_user_model().seller_memberships.rel.related_model.objects.none()
    return user.seller_memberships.select_related("seller").order_by("seller__trade_name", "seller_id")


def seller_membership_get(*, user: AbstractBaseUser | AnonymousUser, seller_id: int | str | None):
    """The user's membership of that seller, or None (not a member, bad id, anonymous)."""
    if not user.is_authenticated:
        return None
    try:
        seller_id = int(seller_id)
    except (TypeError, ValueError):
        return None
    return seller_memberships_for_user(user=user).filter(seller_id=seller_id).first()


def is_seller_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    return user.is_authenticated and user.seller_memberships.exists()


def seller_membership_acting(*, user: AbstractBaseUser | AnonymousUser, session) -> tuple[object | None, list]:
    """The membership the user acts through now, and all of theirs.

    One membership: that one. Several: the one whose seller id the session holds (set by the
    switcher), else None — the caller asks the user to choose rather than guess a business.
    """
    memberships = list(seller_memberships_for_user(user=user))
    if len(memberships) == 1:
        return memberships[0], memberships
    chosen = session.get(ACTING_SELLER_SESSION_KEY)
    for membership in memberships:
        if membership.seller_id == chosen:
            return membership, memberships
    return None, memberships
