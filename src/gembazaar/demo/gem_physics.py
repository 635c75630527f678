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

from .drafts import decimal_places

# Specific gravity (g/cm³) by species, and for what man-made stones are really made of.
SPECIFIC_GRAVITY = {
    "corundum": 4.00, "beryl": 2.72, "chrysoberyl": 3.73, "spodumene": 3.18, "zoisite": 3.35, "olivine": 3.34,
    "quartz": 2.65, "chalcedony": 2.61, "tourmaline": 3.06, "garnet": 4.05, "topaz": 3.53, "spinel": 3.60,
    "zircon": 4.60, "feldspar": 2.57, "opal": 2.10, "lapis_lazuli": 2.80, "turquoise": 2.70, "jade": 3.30,
    "pargasite": 3.10, "scapolite": 2.70, "diopside": 3.29, "diamond": 3.52,
}
GLASS_OR_HOWLITE_SG = 2.55


@dataclass(frozen=True)
class ShapeGeometry:
    ratio: tuple[float, float]  # length / width
    depth: tuple[float, float]  # depth / width
    fill: float  # share of the L × W × D box
    cutting_style: str


GEOMETRY: dict[str, ShapeGeometry] = {
    "round": ShapeGeometry((1.0, 1.01), (0.58, 0.64), 0.35, "brilliant"),
    "oval": ShapeGeometry((1.25, 1.45), (0.58, 0.68), 0.36, "mixed"),
    "cushion": ShapeGeometry((1.0, 1.15), (0.62, 0.72), 0.42, "mixed"),
    "emerald": ShapeGeometry((1.3, 1.5), (0.6, 0.7), 0.45, "step"),
    "octagon": ShapeGeometry((1.2, 1.4), (0.6, 0.7), 0.45, "step"),
    "asscher": ShapeGeometry((1.0, 1.02), (0.62, 0.7), 0.46, "step"),
    "baguette": ShapeGeometry((2.0, 3.0), (0.55, 0.65), 0.5, "step"),
    "princess": ShapeGeometry((1.0, 1.03), (0.68, 0.75), 0.47, "brilliant"),
    "radiant": ShapeGeometry((1.2, 1.4), (0.62, 0.7), 0.44, "brilliant"),
    "pear": ShapeGeometry((1.5, 1.7), (0.58, 0.66), 0.33, "brilliant"),
    "marquise": ShapeGeometry((1.9, 2.1), (0.58, 0.65), 0.31, "brilliant"),
    "heart": ShapeGeometry((0.95, 1.05), (0.58, 0.64), 0.33, "brilliant"),
    "trillion": ShapeGeometry((1.0, 1.02), (0.45, 0.55), 0.32, "brilliant"),
    "briolette": ShapeGeometry((1.6, 2.0), (0.95, 1.0), 0.35, "briolette"),
    "cabochon": ShapeGeometry((1.15, 1.4), (0.45, 0.65), 0.52, "cabochon"),
    "bead": ShapeGeometry((1.0, 1.0), (1.0, 1.0), 0.5236, ""),
    "carving": ShapeGeometry((1.2, 1.6), (0.3, 0.45), 0.55, "carved"),
    "rough": ShapeGeometry((1.2, 1.8), (0.6, 0.9), 0.5, "rough"),
    "specimen": ShapeGeometry((1.3, 1.8), (0.7, 1.0), 0.45, "rough"),
}


def specific_gravity(species: str, nature: str) -> float:
    if nature == "imitation":
        return GLASS_OR_HOWLITE_SG
    return SPECIFIC_GRAVITY.get(species, 3.0)


def dimensions_mm(rng: random.Random, *, carat: Decimal, shape: str, species: str,
                  nature: str) -> tuple[Decimal, Decimal, Decimal]:
    """Length, width and depth in mm for one stone of this weight and shape."""
    geometry = GEOMETRY[shape]
    ratio = rng.uniform(*geometry.ratio)
    depth = rng.uniform(*geometry.depth)
    volume_mm3 = float(carat) * 200.0 / specific_gravity(species, nature)
    width = (volume_mm3 / (geometry.fill * ratio * depth)) ** (1 / 3)
    length = width * ratio
    if shape == "round":  # rounds are measured as min diameter – max diameter × depth
        length, width = width, length
    return (decimal_places(max(length, 0.5), 2), decimal_places(max(width, 0.5), 2),
            decimal_places(max(width * depth, 0.3), 2))
