"""API keys a seller's systems use to manage its listings through /api/v1/seller/."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gembazaar.sellers.models import Seller


class SellerApiKey(models.Model):
    """One key of one seller. Only its prefix (for finding it) and a hash of the whole key are kept.

    The key is 32 random bytes (secrets.token_urlsafe), so a plain SHA-256 is enough: a slow,
    salted password hash defends low-entropy secrets against guessing, and 256 random bits
    cannot be guessed. A fast hash also keeps authenticating every API request cheap.
    """

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    hashed_key = models.CharField(_("hashed key"), max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("seller API key")

    def __str__(self) -> str:
        return f"{self.name} (gbz_{self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
