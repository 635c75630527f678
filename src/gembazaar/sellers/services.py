"""Every write to sellers: the application, the council's verification status machine, documents.

Views, the council console, the admin and commands call these; none of them write a Seller's
status themselves, so one rule serves every door.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError

from . import tasks
from .models import (
    STATUSES_NEEDING_REASON,
    ReturnsPolicy,
    Seller,
    SellerDocument,
    SellerMember,
    SellerStatusEvent,
)
from .returns import clean_returns_policy
from .storage import private_storage
from .validation import CheckedDocument, clean_categories, clean_ntn, clean_phone

S = Seller.Status
COUNCIL, OWNER = "council", "owner"

# The verification status machine: (from, to) → who may make the move. Nothing else is allowed.
ALLOWED_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.APPLIED, S.UNDER_REVIEW): COUNCIL,   # start the review
    (S.UNDER_REVIEW, S.VERIFIED): COUNCIL,  # approve: the badge and the storefront appear
    (S.UNDER_REVIEW, S.REJECTED): COUNCIL,  # reject, with a reason the applicant reads
    (S.VERIFIED, S.SUSPENDED): COUNCIL,     # suspend, with a reason: listings leave the storefront
    (S.SUSPENDED, S.VERIFIED): COUNCIL,     # reinstate
    (S.REJECTED, S.APPLIED): OWNER,         # re-apply after fixing what the council asked for
}
REASON_MAX_LENGTH = 2000
DOCUMENT_KINDS = tuple(SellerDocument.Kind.values)


class NotPermitted(DomainError):
    """The actor may not make this move (the pages check first; this guards every other door)."""

    status = 403

    def __init__(self, message: str):
        super().__init__(message, code="forbidden")


@dataclass(frozen=True)
class Move:
    """A transition the UI can offer: its service name, target status and whether it needs a reason."""

    action: str
    to_status: str
    needs_reason: bool


COUNCIL_ACTIONS: dict[str, Move] = {
    "start_review": Move("start_review", S.UNDER_REVIEW, False),
    "approve": Move("approve", S.VERIFIED, False),
    "reject": Move("reject", S.REJECTED, True),
    "suspend": Move("suspend", S.SUSPENDED, True),
    "reinstate": Move("reinstate", S.VERIFIED, False),
}


def council_actions_for(status: str) -> list[Move]:
    """The council's possible moves from a status, in the order the console shows them."""
    return [move for move in COUNCIL_ACTIONS.values()
            if ALLOWED_TRANSITIONS.get((status, move.to_status)) == COUNCIL
            # "approve" and "reinstate" both lead to verified: offer the one that fits the status.
            and not (move.action == "approve" and status == S.SUSPENDED)
            and not (move.action == "reinstate" and status != S.SUSPENDED)]


def is_owner(user, seller: Seller) -> bool:
    return SellerMember.objects.filter(seller=seller, user=user, role=SellerMember.Role.OWNER).exists()


def _check_actor(actor, seller: Seller, who: str) -> None:
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise NotPermitted(_("Sign in to do this."))
    if who == COUNCIL and not actor.is_council_staff:
        raise NotPermitted(_("Only council staff can change a seller's verification."))
    if who == OWNER and not is_owner(actor, seller):
        raise NotPermitted(_("Only the business's owner can re-apply."))


def _actor_name(actor) -> str:
    return (actor.get_full_name() or actor.get_username()) + (f" <{actor.email}>" if actor.email else "")


def _record(*, seller: Seller, actor, from_status: str, to_status: str, reason: str, at) -> SellerStatusEvent:
    event = SellerStatusEvent.objects.create(seller=seller, actor=actor, actor_name=_actor_name(actor), at=at,
                                             from_status=from_status, to_status=to_status, reason=reason)
    # Email only once the change is committed: a rollback must not tell the seller anything. Robust: a
    # mail server that is down (tasks run eagerly without Redis) is logged, the decision stands.
    transaction.on_commit(lambda: tasks.send_seller_status_email.delay(event.pk), robust=True)
    return event


