"""Drawn jewelry pictures, one set per (type of piece, metal colour): on velvet and on a light ground.

Simple shapes with metal shading (a dark rim, a body, a bright arc): bands, links, beads, domes and
set stones, arranged the way each piece lies in a shop tray. Coordinates are on the drawing canvas.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from PIL import Image, ImageDraw

from .picture_tools import CANVAS, RGB, Point, backdrop, finish, shade, sparkle

METALS: dict[str, dict[str, RGB]] = {
    "gold": {"dark": (138, 98, 24), "base": (214, 172, 60), "light": (255, 234, 156)},
    "white": {"dark": (112, 114, 126), "base": (194, 196, 206), "light": (252, 252, 255)},
}
VELVET = {"gold": ((92, 14, 34), (38, 4, 14)), "white": ((22, 34, 78), (6, 10, 30))}
CREAM = ((252, 248, 240), (224, 214, 198))
LIGHT_SHADOW = (CANVAS * 0.15, CANVAS * 0.7, CANVAS * 0.85, CANVAS * 0.92)
STONES = {"gold": ((176, 16, 48), (18, 140, 72), (236, 240, 246)), "white": ((236, 240, 246), (20, 48, 160))}


class Piece:
    """Drawing primitives in one metal colour."""

    def __init__(self, draw: ImageDraw.ImageDraw, colour: str, rng: random.Random) -> None:
        self.draw, self.metal, self.rng = draw, METALS[colour], rng
        self.stone_colours = STONES[colour]

    def band(self, box: tuple[float, float, float, float], width: int) -> None:
        x0, y0, x1, y1 = box
        self.draw.ellipse(box, outline=self.metal["dark"], width=width)
        inset = width * 0.15
        self.draw.ellipse((x0 + inset, y0 + inset, x1 - inset, y1 - inset), outline=self.metal["base"],
                          width=int(width * 0.7))
        inset = width * 0.35
        self.draw.arc((x0 + inset, y0 + inset, x1 - inset, y1 - inset), 190, 320, fill=self.metal["light"],
                      width=max(2, int(width * 0.25)))

    def bead(self, x: float, y: float, r: float) -> None:
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=self.metal["dark"])
        self.draw.ellipse((x - r * 0.85, y - r * 0.9, x + r * 0.75, y + r * 0.7), fill=self.metal["base"])
        self.draw.ellipse((x - r * 0.5, y - r * 0.6, x - r * 0.1, y - r * 0.25), fill=self.metal["light"])

    def stone(self, x: float, y: float, r: float, colour: RGB | None = None) -> None:
        colour = colour or self.stone_colours[self.rng.randrange(len(self.stone_colours))]
        self.bead(x, y, r * 1.25)  # the collet holding the stone
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=shade(colour, 0.8))
        self.draw.polygon([(x, y - r * 0.9), (x + r * 0.9, y), (x, y + r * 0.9), (x - r * 0.9, y)],
                          fill=shade(colour, 1.15))
        self.draw.ellipse((x - r * 0.4, y - r * 0.4, x + r * 0.4, y + r * 0.4), fill=shade(colour, 0.95))
        sparkle(self.draw, x - r * 0.35, y - r * 0.35, r * 0.45)

    def links(self, path: list[Point], size: float) -> None:
        """A chain: links alternately seen flat and edge-on along a path."""
        for index, (x, y) in enumerate(path):
            w, h = (size, size * 0.6) if index % 2 else (size * 0.45, size * 0.75)
            box = (x - w, y - h, x + w, y + h)
            self.draw.ellipse(box, outline=self.metal["dark"], width=max(3, int(size * 0.3)))
            self.draw.arc(box, 200, 300, fill=self.metal["light"], width=max(2, int(size * 0.12)))

    def dome(self, x: float, top: float, half_width: float, height: float) -> None:
        """A jhumka bell: nested half-domes, lighter towards the top."""
        for i in range(8):
            t = i / 8
            w, h = half_width * (1 - 0.5 * t), height * (1 - 0.4 * t)
            self.draw.pieslice((x - w, top + height - h, x + w, top + height + h), 180, 360,
                               fill=shade(self.metal["base"], 0.7 + 0.5 * t))


def curve(x0: float, x1: float, y: float, sag: float, count: int) -> list[Point]:
    """Points along a hanging U from (x0, y) to (x1, y)."""
    return [(x0 + (x1 - x0) * k / (count - 1), y + sag * math.sin(math.pi * k / (count - 1)))
            for k in range(count)]


def _ring(p: Piece) -> None:
    p.band((CANVAS * 0.28, CANVAS * 0.5, CANVAS * 0.72, CANVAS * 0.74), 80)
    for dx in (-70, 70):
        p.bead(CANVAS / 2 + dx, CANVAS * 0.5, 26)
    p.stone(CANVAS / 2, CANVAS * 0.47, 95)


def _jhumka(p: Piece, x: float, y: float, scale: float = 1.0) -> None:
    p.stone(x, y, 40 * scale)
    p.links([(x, y + 70 * scale), (x, y + 105 * scale)], 16 * scale)
    p.dome(x, y + 130 * scale, 170 * scale, 230 * scale)
    for k in range(9):
        bx = x - 160 * scale + 40 * scale * k
        p.bead(bx, y + 375 * scale, 16 * scale)
        p.bead(bx, y + 420 * scale, 12 * scale)


def _earrings(p: Piece) -> None:
    _jhumka(p, CANVAS * 0.32, CANVAS * 0.22)
    _jhumka(p, CANVAS * 0.68, CANVAS * 0.28)


def _pendant(p: Piece) -> None:
    p.links(curve(CANVAS * 0.2, CANVAS * 0.8, CANVAS * 0.08, CANVAS * 0.38, 30), 22)
    x, y = CANVAS / 2, CANVAS * 0.62
    p.band((x - 30, y - 190, x + 30, y - 120), 14)
    p.band((x - 170, y - 130, x + 170, y + 230), 44)
    p.stone(x, y + 50, 90)


def _bangles(p: Piece) -> None:
    for k in range(4):
        dx, dy = -150 + 100 * k, -200 + 130 * k
        box = (CANVAS * 0.2 + dx, CANVAS * 0.3 + dy, CANVAS * 0.8 + dx, CANVAS * 0.6 + dy)
        p.band(box, 58)
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        rx, ry = (box[2] - box[0]) / 2 - 29, (box[3] - box[1]) / 2 - 29
        for j in range(0, 36, 2):  # engraved dots along the front of each bangle
            t = math.pi * j / 36
            p.draw.ellipse((cx + rx * math.cos(t) - 6, cy + ry * math.sin(t) - 6, cx + rx * math.cos(t) + 6,
                            cy + ry * math.sin(t) + 6), fill=p.metal["light"])


def _necklace(p: Piece, *, with_earrings: bool = False, with_tikka: bool = False) -> None:
    path = curve(CANVAS * 0.18, CANVAS * 0.82, CANVAS * 0.14, CANVAS * 0.42, 21)
    for index, (x, y) in enumerate(path):
        p.bead(x, y, 34)
        if 3 <= index <= 17 and index % 2:
            p.links([(x, y + 55)], 12)
            p.stone(x, y + 100, 26)
    p.stone(CANVAS / 2, CANVAS * 0.68, 80)
    if with_earrings:
        _jhumka(p, CANVAS * 0.16, CANVAS * 0.62, 0.55)
        _jhumka(p, CANVAS * 0.84, CANVAS * 0.62, 0.55)
    if with_tikka:
        p.links([(CANVAS / 2, CANVAS * (0.04 + 0.02 * k)) for k in range(5)], 12)
        p.stone(CANVAS / 2, CANVAS * 0.2, 45)


def _chain(p: Piece) -> None:
    p.links(curve(CANVAS * 0.15, CANVAS * 0.85, CANVAS * 0.12, CANVAS * 0.62, 36), 38)


def _bracelet(p: Piece) -> None:
    cx, cy = CANVAS / 2, CANVAS * 0.45
    path = [(cx + 470 * math.cos(t), cy + 260 * math.sin(t)) for t in (2 * math.pi * k / 32 for k in range(32))]
    p.links(path, 42)


def _tikka(p: Piece) -> None:
    p.links([(CANVAS / 2, CANVAS * (0.06 + 0.03 * k)) for k in range(12)], 16)
    x, y = CANVAS / 2, CANVAS * 0.56
    for k in range(12):
        t = 2 * math.pi * k / 12
        p.bead(x + 170 * math.cos(t), y + 170 * math.sin(t), 34)
    p.stone(x, y, 110)
    for k in range(5):
        p.bead(x - 120 + 60 * k, y + 250, 20)


def _nose_pin(p: Piece) -> None:
    x, y = CANVAS / 2, CANVAS * 0.45
    for k in range(6):
        t = 2 * math.pi * k / 6
        p.bead(x + 190 * math.cos(t), y + 190 * math.sin(t), 120)
    p.stone(x, y, 110)


def _anklet(p: Piece) -> None:
    for row, y in enumerate((CANVAS * 0.3, CANVAS * 0.62)):
        path = [(CANVAS * (0.1 + 0.8 * k / 40), y + 60 * math.sin(k / 3 + row)) for k in range(41)]
        p.links(path, 20)
        for x, yy in path[2::6]:
            p.bead(x, yy + 60, 26)
            p.draw.line([(x - 14, yy + 70), (x + 14, yy + 70)], fill=p.metal["dark"], width=6)


def _cufflinks(p: Piece) -> None:
    for x, y in ((CANVAS * 0.33, CANVAS * 0.38), (CANVAS * 0.67, CANVAS * 0.52)):
        p.draw.rounded_rectangle((x - 170, y - 170, x + 170, y + 170), 50, fill=p.metal["dark"])
        p.draw.rounded_rectangle((x - 150, y - 155, x + 155, y + 150), 45, fill=p.metal["base"])
        p.draw.arc((x - 130, y - 130, x + 130, y + 130), 200, 260, fill=p.metal["light"], width=12)
        p.stone(x, y, 80)


DRAWINGS: dict[str, Callable[[Piece], None]] = {
    "ring": _ring, "earrings": _earrings, "pendant": _pendant, "bangles": _bangles, "necklace": _necklace,
    "necklace-set": lambda p: _necklace(p, with_earrings=True),
    "bridal-set": lambda p: _necklace(p, with_earrings=True, with_tikka=True),
    "chain": _chain, "bracelet": _bracelet, "tikka": _tikka, "nose-pin": _nose_pin, "anklet": _anklet,
    "cufflinks": _cufflinks,
}


def render_jewelry(piece_type: str, colour: str, view: str) -> Image.Image:
    """One jewelry picture: view is "velvet" or "light"."""
    rng = random.Random(f"{piece_type}/{colour}")  # the same stones in both views
    image = backdrop(*VELVET[colour]) if view == "velvet" else backdrop(*CREAM, LIGHT_SHADOW)
    DRAWINGS.get(piece_type, _ring)(Piece(ImageDraw.Draw(image, "RGBA"), colour, rng))
    return finish(image, dark=view == "velvet")
