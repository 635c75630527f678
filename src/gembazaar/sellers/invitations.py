"""Invitations to join a business: an owner invites by email; the invited person accepts with the
one-time token from the email (kept hashed), once, before it expires."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError, NotFound

from . import emails
from .models import (
    Seller,
    SellerInvitation,
    SellerMember,
)
from .services import NotPermitted, is_owner


def invitation_token_hash(token: str) -> str:
    """What the database keeps of an invitation token: its SHA-256, in hex."""
    return hashlib.sha256((token or "").encode()).hexdigest()


def _already_member_error(email: str) -> ValidationError:
    return ValidationError({"email": [_("%(email)s is already a member.") % {"email": email}]})


def _pending_error(email: str) -> ValidationError:
    return ValidationError({"email": [_("%(email)s already has a pending invitation. Revoke it to send a new "
                                        "one.") % {"email": email}]})


def seller_invitation_create(*, seller: Seller, email: str, role: str, invited_by) -> tuple[SellerInvitation, str]:
    """Invite someone, by email, to join a business as owner or staff; returns (invitation, token).

    Rules: made by an owner of the business (or council staff); a valid address that is not
    already a member's (case-insensitive) → ValidationError on "email"; owner or staff →
    ValidationError on "role"; one open invitation per business and address (an expired one is
    revoked and replaced; a pending one must be revoked first). Only the token's SHA-256 is
    stored: the token itself goes out once, in the email sent after commit.
    """
    if invited_by is None or not invited_by.is_authenticated or not invited_by.is_active or not (
            is_owner(invited_by, seller) or invited_by.is_council_staff):
        raise NotPermitted(_("Only an owner of the business can invite people."))
    email = (email or "").strip()
    errors: dict[str, list[str]] = {}
    if role not in SellerMember.Role.values:
        errors["role"] = [_("Choose owner or staff.")]
    try:
        validate_email(email)
        if len(email) > 254:
            raise ValidationError("too long")
    except ValidationError:
        errors["email"] = [_("Enter a valid email address.")]
    else:
        if SellerMember.objects.filter(seller=seller, user__email__iexact=email).exists():
            errors["email"] = _already_member_error(email).message_dict["email"]
    if errors:
        raise ValidationError(errors)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    try:
        with transaction.atomic():
            for previous in (SellerInvitation.objects.open().select_for_update()
                             .filter(seller=seller, email__iexact=email)):
                if previous.expires_at > now:
                    raise _pending_error(email)
                # Expired and never answered: it gives way to the new one.
                SellerInvitation.objects.filter(pk=previous.pk, accepted_at__isnull=True,
                                                revoked_at__isnull=True).update(revoked_at=now)
            invitation = SellerInvitation.objects.create(
                seller=seller, email=email, role=role, invited_by=invited_by,
                token_hash=invitation_token_hash(token), created_at=now,
                expires_at=now + timedelta(days=settings.SELLER_INVITATION_DAYS))
            # Robust: a mail server that is down is logged; the owner sees the invitation pending and
            # can revoke and invite again.
            transaction.on_commit(
                lambda: emails.send_invitation_email(invitation_id=invitation.pk, token=token), robust=True)
    except IntegrityError as exc:  # another owner invited the same address at the same moment
        raise _pending_error(email) from exc
    return invitation, token


def seller_invitation_get_by_token(*, token: str) -> SellerInvitation:
    """The invitation a token opens, with its business; NotFound for an unknown token."""
    invitation = (SellerInvitation.objects.select_related("seller", "invited_by")
                  .filter(token_hash=invitation_token_hash(token)).first())
    if invitation is None:
        raise NotFound(_("This invitation link is not valid. Ask the owner to invite you again."), field="token")
    return invitation


def seller_invitation_check(*, invitation: SellerInvitation, user) -> None:
    """Why this user may not accept this invitation now (DomainError), or nothing.

    Order: revoked, used, expired, then who the user is (signed in, same confirmed address).
    """
    if invitation.revoked_at is not None:
        raise DomainError(_("This invitation was withdrawn by the business. Ask the owner to invite you again."),
                          code="invitation_revoked", field="token")
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been used."), code="invitation_used", field="token")
    if invitation.expires_at <= timezone.now():
        raise DomainError(_("This invitation has expired. Ask the owner to invite you again."),
                          code="invitation_expired", field="token")
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotPermitted(_("Sign in to accept the invitation."))
    if (user.email or "").strip().lower() != invitation.email.strip().lower():
        raise DomainError(_("This invitation was sent to %(invited)s, but you are signed in as %(email)s. Sign "
                            "in with the invited address to accept it.")
                          % {"invited": invitation.email, "email": user.email or user.get_username()},
                          code="email_mismatch", field="email")
    if not user.email_confirmed:
        raise DomainError(_("Confirm your email address first: follow the link we sent to %(email)s, then "
                            "come back to this invitation.") % {"email": user.email},
                          code="email_unconfirmed", field="email")


def seller_invitation_accept(*, token: str, user) -> SellerMember:
    """The invited person joins the business with the invitation's role; returns their membership.

    Rules: a known token; not revoked, used or expired; the signed-in user's confirmed email is
    the invited one (case-insensitive). The invitation is claimed with a conditional UPDATE, so
    it is used once. Idempotent: accepting again (a double click, two tabs) returns the
    membership made the first time; a user who is already a member keeps their membership and role.
    """
    invitation = seller_invitation_get_by_token(token=token)
    if invitation.accepted_at is not None and user is not None and user.is_authenticated \
            and invitation.accepted_by_id == user.pk:
        member = SellerMember.objects.filter(seller_id=invitation.seller_id, user=user).first()
        if member is not None:
            return member
    seller_invitation_check(invitation=invitation, user=user)
    with transaction.atomic():
        now = timezone.now()
        claimed = SellerInvitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now,
        ).update(accepted_at=now, accepted_by=user)
        if not claimed:  # revoked, or accepted in another request, since we read it
            invitation.refresh_from_db()
            if invitation.accepted_by_id == user.pk:
                member = SellerMember.objects.filter(seller_id=invitation.seller_id, user=user).first()
                if member is not None:
                    return member
            seller_invitation_check(invitation=invitation, user=user)
            raise DomainError(_("This invitation has already been used."), code="invitation_used", field="token")
        try:
            with transaction.atomic():
                member = SellerMember.objects.create(seller_id=invitation.seller_id, user=user, role=invitation.role)
        except IntegrityError:  # already a member (added meanwhile, or an earlier invitation)
            member = SellerMember.objects.get(seller_id=invitation.seller_id, user=user)
    invitation.accepted_at, invitation.accepted_by = now, user
    return member


def seller_invitation_revoke(*, seller: Seller, invitation_id) -> SellerInvitation:
    """Withdraw an invitation of this business; the link stops working at once.

    Rules: only the business's own invitations (another seller's id → NotFound); an accepted one
    cannot be revoked (remove the member instead); revoking twice is harmless.
    """
    try:
        invitation_id = int(invitation_id)
    except (TypeError, ValueError):
        raise NotFound(_("No such invitation.")) from None
    invitation = SellerInvitation.objects.filter(seller=seller, pk=invitation_id).first()
    if invitation is None:
        raise NotFound(_("No such invitation."))
    now = timezone.now()
    if not SellerInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True,
                                           revoked_at__isnull=True).update(revoked_at=now):
        invitation.refresh_from_db()
        if invitation.accepted_at is not None:
            raise DomainError(_("%(email)s has already accepted: they are a member now.")
                              % {"email": invitation.email}, code="invitation_used", field="invitation")
        return invitation
    invitation.revoked_at = now
    return invitation