def seller_transition(*, seller: Seller, to_status: str, actor, reason: str = "") -> SellerStatusEvent:
    """Move a seller to another verification status.

    Rules: only the moves of ALLOWED_TRANSITIONS, made by whom the table says (council staff, or
    the business's owner for a re-application); rejecting and suspending need a reason; becoming
    verified stamps `verified_at`; re-applying stamps `applied_at`. The change is a conditional
    UPDATE on the status read, so two staff acting at once cannot both move the same seller.
    Every move is one audit row and an email to the owners after commit.
    """
    reason = (reason or "").strip()
    if to_status not in S.values:
        raise DomainError(_("Unknown status “%(status)s”.") % {"status": to_status}, code="invalid", field="status")
    if len(reason) > REASON_MAX_LENGTH:
        raise DomainError(_("Keep the reason under %(n)d characters.") % {"n": REASON_MAX_LENGTH},
                          code="invalid", field="reason")
    with transaction.atomic():
        from_status = Seller.objects.values_list("status", flat=True).get(pk=seller.pk)
        who = ALLOWED_TRANSITIONS.get((from_status, to_status))
        if who is None:
            raise DomainError(
                _("A seller that is “%(from)s” cannot become “%(to)s”.")
                % {"from": S(from_status).label, "to": S(to_status).label},
                code="invalid_transition", field="status",
            )
        _check_actor(actor, seller, who)
        if to_status in STATUSES_NEEDING_REASON and not reason:
            raise DomainError(_("Give the reason: the seller reads it in the email and on their application page."),
                              code="reason_required", field="reason")
        now = timezone.now()
        changes = {"status": to_status, "updated_at": now}
        if to_status == S.VERIFIED:
            changes["verified_at"] = now
        if to_status == S.APPLIED:
            changes["applied_at"] = now
        if not Seller.objects.filter(pk=seller.pk, status=from_status).update(**changes):
            raise DomainError(_("Someone changed this seller's status meanwhile. Reload the page and try again."),
                              code="conflict", field="status")
        event = _record(seller=seller, actor=actor, from_status=from_status, to_status=to_status, reason=reason,
                        at=now)
    for name, value in changes.items():
        setattr(seller, name, value)
    return event


def seller_start_review(*, seller: Seller, actor, note: str = "") -> SellerStatusEvent:
    return seller_transition(seller=seller, to_status=S.UNDER_REVIEW, actor=actor, reason=note)


def seller_approve(*, seller: Seller, actor, note: str = "") -> SellerStatusEvent:
    return seller_transition(seller=seller, to_status=S.VERIFIED, actor=actor, reason=note)


def seller_reject(*, seller: Seller, actor, reason: str) -> SellerStatusEvent:
    return seller_transition(seller=seller, to_status=S.REJECTED, actor=actor, reason=reason)


def seller_suspend(*, seller: Seller, actor, reason: str) -> SellerStatusEvent:
    return seller_transition(seller=seller, to_status=S.SUSPENDED, actor=actor, reason=reason)


def seller_reinstate(*, seller: Seller, actor, note: str = "") -> SellerStatusEvent:
    return seller_transition(seller=seller, to_status=S.VERIFIED, actor=actor, reason=note)


def seller_council_action(*, seller: Seller, actor, action: str, reason: str = "") -> SellerStatusEvent:
    """One of COUNCIL_ACTIONS by name (the console's buttons); the transition table decides."""
    move = COUNCIL_ACTIONS.get(action)
    if move is None:
        raise DomainError(_("Unknown action."), code="invalid", field="action")
    return seller_transition(seller=seller, to_status=move.to_status, actor=actor, reason=reason)


# --- The application ---------------------------------------------------------------------------

def _clean_text(errors: dict, data: Mapping, field: str, *, max_length: int, missing: str,
                multiline: bool = False) -> str:
    raw = str(data.get(field) or "")
    # Runs of spaces collapse; an address keeps its lines.
    if multiline:
        value = "\n".join(" ".join(line.split()) for line in raw.splitlines() if line.strip())
    else:
        value = " ".join(raw.split())
    if not value:
        errors[field] = [missing]
    elif len(value) > max_length:
        errors[field] = [_("Keep this under %(n)d characters.") % {"n": max_length}]
    return value


