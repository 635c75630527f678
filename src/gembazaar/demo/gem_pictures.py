"""Drawn gem pictures: a stone face-up, in profile, or as a parcel on dealer's paper.

Faceted stones get a brilliant or step facet pattern shaded from a light at the top left; cabochons
and beads a domed gradient; rough and crystal specimens irregular faces. A few varieties get their
tell-tale look (lapis pyrite specks, turquoise matrix veins, banded agate, a star, a moonstone sheen).
"""

from __future__ import annotations

import math
import random
from itertools import pairwise

from PIL import Image, ImageDraw

from .gem_shapes import PICTURE_RATIO, STEP_CORNER_CUT, irregular, moved, outline
from .picture_tools import CANVAS, RGB, Point, backdrop, finish, polygon_centre, resample, scaled, shade, sparkle

PALETTE: dict[str, RGB] = {
    "emerald": (18, 140, 72), "ruby": (176, 16, 48), "star-ruby": (160, 20, 50), "spinel": (214, 46, 92),
    "pargasite": (58, 112, 62), "pink-topaz": (238, 128, 160), "imperial-topaz": (236, 136, 40),
    "sherry-topaz": (186, 108, 48), "blue-topaz": (80, 170, 230), "peridot": (136, 186, 36),
    "aquamarine": (118, 188, 222), "green-tourmaline": (56, 136, 88), "indicolite": (28, 108, 140),
    "rubellite": (198, 30, 100), "kunzite": (214, 150, 210), "morganite": (240, 178, 168),
    "spessartine": (238, 98, 20), "almandine": (120, 18, 32), "lapis-lazuli": (30, 48, 150),
    "diopside": (30, 98, 40), "zircon": (170, 110, 50), "scapolite": (228, 198, 88), "corundum": (90, 108, 150),
    "rock-crystal": (232, 236, 242), "smoky-quartz": (118, 94, 74), "blue-sapphire": (20, 48, 160),
    "pink-sapphire": (234, 88, 150), "padparadscha": (246, 140, 110), "star-sapphire": (52, 70, 140),
    "moonstone": (226, 230, 240), "tanzanite": (80, 60, 180), "turquoise": (60, 188, 188),
    "agate": (170, 118, 78), "carnelian": (200, 78, 30), "amethyst": (128, 58, 170), "citrine": (234, 168, 40),
    "diamond": (236, 240, 246),
}
STUDIO_SHADOW = (CANVAS * 0.22, CANVAS * 0.74, CANVAS * 0.82, CANVAS * 0.9)
LIGHT_ANGLE = math.atan2(-1.0, -1.0)  # light from the top left
OPAQUE = {"lapis-lazuli", "turquoise", "agate", "carnelian", "pargasite", "moonstone"}
COLOURLESS = {"diamond", "rock-crystal", "moonstone"}


def _lit(centre: Point, point: Point) -> float:
    """How much a face pointing from the centre towards `point` catches the light (−1 … 1)."""
    return math.cos(math.atan2(point[1] - centre[1], point[0] - centre[0]) - LIGHT_ANGLE)


def _facets(draw: ImageDraw.ImageDraw, faces: list[list[Point]], centre: Point, colour: RGB,
            rng: random.Random, base: float = 0.85) -> None:
    for face in faces:
        factor = base + 0.3 * _lit(centre, polygon_centre(face)) + rng.uniform(-0.22, 0.22)
        draw.polygon(face, fill=shade(colour, factor), outline=(255, 255, 255, 60))


def _brilliant(draw, points: list[Point], centre: Point, colour: RGB, rng: random.Random) -> None:
    girdle = resample(points, 16)
    table = scaled(resample(points, 8), centre, 0.52)
    faces = []
    for j in range(8):
        g0, g1, g2 = girdle[2 * j], girdle[2 * j + 1], girdle[(2 * j + 2) % 16]
        t0, t1 = table[j], table[(j + 1) % 8]
        faces += [[t0, g0, g1], [t0, g1, t1], [t1, g1, g2]]
    _facets(draw, faces, centre, colour, rng)
    # Through the table one sees the pavilion: darker and lighter wedges meeting at the culet.
    wedges = [[centre, table[j], table[(j + 1) % 8]] for j in range(8)]
    for index, wedge in enumerate(wedges):
        factor = (1.2 if index % 2 else 0.72) + rng.uniform(-0.1, 0.1)
        draw.polygon(wedge, fill=shade(colour, factor), outline=(255, 255, 255, 70))


