"""Demo pictures on the default storage: drawn once per name, shared by every listing that uses them.

A name is "<subject>-<shape>-<view>" for stones (views face, side, paper) and
"<jewelry type>-<gold|white>-<view>" for jewelry (views velvet, light). Each becomes an 800 px JPEG
and a thumbnail of settings.THUMBNAIL_SIDE; a file that already exists is not drawn again.
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

from .gem_pictures import render_gem
from .jewelry_pictures import render_jewelry

PICTURE_DIR = "demo"
GEM_VIEWS = {"face", "side", "paper"}
JEWELRY_VIEWS = {"velvet", "light"}


def picture_path(name: str) -> str:
    return f"{PICTURE_DIR}/{name}.jpg"


def thumbnail_path(name: str) -> str:
    return f"{PICTURE_DIR}/{name}-thumb.jpg"


def render_picture(name: str) -> Image.Image:
    """The picture a demo name stands for."""
    rest, view = name.rsplit("-", 1)
    first, second = rest.rsplit("-", 1)
    if view in GEM_VIEWS:
        return render_gem(first, second, view)
    if view in JEWELRY_VIEWS:
        return render_jewelry(first, second, view)
    raise ValueError(f"Not a demo picture name: {name}")


def jpeg_bytes(image: Image.Image, side: int | None = None) -> bytes:
    if side is not None and side < max(image.size):
        image = image.resize((side, side), Image.Resampling.BILINEAR)  # antialiased when shrinking
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _draw_and_store(name: str) -> None:
    image = render_picture(name)
    for path, side in ((picture_path(name), None), (thumbnail_path(name), settings.THUMBNAIL_SIDE)):
        if default_storage.exists(path):
            default_storage.delete(path)  # a half-written pair from an interrupted run
        default_storage.save(path, ContentFile(jpeg_bytes(image, side)))


def draw_missing_pictures(names: Iterable[str]) -> int:
    """Draw and store every named picture not stored yet; returns how many were drawn.

    Threads help because Pillow releases the GIL while it resizes and encodes JPEGs.
    """
    missing = [name for name in names
               if not (default_storage.exists(picture_path(name)) and default_storage.exists(thumbnail_path(name)))]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        list(pool.map(_draw_and_store, missing))  # list() re-raises the first error
    return len(missing)
