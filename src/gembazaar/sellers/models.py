from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from gembazaar.core.models import AppendOnlyModel, QuickChoiceLabels, TimeStampedModel

from .cities import city_label
from .returns import (
    MAX_WINDOW_DAYS,
    NOTE_MAX_LENGTH,
    REFUND_DAYS_RANGE,
    RefundMethod,
    ReturnShippingPayer,
    ReturnsTerms,
    clean_returns_policy,
    marketplace_minimum,
)
from .storage import document_upload_to, private_storage

STATUS_CODES = ["applied", "under_review", "verified", "rejected", "suspended"]
# Statuses the council can only enter with a written reason, sent to the seller.
STATUSES_NEEDING_REASON = ["rejected", "suspended"]


class TradeCategory(models.TextChoices):
    """What a business trades; an application ticks one or more (stored comma-separated, in this order)."""

    GEMSTONES = "gemstones", _("Cut gemstones")
    ROUGH = "rough", _("Rough and mineral specimens")
    GOLD_JEWELRY = "gold_jewelry", _("Gold and platinum jewelry")
    SILVER_JEWELRY = "silver_jewelry", _("Silver jewelry")
    DIAMONDS = "diamonds", _("Diamonds")
    PEARLS = "pearls", _("Pearls and beads")


class Seller(QuickChoiceLabels, TimeStampedModel):
    """A member business of the council that sells on the marketplace."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        UNDER_REVIEW = "under_review", _("Under review")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    legal_name = models.CharField(_("legal name"), max_length=200)
    trade_name = models.CharField(_("trade name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    city = models.CharField(_("city"), max_length=80, db_index=True)
    country = CountryField(_("country"), default="PK")
    market = models.CharField(_("market / bazaar"), max_length=120, blank=True)
    about = models.TextField(_("about"), blank=True)
    year_established = models.PositiveSmallIntegerField(_("established"), null=True, blank=True)
    council_membership_no = models.CharField(_("council membership no."), max_length=40, blank=True)
    # Application details: seen by the council and the seller's owners, never on the public profile.
    address = models.TextField(_("business address"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("E.164, e.g. +924235551234"))
    tax_number = models.CharField(_("NTN"), max_length=12, blank=True,
                                  help_text=_("National Tax Number: 7 digits and a check digit, e.g. 1234567-8"))
    categories = models.CharField(_("trade categories"), max_length=120, blank=True,
                                  help_text=_("Comma-separated codes of TradeCategory"))
    years_in_trade = models.PositiveSmallIntegerField(_("years in trade"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED,
                              db_index=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # When the current application was (re)submitted: the council's queue is served oldest first.
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["trade_name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="verified") | models.Q(verified_at__isnull=False),
                name="seller_verified_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=STATUS_CODES),
                name="seller_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.trade_name

    @property
    def is_verified(self) -> bool:
        """The council's badge: shown only while the seller is in good standing."""
        return self.status == self.Status.VERIFIED

    def get_absolute_url(self) -> str:
        return reverse("seller_detail", kwargs={"slug": self.slug})

    @property
    def city_label(self) -> str:
        """The city in the reader's language (trade cities are vocabulary; see cities.py)."""
        return city_label(self.city)

    @property
    def category_codes(self) -> list[str]:
        return [code for code in self.categories.split(",") if code]

    @property
    def category_labels(self) -> list[str]:
        labels = dict(TradeCategory.choices)
        return [str(labels.get(code, code)) for code in self.category_codes]

    @property
    def returns_terms(self) -> ReturnsTerms:
        """The returns terms buyers of this seller get: its own policy, else the marketplace minimum.
        Select `returns_policy` with the seller to read it without a query of its own."""
        policy = getattr(self, "returns_policy", None)  # a missing one-to-one raises AttributeError's kin
        return policy.terms if policy is not None else marketplace_minimum()