def clean_application(data: Mapping) -> dict:
    """The business details of an application, cleaned; a ValidationError lists every problem at once."""
    errors: dict[str, list[str]] = {}
    clean = {
        "legal_name": _clean_text(errors, data, "legal_name", max_length=200,
                                  missing=_("Enter the business's legal name, as registered.")),
        "trade_name": _clean_text(errors, data, "trade_name", max_length=120,
                                  missing=_("Enter the name buyers know the business by.")),
        "city": _clean_text(errors, data, "city", max_length=80, missing=_("Enter the city.")),
        "address": _clean_text(errors, data, "address", max_length=500, multiline=True,
                               missing=_("Enter the business address.")),
        "council_membership_no": _clean_text(errors, data, "council_membership_no", max_length=40,
                                             missing=_("Enter the council membership number.")).upper(),
    }
    for field, rule in (("phone", clean_phone), ("tax_number", clean_ntn), ("categories", clean_categories)):
        try:
            clean[field] = rule(data.get(field), field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    try:
        years = int(data.get("years_in_trade"))
        if not 0 <= years <= 150:
            raise ValueError
        clean["years_in_trade"] = years
    except (TypeError, ValueError):
        errors["years_in_trade"] = [_("Enter the years in trade as a whole number from 0 to 150.")]
    if errors:
        raise ValidationError(errors)
    return clean


def _check_documents(documents: Mapping[str, CheckedDocument | None], *, required: bool) -> None:
    errors = {}
    for kind in documents:
        if kind not in DOCUMENT_KINDS:
            errors[kind] = [_("Unknown document.")]
    for kind in DOCUMENT_KINDS:
        document = documents.get(kind)
        if document is None and required:
            errors[kind] = [_("Attach this document.")]
        elif document is not None and not isinstance(document, CheckedDocument):
            errors[kind] = [_("The document was not checked.")]
    if errors:
        raise ValidationError(errors)


def _store_document(*, seller: Seller, kind: str, document: CheckedDocument, actor, saved: list[str]
                    ) -> SellerDocument:
    record = SellerDocument(seller=seller, kind=kind, original_name=document.original_name,
                            content_type=document.content_type, size=len(document.data), sha256=document.sha256,
                            uploaded_by=actor)
    record.file.save(f"{kind}.{document.extension}", ContentFile(document.data), save=False)
    saved.append(record.file.name)
    record.save()
    return record


def _remove_files(names: list[str]) -> None:
    storage = private_storage()
    for name in names:
        storage.delete(name)


def _unique_slug(trade_name: str) -> str:
    base = slugify(trade_name)[:70].strip("-") or "seller"
    candidate, n = base, 2
    while Seller.objects.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def seller_apply(*, user, details: Mapping, documents: Mapping[str, CheckedDocument | None]) -> Seller:
    """A signed-in person applies to sell: the business, its owner (the applicant) and its documents.

    Rules: one business per applicant (a rejected one re-applies instead); every detail valid
    (phone in E.164, NTN format, known categories); both documents present and checked by content.
    The seller, the owner's membership, the documents and the first audit row are written
    together or not at all, and no file stays in storage when the write fails.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotPermitted(_("Sign in to apply."))
    if SellerMember.objects.filter(user=user, role=SellerMember.Role.OWNER).exists():
        raise DomainError(_("You have already applied. Follow your application on its page."),
                          code="already_applied")
    clean = clean_application(details)
    _check_documents(documents, required=True)
    saved: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            for attempt in range(3):
                try:
                    with transaction.atomic():
                        seller = Seller.objects.create(slug=_unique_slug(clean["trade_name"]), country="PK",
                                                       status=S.APPLIED, applied_at=now, **clean)
                    break
                except IntegrityError:  # two applicants took the same slug at once
                    if attempt == 2:
                        raise
            SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.OWNER)
            for kind in DOCUMENT_KINDS:
                _store_document(seller=seller, kind=kind, document=documents[kind], actor=user, saved=saved)
            _record(seller=seller, actor=user, from_status="", to_status=S.APPLIED, reason="", at=now)
    except BaseException:
        _remove_files(saved)
        raise
    return seller


def seller_reapply(*, seller: Seller, actor, details: Mapping,
                   documents: Mapping[str, CheckedDocument | None]) -> SellerStatusEvent:
    """A rejected business applies again with corrected details and, if needed, new documents.

    Rules: those of seller_transition (rejected → applied, by an owner) and of seller_apply for the
    details; a document not given again keeps the one on file. All or nothing, files included.
    """
    clean = clean_application(details)
    _check_documents({kind: doc for kind, doc in documents.items() if doc is not None}, required=False)
    saved: list[str] = []
    try:
        with transaction.atomic():
            event = seller_transition(seller=seller, to_status=S.APPLIED, actor=actor)
            Seller.objects.filter(pk=seller.pk).update(**clean)
            for name, value in clean.items():
                setattr(seller, name, value)
            for kind in DOCUMENT_KINDS:
                if documents.get(kind) is not None:
                    _store_document(seller=seller, kind=kind, document=documents[kind], actor=actor, saved=saved)
    except BaseException:
        _remove_files(saved)
        raise
    return event


def seller_document_add(*, seller: Seller, kind: str, document: CheckedDocument, actor) -> SellerDocument:
    """File one more document for a seller (council staff, e.g. a licence brought to the office).

    Rules: council staff only; a known kind; the document checked by content. The earlier upload
    stays on file; the newest of each kind is the current one.
    """
    _check_actor(actor, seller, COUNCIL)
    _check_documents({kind: document}, required=False)
    saved: list[str] = []
    try:
        with transaction.atomic():
            record = _store_document(seller=seller, kind=kind, document=document, actor=actor, saved=saved)
    except BaseException:
        _remove_files(saved)
        raise
    return record


def seller_member_add(*, seller: Seller, email: str, role: str = SellerMember.Role.STAFF) -> SellerMember:
    """Give a registered user a place in a seller business (done by its owner in the seller centre).

    Rules: the user must already have an account with that email (case-insensitive); the role is
    owner or staff; a user is a member of a seller at most once → ValidationError on "email".
    """
    errors: dict[str, list[str]] = {}
    if role not in SellerMember.Role.values:
        errors["role"] = [_("Choose owner or staff.")]
    user = get_user_model().objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        errors["email"] = [_("No one has a GemBazaar account with this email yet: ask them to sign up first.")]
    elif SellerMember.objects.filter(seller=seller, user=user).exists():
        errors["email"] = [_("%(email)s is already a member.") % {"email": user.email}]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return SellerMember.objects.create(seller=seller, user=user, role=role)
    except IntegrityError as exc:
        raise ValidationError({"email": [_("%(email)s is already a member.") % {"email": user.email}]}) from exc


# --- The returns policy ------------------------------------------------------------------------


def _touch_seller(seller: Seller) -> None:
    # The anonymous page cache is versioned by the newest seller edit (pricing/page_version.py):
    # listing and seller pages show the new policy on the next request. No search field changes.
    Seller.objects.filter(pk=seller.pk).update(updated_at=timezone.now())


def returns_policy_set(*, seller: Seller, actor, accepts_returns, window_days, conditions,
                       return_shipping_paid_by, refund_method, refund_days, note: str = "") -> ReturnsPolicy:
    """Set (create or replace) the seller's own returns policy, shown wherever its pieces are bought.

    Rules: those of returns.clean_returns_policy (a ValidationError names every field at fault
    and nothing is written); not accepting returns keeps a window of 0 and no conditions. The
    marketplace's buyer protection applies whatever the policy says.
    """
    clean = clean_returns_policy(accepts_returns=accepts_returns, window_days=window_days, conditions=conditions,
                                 return_shipping_paid_by=return_shipping_paid_by, refund_method=refund_method,
                                 refund_days=refund_days, note=note)
    by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        policy, _created = ReturnsPolicy.objects.update_or_create(seller=seller, defaults={**clean, "updated_by": by})
        _touch_seller(seller)
    seller.returns_policy = policy
    return policy


def returns_policy_clear(*, seller: Seller) -> bool:
    """Remove the seller's own policy: the marketplace minimum applies again. False if it had none."""
    with transaction.atomic():
        deleted, _rows = ReturnsPolicy.objects.filter(seller=seller).delete()
        if deleted:
            _touch_seller(seller)
    cached = Seller.returns_policy.related  # the reverse one-to-one: forget the deleted row
    if cached.is_cached(seller):
        cached.delete_cached_value(seller)
    return bool(deleted)
