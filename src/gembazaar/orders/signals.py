"""Cart merge at login: the guest's cart joins the user's the moment they sign in."""

from __future__ import annotations

import logging

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services.cart import GUEST_TOKEN_SESSION_KEY, cart_merge

logger = logging.getLogger(__name__)


@receiver(user_logged_in, dispatch_uid="orders.cart_merge_at_login")
def merge_guest_cart(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    token = request.session.get(GUEST_TOKEN_SESSION_KEY)
    if not token:
        return
    try:
        cart_merge(user=user, guest_token=token)
    except Exception:  # a cart problem must never stop a sign-in; the guest cart stays for a retry
        logger.exception("Could not merge the guest cart into user %s's cart", user.pk)
