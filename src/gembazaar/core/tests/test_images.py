"""Uploads are judged by their bytes: real pictures pass, re-encoded without EXIF; anything else fails."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from gembazaar.core.images import process_upload


def picture(fmt="JPEG", size=(640, 480), exif=None, mode="RGB") -> bytes:
    image = Image.new(mode, size, (20, 120, 60) if mode == "RGB" else None)
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0131] = "Shop-GPS-33.6844N-73.0479E"  # Software: anything a seller would not publish
    return exif.tobytes()


def test_a_real_jpeg_is_reencoded_and_thumbnailed(settings):
    result = process_upload(picture(size=(1600, 1200)))
    thumb = Image.open(io.BytesIO(result.thumbnail))
    assert max(thumb.size) == settings.THUMBNAIL_SIDE
    assert (result.width, result.height) == (1600, 1200)
    webp = Image.open(io.BytesIO(result.thumbnail_webp))
    assert (webp.format, webp.size) == ("WEBP", thumb.size)  # the same thumbnail, in WebP


def test_exif_is_stripped():
    result = process_upload(picture(exif=exif_with_gps()))
    for blob in (result.image, result.thumbnail, result.thumbnail_webp):
        reopened = Image.open(io.BytesIO(blob))
        assert not reopened.getexif()
        assert b"SecretCam" not in blob and b"Shop-GPS" not in blob


def test_png_with_transparency_becomes_a_jpeg():
    result = process_upload(picture(fmt="PNG", mode="RGBA"))
    assert Image.open(io.BytesIO(result.image)).format == "JPEG"


@pytest.mark.parametrize("payload", [b"not an image at all", b"GIF89a" + b"\0" * 100, b""])
def test_non_images_are_refused_naming_the_field(payload):
    with pytest.raises(ValidationError) as exc:
        process_upload(payload)
    assert "image" in exc.value.message_dict


def test_a_truncated_jpeg_is_refused():
    with pytest.raises(ValidationError):
        process_upload(picture()[:200])


def test_a_gif_is_refused_even_when_valid():
    with pytest.raises(ValidationError) as exc:
        process_upload(picture(fmt="GIF", mode="P"))
    assert "JPEG, PNG or WebP" in exc.value.messages[0]


def test_an_oversize_file_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as exc:
        process_upload(picture())
    assert "larger than" in exc.value.messages[0]


def test_too_many_pixels_is_refused_before_decoding(settings):
    settings.IMAGE_MAX_PIXELS = 100_000
    with pytest.raises(ValidationError) as exc:
        process_upload(picture(fmt="PNG", size=(1000, 1000)))
    assert "too many pixels" in exc.value.messages[0]


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixels: what an attacker sends as a bomb."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [7_000, 10_000, 20_000])  # ours, Pillow's warning, Pillow's error
def test_a_huge_picture_is_named_too_many_pixels_with_the_limit(settings, side):
    with pytest.raises(ValidationError) as exc:
        process_upload(png_header_only(side, side))
    message = exc.value.messages[0]
    assert "too many pixels" in message and "at most 40 megapixels" in message
