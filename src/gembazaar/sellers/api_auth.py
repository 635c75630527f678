"""How the API knows a seller: its API key (Bearer) or a member's browser session. One place that
the seller API door and the domain apps' seller endpoints (orders, shipping) all import.

Without credentials → 401; signed in but not a member of a seller → 403 `not_a_seller_member`;
a suspended or rejected seller's key → 403 `seller_not_active`; over the key's budget → 429.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer

from gembazaar.accounts.selectors import seller_membership_acting
from gembazaar.core.api import ErrorOut
from gembazaar.core.errors import Forbidden

from .api_keys import api_key_authenticate, api_key_check_allowed


class SellerApiKeyAuth(HttpBearer):
    """`Authorization: Bearer gbz_…`; sets request.seller.

    Missing, unknown or revoked → 401; a suspended or rejected seller's key → 403; more requests
    per key than the `seller_api_key` rate allows → 429 with Retry-After.
    """

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str):
        key = api_key_authenticate(token)
        if key is None:
            return None
        api_key_check_allowed(key)
        request.seller = key.seller
        request.seller_api_key = key
        return key


class SellerSessionAuth(APIKeyCookie):
    """A seller member's browser session (CSRF checked on writes); sets request.seller."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None):
        user = request.user
        if not user.is_authenticated:
            return None
        membership, _all = seller_membership_acting(user=user, session=request.session)
        if membership is None:  # signed in, so 403: signing in again would not help
            raise Forbidden(_("Only the members of a seller account can do this."), code="not_a_seller_member")
        request.seller = membership.seller
        request.seller_api_key = None
        return user


# The seller endpoints of the domain apps take either; the sellerapi door takes only the key.
seller_auth = [SellerApiKeyAuth(), SellerSessionAuth()]
# What the key itself can cause on every endpoint: missing or revoked (401), a suspended or
# rejected seller (403), too many requests (429, with Retry-After).
KEY_ERRORS = {401: ErrorOut, 403: ErrorOut, 429: ErrorOut}
