"""How the API knows council staff: their browser session. Anonymous → 401; signed in without
the role → 403 `not_council_staff`."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie

from gembazaar.core.errors import Forbidden


class CouncilSessionAuth(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None):
        user = request.user
        if not user.is_authenticated:
            return None
        if not user.is_council_staff:  # signed in without the role: 403, as POST /rates answers
            raise Forbidden(_("Only council staff can do this."), code="not_council_staff")
        return user
