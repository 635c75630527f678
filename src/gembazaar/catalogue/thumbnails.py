"""WebP thumbnails for pictures stored before they existed: made once from the stored JPEG thumbnail.

Demo pictures are shared by many listings, so the work goes by distinct thumbnail file, and every
row that uses a file gets its WebP in one UPDATE. Pages keep serving the JPEG until a row has one;
a cached page picks the WebP up when it is next rendered.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from gembazaar.core.images import webp

from .models import ListingImage


def _without_webp():
    return ListingImage.objects.filter(thumbnail_webp="").exclude(thumbnail="")


def thumbnails_missing_webp() -> int:
    """How many distinct thumbnail files still lack a WebP twin."""
    return _without_webp().values("thumbnail").distinct().count()


def _webp_name(thumbnail: str) -> str:
    stem = thumbnail.rsplit(".", 1)[0]
    return f"{stem}.webp"


def _make_webp(thumbnail: str) -> str | None:
    """The WebP file beside a JPEG thumbnail (made unless already there); None when the JPEG is gone."""
    name = _webp_name(thumbnail)
    if default_storage.exists(name):
        return name
    try:
        with default_storage.open(thumbnail) as stored, Image.open(stored) as image:
            content = webp(image.convert("RGB"))
    except (OSError, ValueError):
        return None  # a missing or unreadable file: the row keeps its JPEG
    return default_storage.save(name, ContentFile(content))


def thumbnails_make_webp(*, progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Give every picture without one a WebP thumbnail. Returns (files made or found, rows updated)."""
    files = rows = 0
    names = _without_webp().values_list("thumbnail", flat=True).distinct().order_by("thumbnail")
    for thumbnail in names.iterator(chunk_size=1000):
        made = _make_webp(thumbnail)
        if made is not None:
            files += 1
            rows += _without_webp().filter(thumbnail=thumbnail).update(thumbnail_webp=made)
        if progress:
            progress(1)
    return files, rows