def _step(draw, points: list[Point], centre: Point, colour: RGB, rng: random.Random) -> None:
    rings = [points] + [scaled(points, centre, f) for f in (0.8, 0.62, 0.46)]
    for depth, (outer, inner) in enumerate(pairwise(rings)):
        faces = [[outer[k], outer[(k + 1) % len(outer)], inner[(k + 1) % len(inner)], inner[k]]
                 for k in range(len(outer))]
        _facets(draw, faces, centre, colour, rng, base=0.75 + 0.1 * depth)
    for factor, size in ((1.1, 0.46), (0.8, 0.32), (1.15, 0.2)):  # the "hall of mirrors" of a step cut
        draw.polygon(scaled(points, centre, size), fill=shade(colour, factor + rng.uniform(-0.05, 0.05)),
                     outline=(255, 255, 255, 60))


def _dome(draw, box: tuple[float, float, float, float], colour: RGB, steps: int = 16) -> None:
    """A domed surface: nested ellipses brightening towards a highlight at the top left."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    for i in range(steps):
        t = i / steps
        inset_x, inset_y = w * 0.42 * t, h * 0.42 * t
        shift_x, shift_y = -w * 0.16 * t, -h * 0.16 * t
        draw.ellipse((x0 + inset_x + shift_x, y0 + inset_y + shift_y, x1 - inset_x + shift_x, y1 - inset_y + shift_y),
                     fill=shade(colour, 0.55 + 0.75 * t))
    draw.ellipse((x0 + w * 0.22, y0 + h * 0.14, x0 + w * 0.38, y0 + h * 0.26), fill=(255, 255, 255, 150))


def _surface_look(draw, subject: str, box: tuple[float, float, float, float], rng: random.Random) -> None:
    """What tells an opaque or phenomenal stone apart at a glance."""
    x0, y0, x1, y1 = box
    cx, cy, w, h = (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0
    if subject == "lapis-lazuli":
        for _ in range(40):
            x, y = cx + rng.uniform(-0.35, 0.35) * w, cy + rng.uniform(-0.35, 0.35) * h
            r = rng.uniform(2, 6)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(222, 190, 90, 230))
    elif subject == "turquoise":
        for _ in range(6):
            x, y = cx + rng.uniform(-0.3, 0.3) * w, cy + rng.uniform(-0.3, 0.3) * h
            path = [(x, y)]
            for _ in range(5):
                x, y = x + rng.uniform(-40, 40), y + rng.uniform(-40, 40)
                path.append((x, y))
            draw.line(path, fill=(90, 70, 50, 170), width=5)
    elif subject in {"agate", "carnelian"}:
        for i in range(1, 7):
            f = i / 8
            draw.ellipse((cx - w * f / 2, cy - h * f / 2, cx + w * f / 2, cy + h * f / 2),
                         outline=(255, 240, 220, 90), width=8)
    elif subject in {"star-sapphire", "star-ruby"}:
        for k in range(3):
            angle = math.pi / 3 * k + 0.2
            dx, dy = math.cos(angle) * w * 0.42, math.sin(angle) * h * 0.42
            draw.line([(cx - dx, cy - dy), (cx + dx, cy + dy)], fill=(255, 255, 255, 160), width=7)
    elif subject == "moonstone":
        draw.ellipse((cx - w * 0.3, cy - h * 0.3, cx + w * 0.2, cy + h * 0.1), fill=(150, 190, 255, 90))


def _stone(image: Image.Image, subject: str, shape: str, cx: float, cy: float, half: float,
           rng: random.Random, angle: float = 0.0) -> None:
    """One stone, face-up, centred at (cx, cy), `half` = half its length."""
    draw = ImageDraw.Draw(image, "RGBA")
    colour = PALETTE.get(subject, (150, 150, 160))
    ratio = PICTURE_RATIO.get(shape, 1.0)
    a, b = half / ratio, half
    if shape in {"rough", "specimen"}:
        _rough(draw, subject, shape, cx, cy, half, colour, rng)
        return
    if shape in {"cabochon", "bead", "carving"}:
        box = (cx - a, cy - b, cx + a, cy + b) if shape != "bead" else (cx - b, cy - b, cx + b, cy + b)
        _dome(draw, box, colour)
        _surface_look(draw, subject, box, rng)
        if shape == "bead":
            draw.ellipse((cx - b * 0.07, cy - b * 0.92, cx + b * 0.07, cy - b * 0.78), fill=(30, 30, 30, 200))
        if shape == "carving":
            for k in range(3):  # the veins of a carved leaf
                inset = 1 - 0.25 * k
                draw.arc((cx - a * 0.8 * inset, cy - b * 0.7 * inset, cx + a * 0.8 * inset, cy + b * 0.8 * inset),
                         200, 340, fill=shade(colour, 0.5), width=8)
        return
    points = moved(outline(shape, a, b), cx, cy, angle)
    draw.polygon(points, fill=colour)
    if shape in STEP_CORNER_CUT and shape not in {"princess", "radiant"}:
        _step(draw, points, (cx, cy), colour, rng)
    else:
        _brilliant(draw, points, (cx, cy), colour, rng)
    draw.line([*points, points[0]], fill=shade(colour, 0.4), width=5)
    for _ in range(3 if subject not in OPAQUE else 0):
        sparkle(draw, cx + rng.uniform(-0.4, 0.3) * a, cy + rng.uniform(-0.45, 0.2) * b, rng.uniform(14, 28))
    if subject == "diamond":  # fire: small flashes of spectral colour
        for hue in ((255, 80, 80), (80, 160, 255), (255, 210, 60), (120, 230, 120)):
            x, y = cx + rng.uniform(-0.5, 0.5) * a, cy + rng.uniform(-0.5, 0.5) * b
            draw.ellipse((x - 8, y - 8, x + 8, y + 8), fill=(*hue, 170))


def _rough(draw, subject: str, shape: str, cx: float, cy: float, half: float, colour: RGB,
           rng: random.Random) -> None:
    if shape == "specimen":  # a crystal sitting on its white marble or granite matrix
        matrix = moved(irregular(rng, half * 1.1, 11, 0.45), cx, cy + half * 0.55)
        _facets(draw, _fan(matrix, rng), polygon_centre(matrix), (226, 222, 212), rng, base=0.9)
        _crystal(draw, cx, cy + half * 0.35, half, colour, rng)
        return
    points = moved(irregular(rng, half, 9, 0.8), cx, cy)
    _facets(draw, _fan(points, rng), (cx, cy), colour, rng, base=0.8)
    draw.line([*points, points[0]], fill=shade(colour, 0.45), width=4)


def _fan(points: list[Point], rng: random.Random) -> list[list[Point]]:
    cx, cy = polygon_centre(points)
    hub = (cx + rng.uniform(-20, 20), cy + rng.uniform(-20, 20))
    return [[hub, points[k], points[(k + 1) % len(points)]] for k in range(len(points))]


def _crystal(draw, base_x: float, base_y: float, half: float, colour: RGB, rng: random.Random) -> None:
    """A hexagonal prism seen from the side, leaning a little, with its flat top showing."""
    width, height = half * rng.uniform(0.45, 0.6), half * rng.uniform(1.1, 1.4)
    lean = rng.uniform(-0.25, 0.25)
    left, mid, right = -width / 2, width * 0.1, width / 2
    front = [(left, 0), (mid, 0), (mid, -height), (left, -height)]
    side = [(mid, 0), (right, -width * 0.15), (right, -height - width * 0.15), (mid, -height)]
    top = [(left, -height), (mid, -height), (right, -height - width * 0.15),
           (left + width * 0.3, -height - width * 0.3)]
    for face, factor in ((front, 1.0), (side, 0.7), (top, 1.3)):
        draw.polygon(moved(face, base_x, base_y, lean), fill=shade(colour, factor), outline=(255, 255, 255, 80))


def _profile(image: Image.Image, subject: str, shape: str, rng: random.Random) -> None:
    """The stone seen from the side: crown above the girdle, pavilion below (or a dome)."""
    draw = ImageDraw.Draw(image, "RGBA")
    colour = PALETTE.get(subject, (150, 150, 160))
    cx, cy, w = CANVAS / 2, CANVAS * 0.38, CANVAS * 0.66
    if shape in {"cabochon", "carving"}:
        height, base = w * (0.34 if shape == "cabochon" else 0.2), CANVAS * 0.7
        for i in range(14):  # nested half-ellipses, brighter and higher towards the lit top left
            t = i / 14
            rx, ry = w / 2 * (1 - 0.55 * t), height * (1 - 0.45 * t)
            x, y = cx - w * 0.08 * t, base - height * 0.25 * t
            draw.pieslice((x - rx, y - ry, x + rx, y + ry), 180, 360, fill=shade(colour, 0.6 + 0.6 * t))
        draw.ellipse((cx - w * 0.2, base - height * 0.9, cx - w * 0.06, base - height * 0.78),
                     fill=(255, 255, 255, 150))
        draw.rectangle((cx - w / 2, base, cx + w / 2, base + 12), fill=shade(colour, 0.45))
        return
    step = shape in STEP_CORNER_CUT
    crown = [(cx - w / 2, cy), (cx - w * 0.3, cy - w * 0.15), (cx + w * 0.3, cy - w * 0.15), (cx + w / 2, cy)]
    keel = w * 0.16 if step else 0.0
    pavilion = [(cx - w / 2, cy + 8), (cx + w / 2, cy + 8), (cx + keel, cy + w * 0.45), (cx - keel, cy + w * 0.45)]
    draw.polygon(crown, fill=shade(colour, 1.1))
    draw.polygon(pavilion, fill=colour)
    for k in range(7):  # facet edges
        t = (k + 1) / 8
        draw.line([(cx - w * 0.3 + w * 0.6 * t, cy - w * 0.15), (cx - w / 2 + w * t, cy)], fill=(255, 255, 255, 90),
                  width=3)
        draw.line([(cx - w / 2 + w * t, cy + 8), (cx - keel + 2 * keel * t, cy + w * 0.45)],
                  fill=shade(colour, 0.55 + 0.5 * rng.random()), width=4)
    draw.rectangle((cx - w / 2, cy - 2, cx + w / 2, cy + 8), fill=shade(colour, 0.6))
    sparkle(draw, cx - w * 0.12, cy - w * 0.1, 26)


def render_gem(subject: str, shape: str, view: str) -> Image.Image:
    """One gem picture: view is "face", "side" or "paper"."""
    rng = random.Random(f"{subject}/{shape}/{view}")
    if view == "paper":
        image = backdrop((236, 234, 228), (214, 210, 202))
        draw = ImageDraw.Draw(image)
        draw.rectangle((120, 170, CANVAS - 120, CANVAS - 170), fill=(252, 252, 250), outline=(200, 200, 200), width=3)
        draw.rectangle((190, 240, CANVAS - 190, CANVAS - 240), outline=(150, 185, 225), width=10)
        for row in range(3):
            for column in range(3):
                x = 470 + column * 330 + rng.uniform(-40, 40)
                y = 540 + row * 260 + rng.uniform(-30, 30)
                _stone(image, subject, shape, x, y, rng.uniform(80, 110), rng, rng.uniform(-0.6, 0.6))
        return finish(image)
    image = backdrop((246, 246, 248), (206, 208, 214), STUDIO_SHADOW)
    if view == "side" and shape not in {"rough", "specimen", "bead"}:
        _profile(image, subject, shape, rng)
        return finish(image)
    _stone(image, subject, shape, CANVAS / 2, CANVAS * 0.46, CANVAS * 0.32, rng, 0.35 if view == "side" else 0.0)
    return finish(image)
