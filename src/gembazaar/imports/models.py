"""An import of listings from a spreadsheet: the uploaded files, where it stands, and its error report."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gembazaar.core.models import TimeStampedModel
from gembazaar.sellers.models import Seller
from gembazaar.sellers.storage import private_storage


def import_upload_to(instance: ImportJob, filename: str) -> str:
    """A random name in the seller's folder of private storage; the seller's file name is never a path."""
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if extension not in {"csv", "xlsx", "zip"}:
        extension = "bin"
    return f"imports/{instance.seller_id}/{uuid.uuid4().hex}.{extension}"


class ImportJob(TimeStampedModel):
    class Kind(models.TextChoices):
        GEM = "gem", _("Gemstones and lots")
        JEWELRY = "jewelry", _("Jewelry")

    class Mode(models.TextChoices):
        CREATE = "create", _("Create new listings")
        UPDATE = "update_by_sku", _("Update my listings by SKU")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        VALIDATING = "validating", _("Checking rows")
        VALID = "valid", _("Ready to import")
        INVALID = "invalid", _("Has errors")
        COMMITTING = "committing", _("Importing")
        COMMITTED = "committed", _("Imported")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.VALID, Status.INVALID, Status.COMMITTED, Status.FAILED)
    # Ended for good: nothing will read the uploaded files again (`valid` still awaits its commit).
    ENDED = (Status.INVALID, Status.COMMITTED, Status.FAILED)
    RUNNING = (Status.QUEUED, Status.VALIDATING, Status.COMMITTING)

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.CREATE)
    publish = models.BooleanField(_("publish on import"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(_("file"), storage=private_storage, upload_to=import_upload_to, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    images = models.FileField(_("images ZIP"), storage=private_storage, upload_to=import_upload_to,
                              max_length=200, blank=True)
    images_name = models.CharField(_("images file name"), max_length=200, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    image_count = models.PositiveIntegerField(default=0)
    # [{"row": 3, "column": "carat", "reason": "…"}]; row 1 is the header, so data rows start at 2;
    # row None = the whole file. At most IMPORT_MAX_REPORTED_ERRORS are kept; error_count has them all.
    errors = models.JSONField(default=list, blank=True)
    # The first rows of the file as codes, clean or with their problems, for the preview (the shape is in
    # imports/preview.py; jobs checked before it hold only {"row", "sku", "title", "price", "currency"}).
    sample = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # How many times the stale-job sweep re-queued this job after its worker went silent
    # (at most IMPORT_STALE_RETRIES; see services.import_jobs_fail_stale).
    retries = models.PositiveSmallIntegerField(_("retries"), default=0)
    # Set when the uploaded files were deleted after IMPORT_FILE_RETENTION_DAYS (the record stays).
    files_purged_at = models.DateTimeField(_("files purged at"), null=True, blank=True)
    # The uploader's language: the worker checks the file in it, so the problems it writes down
    # read in the language of the person who uploaded, not the worker's default.
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["seller", "-created_at"], name="importjob_seller_created_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["gem", "jewelry"]), name="importjob_kind_valid"),
            models.CheckConstraint(condition=Q(mode__in=["create", "update_by_sku"]), name="importjob_mode_valid"),
            models.CheckConstraint(condition=Q(processed_rows__lte=models.F("total_rows")) | Q(total_rows=0),
                                   name="importjob_progress_bounded"),
        ]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.seller_id}, {self.file_name}, {self.status})"

    @property
    def percent(self) -> int:
        if self.status in (self.Status.VALID, self.Status.INVALID, self.Status.COMMITTED):
            return 100
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def is_retrying(self) -> bool:
        """Running again after its worker went silent (the page says so next to the progress bar)."""
        return self.retries > 0 and self.is_running

    @property
    def files_kept(self) -> bool:
        return self.files_purged_at is None
