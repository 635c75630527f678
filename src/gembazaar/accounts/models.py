from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

COUNCIL_STAFF_GROUP = "Council staff"


class User(AbstractUser):
    """A person: buyer, member of a seller business, or council staff (roles come from relations)."""

    email = models.EmailField(_("email address"), unique=True)
    country = models.CharField(_("country"), max_length=2, blank=True)

    @property
    def is_council_staff(self) -> bool:
        return self.is_superuser or (self.is_staff and self.groups.filter(name=COUNCIL_STAFF_GROUP).exists())
