"""Roles, and the gates the other apps put on their pages.

Roles come from relations, not a field:
- **buyer**: any signed-in user;
- **seller member**: owner or staff of a seller (sellers.SellerMember);
- **council staff**: a superuser, or `is_staff` and in the "Council staff" group.

Gates (function-view decorators and class-view mixins):
- `council_staff_required`: anonymous → sign-in page; signed in but not council staff → 403.
- `seller_member_required` (optionally `owner_only=True`): anonymous → sign-in page; no seller →
  403 page inviting them to apply; member of several sellers and none chosen yet → a page to
  choose one; otherwise sets `request.seller_membership` and `request.seller` and runs the view.
- `email_confirmed_required`: anonymous → sign-in page; unconfirmed address → 403 page with a
  button that re-sends the link. For the doors that start selling or paying (seller application,
  checkout).
An htmx request that needs a sign-in gets an `HX-Redirect` to the sign-in page instead of a 302,
so the whole page moves rather than a fragment.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse

from . import selectors
from .models import COUNCIL_STAFF_GROUP

__all__ = [
    "COUNCIL_STAFF_GROUP",
    "CouncilStaffRequiredMixin",
    "EmailConfirmedRequiredMixin",
    "SellerMemberRequiredMixin",
    "council_staff_required",
    "email_confirmed_required",
    "is_council_staff",
    "is_seller_member",
    "seller_member_required",
]

is_seller_member = selectors.is_seller_member


def is_council_staff(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for an active superuser, or an active `is_staff` user in the "Council staff" group."""
    return user.is_authenticated and user.is_council_staff


def _to_login(request: HttpRequest) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        current = request.htmx.current_url_abs_path or request.get_full_path()
        response["HX-Redirect"] = redirect_to_login(current).url
        return response
    return redirect_to_login(request.get_full_path(), resolve_url("login"))


def _refuse(request: HttpRequest, reason: str, **context) -> HttpResponse:
    """The 403 page, saying why and what to do next (sign in as someone else, apply, confirm)."""
    return TemplateResponse(request, "accounts/forbidden.html", {"reason": reason, **context}, status=403).render()


def _council_gate(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return _to_login(request)
    if not is_council_staff(request.user):
        return _refuse(request, "council")
    return None


def _email_gate(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return _to_login(request)
    if not request.user.email_confirmed:
        return _refuse(request, "unconfirmed")
    return None


def _seller_gate(request: HttpRequest, *, owner_only: bool) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return _to_login(request)
    membership, memberships = selectors.seller_membership_acting(user=request.user, session=request.session)
    if not memberships:
        return _refuse(request, "no_seller")
    if membership is None:
        return TemplateResponse(request, "accounts/seller_choose.html",
                                {"memberships": memberships, "next": request.get_full_path()}).render()
    if owner_only and membership.role != "owner":
        return _refuse(request, "not_owner", membership=membership)
    request.seller_membership = membership
    request.seller = membership.seller
    return None


def _decorator(gate: Callable[[HttpRequest], HttpResponse | None]) -> Callable:
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            return gate(request) or view(request, *args, **kwargs)
        return wrapped
    return decorate


council_staff_required = _decorator(_council_gate)
council_staff_required.__doc__ = "A view for council staff only: anonymous → sign-in, others → 403."

email_confirmed_required = _decorator(_email_gate)
email_confirmed_required.__doc__ = "A view for users who have confirmed their email: anonymous → sign-in, others → 403."


def seller_member_required(view: Callable | None = None, *, owner_only: bool = False) -> Callable:
    """A view for members of a seller; sets `request.seller_membership` and `request.seller`.

    Use bare (`@seller_member_required`) or with `owner_only=True` for what only an owner may do
    (invite staff, see the business's documents). The seller may be in any status: check
    `request.seller.is_verified` before publishing.
    """
    decorate = _decorator(lambda request: _seller_gate(request, owner_only=owner_only))
    return decorate(view) if view is not None else decorate


class _GateMixin:
    def gate(self, request: HttpRequest) -> HttpResponse | None:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        return self.gate(request) or super().dispatch(request, *args, **kwargs)


class CouncilStaffRequiredMixin(_GateMixin):
    def gate(self, request):
        return _council_gate(request)


class EmailConfirmedRequiredMixin(_GateMixin):
    def gate(self, request):
        return _email_gate(request)


class SellerMemberRequiredMixin(_GateMixin):
    """Class-view form of `seller_member_required`; set `seller_owner_only = True` for owners only."""

    seller_owner_only = False

    def gate(self, request):
        return _seller_gate(request, owner_only=self.seller_owner_only)
