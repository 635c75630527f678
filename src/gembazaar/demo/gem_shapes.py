"""Outlines of cut stones as polygons around (0, 0): half-width `a` across, half-length `b` down.

Points run clockwise from the top. Pear and marquise tips come from x ∝ t² near the ends, which
gives a point with a finite angle instead of a rounded end.
"""

from __future__ import annotations

import math

from .picture_tools import Point

STEP_CORNER_CUT = {"emerald": 0.22, "octagon": 0.3, "asscher": 0.32, "radiant": 0.18, "baguette": 0.0,
                   "princess": 0.0}
# Length/width the pictures use per shape (long axis upright, as gems are photographed).
PICTURE_RATIO = {"oval": 1.35, "emerald": 1.4, "octagon": 1.3, "pear": 1.55, "marquise": 1.9, "baguette": 2.3,
                 "radiant": 1.3, "cabochon": 1.3, "briolette": 1.7, "carving": 1.35, "cushion": 1.08}


def _ellipse(a: float, b: float, n: int = 72) -> list[Point]:
    return [(a * math.sin(2 * math.pi * k / n), -b * math.cos(2 * math.pi * k / n)) for k in range(n)]


def _cushion(a: float, b: float, n: int = 72, power: float = 3.2) -> list[Point]:
    points = []
    for k in range(n):
        t = 2 * math.pi * k / n
        s, c = math.sin(t), math.cos(t)
        points.append((a * math.copysign(abs(s) ** (2 / power), s), -b * math.copysign(abs(c) ** (2 / power), c)))
    return points


def _cut_corners(a: float, b: float, cut: float) -> list[Point]:
    c = cut * min(a, b)
    if c == 0:
        return [(-a, -b), (a, -b), (a, b), (-a, b)]
    return [(-a + c, -b), (a - c, -b), (a, -b + c), (a, b - c), (a - c, b), (-a + c, b), (-a, b - c), (-a, -b + c)]


def _pear(a: float, b: float, n: int = 72) -> list[Point]:
    widest = 0.7698  # max of sin t · sin(t/2)
    return [(a * math.sin(t) * math.sin(t / 2) / widest, -b * math.cos(t))
            for t in (2 * math.pi * k / n for k in range(n))]


def _marquise(a: float, b: float, n: int = 72) -> list[Point]:
    return [(a * math.sin(t) * abs(math.sin(t)), -b * math.cos(t)) for t in (2 * math.pi * k / n for k in range(n))]


def _heart(a: float, b: float, n: int = 96) -> list[Point]:
    points = []
    for k in range(n):
        t = 2 * math.pi * k / n
        x = 16 * math.sin(t) ** 3
        y = -(13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t))
        points.append((x / 16 * a, (y - 2.5) / 14.5 * b))
    return points


def _trillion(a: float, b: float, per_side: int = 16, bulge: float = 0.08) -> list[Point]:
    corners = [(0.0, -b), (a, b * 0.75), (-a, b * 0.75)]
    points = []
    for i in range(3):
        (ax, ay), (bx, by) = corners[i], corners[(i + 1) % 3]
        length = math.dist((ax, ay), (bx, by))
        nx, ny = (by - ay) / length, -(bx - ax) / length  # outward normal for a clockwise triangle
        for k in range(per_side):
            s = k / per_side
            lift = bulge * a * math.sin(math.pi * s)
            points.append((ax + (bx - ax) * s + nx * lift, ay + (by - ay) * s + ny * lift))
    shift = sum(y for _, y in points) / len(points)
    return [(x, y - shift) for x, y in points]


def outline(shape: str, a: float, b: float) -> list[Point]:
    """The stone's outline for a face-up picture."""
    if shape in STEP_CORNER_CUT:
        return _cut_corners(a, b, STEP_CORNER_CUT[shape])
    if shape == "cushion":
        return _cushion(a, b)
    if shape in {"pear", "briolette"}:
        return _pear(a, b)
    if shape == "marquise":
        return _marquise(a, b)
    if shape == "heart":
        return _heart(a, b)
    if shape == "trillion":
        return _trillion(a, b)
    return _ellipse(a, b)


def irregular(rng, radius: float, corners: int, squash: float = 1.0) -> list[Point]:
    """A convex-ish irregular polygon: a rough stone or a lump of matrix."""
    angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(corners))
    return [(radius * rng.uniform(0.72, 1.0) * math.cos(t), radius * squash * rng.uniform(0.72, 1.0) * math.sin(t))
            for t in angles]


def moved(points: list[Point], dx: float, dy: float, angle: float = 0.0) -> list[Point]:
    """Rotate about (0, 0) by `angle` radians, then move by (dx, dy)."""
    c, s = math.cos(angle), math.sin(angle)
    return [(dx + x * c - y * s, dy + x * s + y * c) for x, y in points]
