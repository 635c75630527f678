"""Import jobs from the doors (the seller centre, the seller API): keep the uploads, queue the
check; queue the commit of a checked job."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError
from gembazaar.sellers.models import Seller

from ..images import check_images_archive
from ..job_tasks import import_job_check_task, import_job_commit_task
from ..models import ImportJob
from ..parsing import FileRejected, check_readable
from ..rows import CREATE
from .checking import _check_options

log = logging.getLogger(__name__)

def _read_upload(upload: UploadedFile, *, limit: int, field_name: str) -> bytes:
    if upload.size > limit:
        raise DomainError(_("The file is %(size).1f MB; the limit is %(limit).0f MB.")
                          % {"size": upload.size / 1_048_576, "limit": limit / 1_048_576},
                          code="too_large", field=field_name)
    upload.seek(0)
    return upload.read()


def import_upload_check(*, data: bytes, images: bytes | None = None) -> None:
    """Refuse at once files that cannot be read at all (DomainError naming `file` or `images`).

    Only the quick checks: size, an empty file, a CSV that is not UTF-8, an XLSX or images ZIP
    that zipguard refuses. Columns, rows and picture names are the job's check, as on the web page.
    """
    try:
        check_readable(data)
    except FileRejected as exc:
        raise DomainError(exc.message, code="file_rejected", field="file") from None
    if images is not None:
        _infos, problem = check_images_archive(images)
        if problem:
            raise DomainError(problem, code="file_rejected", field="images")


def import_job_create(*, seller: Seller, user, kind: str, mode: str, upload: UploadedFile,
                      images: UploadedFile | None = None, publish: bool = False,
                      check_files: bool = False) -> ImportJob:
    """Keep the uploaded files in private storage and queue their check.

    `check_files` (the API) refuses unreadable files before a job exists: import_upload_check.
    """
    _check_options(seller=seller, kind=kind, mode=mode, publish=publish and mode == CREATE)
    data = _read_upload(upload, limit=settings.IMPORT_MAX_FILE_BYTES, field_name="file")
    zip_data = _read_upload(images, limit=settings.IMPORT_IMAGES_MAX_BYTES, field_name="images") if images else b""
    if check_files:
        import_upload_check(data=data, images=zip_data if images else None)
    job = ImportJob(seller=seller, created_by=user, kind=kind, mode=mode, publish=publish and mode == CREATE,
                    language=translation.get_language() or "",
                    file_name=(upload.name or "upload")[:200], images_name=(images.name if images else "")[:200])
    job.file.save(upload.name or "upload.csv", ContentFile(data), save=False)
    if images:
        job.images.save(images.name or "images.zip", ContentFile(zip_data), save=False)
    job.save()
    transaction.on_commit(lambda: import_job_check_task.delay(job.pk))
    return job


def import_job_commit_request(*, job: ImportJob) -> ImportJob:
    """Queue the import of a checked job (only a `valid` one)."""
    if job.status != ImportJob.Status.VALID:
        raise DomainError(_("Only a checked file without errors can be imported."), code="invalid_transition",
                          field="status")
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALID).update(
        status=ImportJob.Status.COMMITTING, processed_rows=0, retries=0,  # the commit has its own retries
        updated_at=timezone.now())
    if not updated:
        raise DomainError(_("This import is already running."), code="invalid_transition", field="status")
    job.refresh_from_db()
    attempt = job.retries
    transaction.on_commit(lambda: import_job_commit_task.delay(job.pk, attempt=attempt))
    return job
