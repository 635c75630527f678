"""Every write about people: sign-up, email confirmation, profile, the seller a member acts for."""

from __future__ import annotations

import functools
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError

from . import selectors
from .language import content_language_header, email_language, normalize_language
from .tokens import make_email_confirmation_token

USERNAME_STEM_LENGTH = 30


def _username_stem(email: str) -> str:
    # Usernames allow letters, digits and @.+-_; the inbox name is a friendly stem for one.
    stem = re.sub(r"[^\w.+-]", "", email.partition("@")[0], flags=re.UNICODE)[:USERNAME_STEM_LENGTH]
    return stem.strip(".+-") or "member"


def _unused_username(email: str) -> str:
    users = get_user_model().objects
    stem = _username_stem(email)
    candidate = stem
    while users.filter(username__iexact=candidate).exists():
        candidate = f"{stem}-{secrets.token_hex(3)}"
    return candidate


def user_sign_up(*, email: str, full_name: str, password: str, country: str = "", language: str = "",
                 next_url: str = ""):
    """Create a buyer account from the sign-up form and email a confirmation link.

    `language` is the language the person signed up in (the one active in the request); it becomes
    their preferred language, so the confirmation link and every later email come in it.

    Rules: one account per email address, compared without regard to case (the database
    enforces it too, so two simultaneous sign-ups cannot both win); the password is hashed
    with the first of PASSWORD_HASHERS (argon2); the account can sign in at once, but
    `email_confirmed` stays False until the link is followed. The email goes after commit.
    `next_url` (a same-site path the caller has checked) rides in the confirmation link.
    """
    user_model = get_user_model()
    email = BaseUserManager.normalize_email(email.strip())
    first_name, _sep, last_name = " ".join(full_name.split()).partition(" ")
    if user_model.objects.filter(email__iexact=email).exists():
        raise DomainError(_("An account with this email address already exists."), code="email_taken",
                          field="email")
    for _attempt in range(5):
        user = user_model(username=_unused_username(email), email=email, first_name=first_name,
                          last_name=last_name, country=country or "",
                          preferred_language=normalize_language(language))
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            if user_model.objects.filter(email__iexact=email).exists():
                raise DomainError(_("An account with this email address already exists."), code="email_taken",
                                  field="email") from None
            continue  # someone took the username in between: draw another
        transaction.on_commit(functools.partial(email_confirmation_send, user=user, next_url=next_url))
        return user
    raise DomainError(_("We could not create the account; please try again."), code="signup_failed")


def email_confirmation_send(*, user, next_url: str = "") -> None:
    """Email the user a link that confirms their address (valid for three days), in their language.

    `next_url`, a same-site path the caller has checked, is where the link takes them once the
    address is confirmed (carried inside the signed token).
    """
    token = make_email_confirmation_token(user_id=user.pk, email=user.email, next_url=next_url)
    context = {
        "user": user,
        "confirm_url": f"{settings.SITE_URL}{reverse('email_confirm', kwargs={'token': token})}",
        "site_url": settings.SITE_URL,
    }
    with email_language(user) as language:
        subject = " ".join(render_to_string("accounts/email/confirm_email_subject.txt", context).split())
        body = render_to_string("accounts/email/confirm_email.txt", context)
        message = EmailMultiAlternatives(subject=subject, body=body, to=[user.email],
                                         headers=content_language_header(language))
        message.attach_alternative(render_to_string("accounts/email/confirm_email.html", context), "text/html")
    message.send()


def user_confirm_email(*, user_id: int, email: str) -> bool:
    """Mark the address confirmed; True if this call confirmed it, False if it already was.

    A conditional UPDATE: it applies only while the account still has that address unconfirmed,
    so a link for an old address, or a second click, changes nothing.
    """
    updated = get_user_model().objects.filter(pk=user_id, email__iexact=email, email_confirmed=False).update(
        email_confirmed=True, email_confirmed_at=timezone.now())
    return updated == 1


def user_update_profile(*, user, first_name: str, last_name: str, country: str,
                        preferred_language: str | None = None) -> None:
    """Change the name, country and (if given) preferred language; the email address is not changed here.

    `preferred_language` None leaves it as it is; "" means the site default.
    """
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.country = country or ""
    fields = ["first_name", "last_name", "country"]
    if preferred_language is not None:
        user.preferred_language = normalize_language(preferred_language)
        fields.append("preferred_language")
    user.save(update_fields=fields)


def user_language_switch(*, user, language: str) -> bool:
    """Remember the language a signed-in person switched the site to; True if it changed.

    Rules: only a language the site offers is stored (anything else changes nothing); anonymous
    visitors have nothing to store it on. A conditional UPDATE, so switching to the language
    already stored writes nothing.
    """
    language = normalize_language(language)
    if not language or not getattr(user, "is_authenticated", False):
        return False
    updated = get_user_model().objects.filter(pk=user.pk).exclude(preferred_language=language) \
        .update(preferred_language=language)
    user.preferred_language = language
    return updated == 1


def acting_seller_choose(*, user, session, seller_id) -> bool:
    """Remember which of their sellers a member works for now; False if they are not a member of it."""
    membership = selectors.seller_membership_get(user=user, seller_id=seller_id)
    if membership is None:
        return False
    session[selectors.ACTING_SELLER_SESSION_KEY] = membership.seller_id
    return True
