from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from gembazaar.core.models import TimeStampedModel


class Seller(TimeStampedModel):
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
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED,
                              db_index=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        ordering = ["trade_name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="verified") | models.Q(verified_at__isnull=False),
                name="seller_verified_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["applied", "under_review", "verified", "rejected", "suspended"]),
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
