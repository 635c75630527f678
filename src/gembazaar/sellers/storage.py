"""Private storage for sellers' documents: a folder outside MEDIA_ROOT that no URL maps to.

Trade licences and owners' ID cards are personal data. They live under PRIVATE_MEDIA_ROOT
(settings), which neither `/media/` nor any web server serves; `url()` refuses, so a template
cannot leak a link by accident. The only way out is the download view, which checks who asks.
"""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at settings.PRIVATE_MEDIA_ROOT, read on every use (tests override it)."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private documents have no URL; use the protected download view.")


_storage = PrivateStorage(file_permissions_mode=0o640, directory_permissions_mode=0o750)


def private_storage() -> PrivateStorage:
    # A callable keeps the folder out of migrations and lets tests point it elsewhere.
    return _storage


def document_upload_to(instance, filename: str) -> str:
    """A random name in the seller's folder; the applicant's file name is never used as a path."""
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if extension not in {"pdf", "jpg", "png"}:
        extension = "bin"
    return f"sellers/{instance.seller_id}/{instance.kind}-{uuid.uuid4().hex}.{extension}"
