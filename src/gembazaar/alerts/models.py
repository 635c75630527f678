"""Saved searches: a buyer's search kept with an email digest of new matching listings."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A buyer keeps a handful of searches; the cap bounds the digest's work per user.
MAX_SAVED_SEARCHES_PER_USER = 25
QUERY_MAX_LENGTH = 2000


class SavedSearch(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    # How long after the previous digest a search is due again.
    PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=100)
    # The canonical query string of the validated SearchParams (SearchParams.to_query_string()).
    query = models.CharField(_("search"), max_length=QUERY_MAX_LENGTH)
    frequency = models.CharField(_("email frequency"), max_length=6, choices=Frequency.choices,
                                 default=Frequency.DAILY)
    is_active = models.BooleanField(_("emails on"), default=True)
    # The digest watermark: listings published after it are "new". It starts at creation time so
    # the first digest holds only listings that appeared after the buyer saved the search.
    last_sent_at = models.DateTimeField(_("checked up to"), default=timezone.now)
    # When an email last carried this search (the watermark also moves when nothing was new).
    last_emailed_at = models.DateTimeField(_("last email"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "query"], name="saved_search_unique_per_user"),
            models.CheckConstraint(condition=Q(frequency__in=["daily", "weekly"]),
                                   name="saved_search_frequency_valid"),
        ]
        indexes = [
            # The digest's scan: active searches whose watermark is old enough.
            models.Index(fields=["is_active", "last_sent_at"], name="saved_search_due_idx"),
        ]

    def __str__(self) -> str:
        return self.name
