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


def test_exif_is_stripped():
    result = process_upload(picture(exif=exif_with_gps()))
    for blob in (result.image, result.thumbnail):
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