class ReturnsPolicy(models.Model):
    """A seller's own returns policy (returns.py has its vocabulary and rules). None set: the
    marketplace minimum applies. Written only by services.returns_policy_set / _clear."""

    seller = models.OneToOneField(Seller, on_delete=models.CASCADE, primary_key=True, related_name="returns_policy",
                                  verbose_name=_("seller"))
    accepts_returns = models.BooleanField(_("accepts returns"), default=True,
                                          help_text=_("For any reason (a change of mind), within the window."))
    window_days = models.PositiveSmallIntegerField(
        _("return window (days)"), default=14, validators=[MinValueValidator(0), MaxValueValidator(MAX_WINDOW_DAYS)],
        help_text=_("Days after delivery; 0 when returns are not accepted."))
    # Codes of returns.ReturnCondition, in the vocabulary's order: shown in each reader's language.
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    return_shipping_paid_by = models.CharField(_("return shipping"), max_length=10,
                                               choices=ReturnShippingPayer.choices, default=ReturnShippingPayer.BUYER)
    refund_method = models.CharField(_("refund"), max_length=20, choices=RefundMethod.choices,
                                     default=RefundMethod.ORIGINAL)
    refund_days = models.PositiveSmallIntegerField(
        _("refund within (days)"), default=7,
        validators=[MinValueValidator(REFUND_DAYS_RANGE[0]), MaxValueValidator(REFUND_DAYS_RANGE[1])],
        help_text=_("Days after the seller receives the return."))
    # The seller's own words, shown as written (not translated).
    note = models.TextField(_("note from the seller"), max_length=NOTE_MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("returns policy")
        verbose_name_plural = _("returns policies")
        constraints = [
            models.CheckConstraint(condition=models.Q(window_days__lte=MAX_WINDOW_DAYS),
                                   name="returns_window_at_most_90"),
            models.CheckConstraint(
                condition=models.Q(accepts_returns=True, window_days__gte=1)
                | models.Q(accepts_returns=False, window_days=0),
                name="returns_window_matches_acceptance"),
            models.CheckConstraint(condition=models.Q(refund_days__gte=REFUND_DAYS_RANGE[0],
                                                      refund_days__lte=REFUND_DAYS_RANGE[1]),
                                   name="returns_refund_days_valid"),
            models.CheckConstraint(condition=models.Q(return_shipping_paid_by__in=ReturnShippingPayer.values),
                                   name="returns_shipping_payer_valid"),
            models.CheckConstraint(condition=models.Q(refund_method__in=RefundMethod.values),
                                   name="returns_refund_method_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.seller}: returns policy"

    def clean(self) -> None:
        clean_returns_policy(accepts_returns=self.accepts_returns, window_days=self.window_days,
                             conditions=self.conditions, return_shipping_paid_by=self.return_shipping_paid_by,
                             refund_method=self.refund_method, refund_days=self.refund_days, note=self.note)

    @property
    def terms(self) -> ReturnsTerms:
        return ReturnsTerms(
            accepts_returns=self.accepts_returns, window_days=self.window_days, conditions=tuple(self.conditions),
            return_shipping_paid_by=self.return_shipping_paid_by, refund_method=self.refund_method,
            refund_days=self.refund_days, note=self.note, updated_at=self.updated_at)


class SellerMember(TimeStampedModel):
    """A user's place in a seller business."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        STAFF = "staff", _("Staff")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["seller", "user"], name="seller_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.seller} ({self.role})"


class SellerDocument(models.Model):
    """A document the council checks (trade licence, owner's ID), kept in private storage.

    The file is never reachable by URL: `file.url` raises. It is streamed by the download view
    to council staff and the seller's owners only. Uploads are checked by content (validation.py);
    the stored name is random, the applicant's file name is kept for display only.
    """

    class Kind(models.TextChoices):
        TRADE_LICENCE = "trade_licence", _("Trade licence")
        OWNER_ID = "owner_id", _("Owner's ID (CNIC or passport)")

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=120, blank=True)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["seller", "kind", "-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["trade_licence", "owner_id"]),
                                   name="seller_document_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(content_type__in=["application/pdf", "image/jpeg", "image/png"]),
                name="seller_document_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.seller}"

    def download_name(self) -> str:
        extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(self.content_type, "bin")
        return f"{self.seller.slug}-{self.kind.replace('_', '-')}-{self.pk}.{extension}"


class SellerStatusEvent(AppendOnlyModel):
    """One change of a seller's status: who, when, from, to and why. Append-only.

    The first event of an application has an empty `from_status` (nothing → applied).
    """

    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="status_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    # Who acted, as they were named then: the log keeps saying who even if the account goes.
    actor_name = models.CharField(_("by"), max_length=254, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    from_status = models.CharField(_("from"), max_length=20, choices=Seller.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Seller.Status.choices)
    reason = models.TextField(_("reason"), blank=True)

    append_only_name = "The seller status log"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["seller", "-at"], name="seller_event_seller_at")]
        constraints = [
            models.CheckConstraint(condition=models.Q(to_status__in=STATUS_CODES), name="seller_event_to_valid"),
            models.CheckConstraint(condition=models.Q(from_status__in=["", *STATUS_CODES]),
                                   name="seller_event_from_valid"),
            models.CheckConstraint(
                condition=~models.Q(to_status__in=STATUSES_NEEDING_REASON) | ~models.Q(reason=""),
                name="seller_event_reason_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seller}: {self.from_status or '—'} → {self.to_status}"


class SellerInvitationQuerySet(models.QuerySet):
    def open(self) -> "SellerInvitationQuerySet":
        """Neither accepted nor revoked (it may have expired: the team page says so)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class SellerInvitation(models.Model):
    """An owner's invitation to join a seller business, sent to an email address.

    Only a SHA-256 of the emailed token is kept: the database alone cannot accept an invitation.
    At most one open (not accepted, not revoked) invitation per seller and address, in any case.
    """

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"), max_length=254)
    role = models.CharField(_("role"), max_length=10, choices=SellerMember.Role.choices,
                            default=SellerMember.Role.STAFF)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("invited by"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("accepted by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = SellerInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "seller",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="seller_invitation_one_open",
            ),
            models.CheckConstraint(condition=models.Q(role__in=["owner", "staff"]),
                                   name="seller_invitation_role_valid"),
            models.CheckConstraint(condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
                                   name="seller_invitation_accepted_or_revoked"),
            models.CheckConstraint(condition=models.Q(accepted_by__isnull=True) | models.Q(accepted_at__isnull=False),
                                   name="seller_invitation_accepted_by_has_date"),
            models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("created_at")),
                                   name="seller_invitation_expires_after_creation"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.seller} ({self.role})"

    @property
    def status(self) -> str:
        """accepted, revoked, expired or pending."""
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


# --- API keys a seller's systems use on /api/v1/seller/ (the sellerapi door) -------------------


class SellerApiKey(models.Model):
    """One key of one seller. Only its prefix (for finding it) and a hash of the whole key are kept.

    The key is 32 random bytes (secrets.token_urlsafe), so a plain SHA-256 is enough: a slow,
    salted password hash defends low-entropy secrets against guessing, and 256 random bits
    cannot be guessed. A fast hash also keeps authenticating every API request cheap.
    """

    seller = models.ForeignKey("Seller", on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    hashed_key = models.CharField(_("hashed key"), max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        db_table = "sellerapi_sellerapikey"  # created by the sellerapi app; the table kept its name
        ordering = ["-created_at", "-id"]
        verbose_name = _("seller API key")

    def __str__(self) -> str:
        return f"{self.name} (gbz_{self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
