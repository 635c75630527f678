"""Uploaded pictures: checked by their content, re-encoded without metadata, thumbnailed.

A file's name and declared content type are ignored: only Pillow's reading of the bytes counts.
Re-encoding drops EXIF (GPS position of a dealer's shop, camera serials) and any payload
smuggled after the image data.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class ProcessedImage:
    image: bytes
    thumbnail: bytes
    thumbnail_webp: bytes  # the same thumbnail, about a third smaller, for browsers that take WebP
    width: int
    height: int
    extension: str = "jpg"


def _open_checked(data: bytes, *, field: str) -> Image.Image:
    if len(data) > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            {field: _("The image is larger than %(mb)d MB.") % {"mb": settings.IMAGE_MAX_BYTES // 1_048_576}}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError({field: _("Upload a JPEG, PNG or WebP picture.")})
            if probe.width * probe.height > settings.IMAGE_MAX_PIXELS:
                raise _too_many_pixels(field)
            probe.verify()  # truncated or corrupt files fail here
            image = Image.open(io.BytesIO(data))
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard (far above ours) trips while reading the header: the same answer.
        raise _too_many_pixels(field) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({field: _("The file is not a readable picture.")}) from None
    return image


def _too_many_pixels(field: str) -> ValidationError:
    limit = settings.IMAGE_MAX_PIXELS / 1_000_000
    return ValidationError({field: _("The picture has too many pixels: at most %(megapixels)s megapixels "
                                     "(for example %(side)s × %(side)s).")
                            % {"megapixels": f"{limit:g}", "side": int(settings.IMAGE_MAX_PIXELS ** 0.5)}})


def _shrunk(image: Image.Image, side: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    return copy


def jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # Saving without exif= drops every metadata block.
    image.save(buffer, format="JPEG", quality=86, optimize=True, progressive=True)
    return buffer.getvalue()


def webp(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=80, method=4)
    return buffer.getvalue()


def process_upload(data: bytes, *, field: str = "image") -> ProcessedImage:
    """Validate an uploaded picture and return a clean JPEG and its thumbnail (JPEG and WebP)."""
    image = _open_checked(data, field=field)
    image = ImageOps.exif_transpose(image)  # keep the photographer's orientation, then forget EXIF
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    thumbnail = _shrunk(image, settings.THUMBNAIL_SIDE)
    return ProcessedImage(
        image=jpeg(_shrunk(image, settings.IMAGE_MAX_SIDE)),
        thumbnail=jpeg(thumbnail),
        thumbnail_webp=webp(thumbnail),
        width=image.width,
        height=image.height,
    )
