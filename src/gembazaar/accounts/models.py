from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

COUNCIL_STAFF_GROUP = "Council staff"


class User(AbstractUser):
    """A person: buyer, member of a seller business, or council staff (roles come from relations).

    A self-service sign-up may sign in at once; `email_confirmed` stays False until the emailed
    link is followed, and selling (applying as a seller) and checkout require it.
    """

    email = models.EmailField(_("email address"), unique=True)
    country = CountryField(_("country"), blank=True)
    email_confirmed = models.BooleanField(_("email confirmed"), default=False)
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    # The language GemBazaar writes to this person in (emails above all); blank = the site default.
    # Set at sign-up and whenever they switch the site language while signed in (accounts/language.py).
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True, default="",
                                          choices=settings.LANGUAGES,
                                          help_text=_("Emails are written in this language."))

    class Meta(AbstractUser.Meta):
        constraints = [
            # `unique=True` alone lets Amina@x and amina@x both sign up; one inbox is one account.
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(email_confirmed=False) | models.Q(email_confirmed_at__isnull=False),
                name="user_email_confirmed_has_date",
            ),
        ]

    @cached_property
    def is_seller_member(self) -> bool:
        """Owner or staff of at least one seller business (the header then links the seller centre)."""
        return self.is_active and self.seller_memberships.exists()

    @property
    def is_council_staff(self) -> bool:
        """An active superuser, or an active `is_staff` user in the "Council staff" group."""
        if not self.is_active:
            return False
        return self.is_superuser or (self.is_staff and self.groups.filter(name=COUNCIL_STAFF_GROUP).exists())
