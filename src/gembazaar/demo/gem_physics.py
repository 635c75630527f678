"""Sizes that agree with weights: millimetres from carats, the stone's density and its shape.

A stone's volume is carat × 0.2 g ÷ density. Each shape has a length/width ratio, a depth as a
share of its width, and a fill factor (how much of the L × W × D box the stone fills: about 0.35
for a round brilliant, 0.45 for a step cut, π/6 for a sphere), the same rule of thumb dealers use
to estimate a mounted stone's weight from its measurements.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from gembazaar.catalogue.sizes import SHAPE_FILL, SPECIFIC_GRAVITY

from .drafts import decimal_places


@dataclass(frozen=True)
class ShapeGeometry:
    ratio: tuple[float, float]  # length / width
    depth: tuple[float, float]  # depth / width (the fill factor is catalogue.sizes.SHAPE_FILL)
    cutting_style: str


GEOMETRY: dict[str, ShapeGeometry] = {
    "round": ShapeGeometry((1.0, 1.01), (0.58, 0.64), "brilliant"),
    "oval": ShapeGeometry((1.25, 1.45), (0.58, 0.68), "mixed"),
    "cushion": ShapeGeometry((1.0, 1.15), (0.62, 0.72), "mixed"),
    "emerald": ShapeGeometry((1.3, 1.5), (0.6, 0.7), "step"),
    "octagon": ShapeGeometry((1.2, 1.4), (0.6, 0.7), "step"),
    "asscher": ShapeGeometry((1.0, 1.02), (0.62, 0.7), "step"),
    "baguette": ShapeGeometry((2.0, 3.0), (0.55, 0.65), "step"),
    "princess": ShapeGeometry((1.0, 1.03), (0.68, 0.75), "brilliant"),
    "radiant": ShapeGeometry((1.2, 1.4), (0.62, 0.7), "brilliant"),
    "pear": ShapeGeometry((1.5, 1.7), (0.58, 0.66), "brilliant"),
    "marquise": ShapeGeometry((1.9, 2.1), (0.58, 0.65), "brilliant"),
    "heart": ShapeGeometry((0.95, 1.05), (0.58, 0.64), "brilliant"),
    "trillion": ShapeGeometry((1.0, 1.02), (0.45, 0.55), "brilliant"),
    "briolette": ShapeGeometry((1.6, 2.0), (0.95, 1.0), "briolette"),
    "cabochon": ShapeGeometry((1.15, 1.4), (0.45, 0.65), "cabochon"),
    "bead": ShapeGeometry((1.0, 1.0), (1.0, 1.0), ""),
    "carving": ShapeGeometry((1.2, 1.6), (0.3, 0.45), "carved"),
    "rough": ShapeGeometry((1.2, 1.8), (0.6, 0.9), "rough"),
    "specimen": ShapeGeometry((1.3, 1.8), (0.7, 1.0), "rough"),
}


def dimensions_mm(rng: random.Random, *, carat: Decimal, shape: str, species: str) -> tuple[Decimal, Decimal, Decimal]:
    """Length, width and depth in mm for one stone of this weight and shape."""
    geometry = GEOMETRY[shape]
    ratio = rng.uniform(*geometry.ratio)
    depth = rng.uniform(*geometry.depth)
    # The density of what the stone is (an imitation's species is its material: glass, howlite …).
    volume_mm3 = float(carat) * 200.0 / SPECIFIC_GRAVITY.get(species, 3.0)
    width = (volume_mm3 / (SHAPE_FILL[shape] * ratio * depth)) ** (1 / 3)
    length = width * ratio
    if shape == "round":  # rounds are measured as min diameter – max diameter × depth
        length, width = width, length
    return (decimal_places(max(length, 0.5), 2), decimal_places(max(width, 0.5), 2),
            decimal_places(max(width * depth, 0.3), 2))
