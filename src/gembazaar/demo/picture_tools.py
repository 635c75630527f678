"""Drawing helpers shared by the gem and jewelry pictures: canvases, colours, shadows, polygons.

Pictures are drawn at twice their size and halved with `Image.reduce`, a cheap way to get smooth
edges from Pillow's aliased polygon drawing.
"""

from __future__ import annotations

import math
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

SIDE = 800  # final picture side, px
SCALE = 2  # drawn at SIDE × SCALE, then reduced
CANVAS = SIDE * SCALE

RGB = tuple[int, int, int]
Point = tuple[float, float]


def shade(colour: RGB, factor: float) -> RGB:
    """Darker below 1, towards white above 1."""
    if factor <= 1:
        return tuple(max(0, int(c * factor)) for c in colour)  # type: ignore[return-value]
    lift = min(1.0, factor - 1)
    return tuple(int(c + (255 - c) * lift) for c in colour)  # type: ignore[return-value]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def gradient_canvas(top: RGB, bottom: RGB) -> Image.Image:
    """A vertical gradient, made small and stretched (fast), at drawing size."""
    ramp = Image.linear_gradient("L").resize((4, 64))
    return ImageOps.colorize(ramp, top, bottom).resize((CANVAS, CANVAS), Image.Resampling.BILINEAR)


@cache
def _backdrop(top: RGB, bottom: RGB, shadow_box: tuple[float, float, float, float] | None) -> Image.Image:
    image = gradient_canvas(top, bottom)
    if shadow_box:
        soft_shadow(image, shadow_box)
    return image


def backdrop(top: RGB, bottom: RGB,
             shadow_box: tuple[float, float, float, float] | None = None) -> Image.Image:
    """A fresh copy of a gradient background (with a shadow); each kind is built once per process."""
    return _backdrop(top, bottom, shadow_box).copy()


def soft_shadow(image: Image.Image, box: tuple[float, float, float, float], strength: int = 90) -> None:
    """A blurred ellipse under an object; blurred on a small mask, then scaled up."""
    small = 200
    factor = small / CANVAS
    mask = Image.new("L", (small, small), 0)
    ImageDraw.Draw(mask).ellipse([v * factor for v in box], fill=strength)
    mask = mask.filter(ImageFilter.GaussianBlur(6)).resize(image.size, Image.Resampling.BILINEAR)
    image.paste((40, 40, 40), (0, 0), mask)


def polygon_centre(points: list[Point]) -> Point:
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def scaled(points: list[Point], centre: Point, factor: float) -> list[Point]:
    cx, cy = centre
    return [(cx + (x - cx) * factor, cy + (y - cy) * factor) for x, y in points]


def resample(points: list[Point], count: int) -> list[Point]:
    """`count` points evenly spaced along a closed polygon (facet patterns need regular vertices)."""
    edges = [(points[i], points[(i + 1) % len(points)]) for i in range(len(points))]
    lengths = [math.dist(a, b) for a, b in edges]
    total = sum(lengths)
    result, edge, walked = [], 0, 0.0
    for k in range(count):
        target = total * k / count
        while walked + lengths[edge] < target and edge < len(edges) - 1:
            walked += lengths[edge]
            edge += 1
        (ax, ay), (bx, by) = edges[edge]
        t = (target - walked) / lengths[edge] if lengths[edge] else 0.0
        result.append((ax + (bx - ax) * t, ay + (by - ay) * t))
    return result


def sparkle(draw: ImageDraw.ImageDraw, x: float, y: float, size: float, colour=(255, 255, 255, 230)) -> None:
    """A four-pointed glint."""
    thin = size / 6
    draw.polygon([(x, y - size), (x + thin, y - thin), (x + size, y), (x + thin, y + thin), (x, y + size),
                  (x - thin, y + thin), (x - size, y), (x - thin, y - thin)], fill=colour)


def caption(image: Image.Image, *, dark: bool, text: str = "GemBazaar demo illustration") -> None:
    """A small honest caption: these are drawings, not photographs of the stock."""
    try:
        font = ImageFont.load_default(size=13 * SCALE)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        font = ImageFont.load_default()
    draw = ImageDraw.Draw(image, "RGBA")
    fill = (220, 210, 190, 150) if dark else (90, 90, 90, 150)
    draw.text((CANVAS - 18 * SCALE, CANVAS - 14 * SCALE), text, fill=fill, font=font, anchor="rs")


def finish(image: Image.Image, *, dark: bool = False) -> Image.Image:
    """Caption, then halve to the final size (the halving smooths every edge)."""
    caption(image, dark=dark)
    return image.reduce(SCALE)
