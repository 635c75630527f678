"""Demo pictures on the default storage: drawn once per name, shared by every listing that uses them.

A name is "<subject>-<shape>-<view>" for stones (views face, side, paper) and
"<jewelry type>-<gold|white>-<view>" for jewelry (views velvet, light). Each becomes an 800 px JPEG
and a thumbnail of settings.THUMBNAIL_SIDE in JPEG and WebP; a file that already exists is not
drawn again.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from gembazaar.core.images import webp

from .gem_pictures import render_gem
from .jewelry_pictures import render_jewelry

PICTURE_DIR = "demo"
GEM_VIEWS = {"face", "side", "paper"}
JEWELRY_VIEWS = {"velvet", "light"}


def picture_path(name: str) -> str:
    return f"{PICTURE_DIR}/{name}.jpg"


def thumbnail_path(name: str) -> str:
    return f"{PICTURE_DIR}/{name}-thumb.jpg"


def thumbnail_webp_path(name: str) -> str:
    return f"{PICTURE_DIR}/{name}-thumb.webp"


def render_picture(name: str) -> Image.Image:
    """The picture a demo name stands for."""
    rest, view = name.rsplit("-", 1)
    first, second = rest.rsplit("-", 1)
    if view in GEM_VIEWS:
        return render_gem(first, second, view)
    if view in JEWELRY_VIEWS:
        return render_jewelry(first, second, view)
    raise ValueError(f"Not a demo picture name: {name}")


def _sized(image: Image.Image, side: int | None) -> Image.Image:
    if side is not None and side < max(image.size):
        image = image.resize((side, side), Image.Resampling.BILINEAR)  # antialiased when shrinking
    return image


def jpeg_bytes(image: Image.Image, side: int | None = None) -> bytes:
    buffer = io.BytesIO()
    _sized(image, side).save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _files_of(name: str) -> tuple[str, ...]:
    return picture_path(name), thumbnail_path(name), thumbnail_webp_path(name)


def _draw_and_store(name: str) -> None:
    image = render_picture(name)
    thumbnail = _sized(image, settings.THUMBNAIL_SIDE)
    contents = (jpeg_bytes(image), jpeg_bytes(thumbnail), webp(thumbnail))
    for path, content in zip(_files_of(name), contents, strict=True):
        if default_storage.exists(path):
            default_storage.delete(path)  # a half-written set from an interrupted run
        default_storage.save(path, ContentFile(content))


def draw_missing_pictures(names: Iterable[str]) -> int:
    """Draw and store every named picture not stored yet; returns how many were drawn.

    Threads help because Pillow releases the GIL while it resizes and encodes JPEGs.
    """
    missing = [name for name in names if not all(default_storage.exists(path) for path in _files_of(name))]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        list(pool.map(_draw_and_store, missing))  # list() re-raises the first error
    return len(missing)
