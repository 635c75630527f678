"""Demo pictures: real JPEGs of the right size that show something, drawn once and stored."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image, ImageStat

from gembazaar.demo.gem_physics import GEOMETRY
from gembazaar.demo.jewelry_pictures import DRAWINGS
from gembazaar.demo.pictures import (
    draw_missing_pictures,
    jpeg_bytes,
    picture_path,
    render_picture,
    thumbnail_path,
    thumbnail_webp_path,
)


def assert_looks_drawn(image: Image.Image) -> None:
    """Not a blank canvas: many colours and real contrast."""
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 200
    assert max(ImageStat.Stat(image.convert("L")).stddev) > 10


def test_a_gem_picture_is_an_800_px_jpeg_with_a_480_px_thumbnail(settings):
    image = render_picture("emerald-oval-face")
    main = Image.open(io.BytesIO(jpeg_bytes(image)))
    thumb = Image.open(io.BytesIO(jpeg_bytes(image, settings.THUMBNAIL_SIDE)))

    assert main.format == "JPEG" and main.size == (800, 800)
    assert thumb.format == "JPEG" and thumb.size == (settings.THUMBNAIL_SIDE, settings.THUMBNAIL_SIDE)
    assert_looks_drawn(main)


def test_the_stone_is_drawn_in_its_colour():
    centre = render_picture("ruby-round-face").crop((300, 260, 500, 460))
    red, green, blue = ImageStat.Stat(centre).mean
    assert red > green + 40 and red > blue + 30


@pytest.mark.parametrize("shape", sorted(GEOMETRY))
def test_every_shape_draws_face_up_in_profile_and_on_paper(shape):
    for view in ("face", "side", "paper"):
        assert_looks_drawn(render_picture(f"aquamarine-{shape}-{view}"))


@pytest.mark.parametrize("piece", sorted(DRAWINGS))
def test_every_jewelry_type_draws_in_gold_and_white_metal(piece):
    for colour, view in (("gold", "velvet"), ("white", "light")):
        assert_looks_drawn(render_picture(f"{piece}-{colour}-{view}"))


def test_an_unknown_picture_name_is_refused():
    with pytest.raises(ValueError, match="Not a demo picture name"):
        render_picture("emerald-oval-sideways")


def test_pictures_are_stored_once_and_shared():
    names = ["spinel-cushion-face", "bangles-gold-velvet"]
    assert draw_missing_pictures(names) == 2
    assert draw_missing_pictures(names) == 0
    for name in names:
        assert default_storage.exists(picture_path(name)) and default_storage.exists(thumbnail_path(name))
        with default_storage.open(thumbnail_webp_path(name)) as stored:
            assert Image.open(stored).format == "WEBP"
    default_storage.delete(thumbnail_webp_path(names[0]))
    assert draw_missing_pictures(names) == 1  # a set missing its WebP (an older demo) is drawn again
