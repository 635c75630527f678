"""Sign-up that starts from an invitation link suggests the invited address (see accounts.signup_hints)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from gembazaar.accounts.signup_hints import register_signup_email_hint
from gembazaar.core.errors import DomainError
from gembazaar.sellers import invitations
from gembazaar.sellers import services as seller_services


@register_signup_email_hint
def invited_email(next_path: str) -> str:
    """The invited address when the sign-up will return to an invitation that can still be accepted."""
    try:
        match = resolve(urlsplit(next_path).path)
    except Resolver404:
        return ""
    if match.view_name != "sellercentre:invitation_accept":
        return ""
    try:
        invitation = invitations.seller_invitation_get_by_token(token=match.kwargs["token"])
        invitations.seller_invitation_check(invitation=invitation, user=None)
    except seller_services.NotPermitted:
        return invitation.email  # open: it only waits for someone to sign in
    except DomainError:
        return ""  # unknown, withdrawn, used or expired: nothing to suggest
    return ""
