"""Pictures for an import: a ZIP of files named by SKU ("SW-0001.jpg", then "SW-0001-2.jpg" …).

Nothing is fetched from a URL. The archive passes zipguard's checks; each picture is read with a
cap and then goes through core.images.process_upload (checked by content, re-encoded, EXIF
dropped) before anything is written.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from gembazaar.core.images import process_upload

from .rows import RowError
from .zipguard import ZipRejected, check_archive, open_archive, read_entry

EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
NUMBERED = re.compile(r"^(?P<sku>.+?)[-_](?P<n>\d{1,3})$")
COLUMN = "images"


@dataclass
class PlannedImage:
    sku: str
    order: int
    info: zipfile.ZipInfo


def _skippable(name: str) -> bool:
    base = posixpath.basename(name)
    return name.startswith("__MACOSX/") or base.startswith(".") or not base


def check_images_archive(data: bytes) -> tuple[list[zipfile.ZipInfo], str | None]:
    """The archive's file entries, or why the whole ZIP is refused (size, zipguard's checks)."""
    if len(data) > settings.IMPORT_IMAGES_MAX_BYTES:
        return [], _("The images ZIP is larger than %(mb)d MB.") % {"mb": settings.IMPORT_IMAGES_MAX_BYTES // 1_048_576}
    try:
        return check_archive(io.BytesIO(data), max_entries=settings.IMPORT_ZIP_MAX_ENTRIES,
                             max_total_bytes=settings.IMPORT_ZIP_MAX_TOTAL_BYTES,
                             max_ratio=settings.IMPORT_ZIP_MAX_RATIO), None
    except ZipRejected as exc:
        return [], _("The images ZIP was refused: %(reason)s") % {"reason": exc.message}


def plan_images(data: bytes, *, skus: set[str]) -> tuple[list[PlannedImage], list[RowError]]:
    """Which picture goes to which SKU, from the names alone; errors name the entry and the reason."""
    infos, problem = check_images_archive(data)
    if problem:
        return [], [RowError(None, COLUMN, problem)]
    planned, errors = [], []
    for info in infos:
        if _skippable(info.filename):
            continue
        stem, extension = posixpath.splitext(posixpath.basename(info.filename.replace("\\", "/")))
        if extension.lower() not in EXTENSIONS:
            errors.append(RowError(None, COLUMN, _("“%(name)s” is not a JPEG, PNG or WebP file name.")
                                   % {"name": info.filename}))
            continue
        if stem in skus:
            planned.append(PlannedImage(stem, 1, info))
            continue
        match = NUMBERED.match(stem)
        if match and match["sku"] in skus:
            planned.append(PlannedImage(match["sku"], int(match["n"]), info))
            continue
        errors.append(RowError(None, COLUMN, _("“%(name)s” does not match any SKU in the file.")
                               % {"name": info.filename}))
    planned.sort(key=lambda p: (p.sku, p.order, p.info.filename))
    return planned, errors


def load_images(data: bytes, planned: list[PlannedImage]):
    """Read and process every planned picture: ({sku: [ProcessedImage …]}, errors)."""
    from django.core.exceptions import ValidationError

    result: dict[str, list] = {}
    errors: list[RowError] = []
    archive = open_archive(io.BytesIO(data))
    with archive:
        for item in planned:
            try:
                raw = read_entry(archive, item.info, cap=settings.IMAGE_MAX_BYTES)
                result.setdefault(item.sku, []).append(process_upload(raw))
            except ZipRejected as exc:
                errors.append(RowError(None, COLUMN, exc.message))
            except ValidationError as exc:
                errors.append(RowError(None, COLUMN, f"{item.info.filename}: {' '.join(exc.messages)}"))
    return result, errors
