"""Whether a stone's weight and its measurements can both be true.

A stone's volume is carat × 0.2 g ÷ density; its L × W × D box holds that volume times a fill
factor for its shape (about 0.35 for a round brilliant, 0.45 for a step cut, π/6 for a sphere) —
the rule of thumb dealers use to estimate a mounted stone's weight from its measurements. A
1 ct oval ruby measuring 40 × 40 × 30 mm would weigh about 350 ct: one of the two is wrong.

The estimate is rough (cut, bulge and depth vary), so the tolerance is generous: only weights
off by more than TOLERANCE times either way are questioned, and a seller may confirm them.
"""

from __future__ import annotations

from decimal import Decimal

# Specific gravity (g/cm³) of each species, and of what imitations are made of.
SPECIFIC_GRAVITY = {
    "corundum": 4.00, "beryl": 2.72, "chrysoberyl": 3.73, "spodumene": 3.18, "zoisite": 3.35, "olivine": 3.34,
    "quartz": 2.65, "chalcedony": 2.61, "tourmaline": 3.06, "garnet": 4.05, "topaz": 3.53, "spinel": 3.60,
    "zircon": 4.60, "feldspar": 2.57, "opal": 2.10, "lapis_lazuli": 2.80, "turquoise": 2.70, "jadeite": 3.33,
    "nephrite": 2.95, "jade": 3.10, "pargasite": 3.10, "scapolite": 2.70, "diopside": 3.29, "diamond": 3.52,
    "glass": 2.55, "plastic": 1.20, "cubic_zirconia": 5.80, "synthetic_spinel": 3.64, "synthetic_corundum": 4.00,
    "howlite": 2.55, "material_not_stated": 2.55,
}
# Share of the L × W × D box a stone of each shape fills.
SHAPE_FILL = {
    "round": 0.35, "oval": 0.36, "cushion": 0.42, "emerald": 0.45, "octagon": 0.45, "asscher": 0.46,
    "baguette": 0.5, "princess": 0.47, "radiant": 0.44, "pear": 0.33, "marquise": 0.31, "heart": 0.33,
    "trillion": 0.32, "briolette": 0.35, "cabochon": 0.52, "bead": 0.5236, "carving": 0.55, "rough": 0.5,
    "specimen": 0.45,
}
TOLERANCE = 3.0
# Rough, specimens (matrix) and carvings have no shape to estimate from.
UNMEASURABLE_SHAPES = frozenset({"rough", "specimen", "carving"})


def expected_carat(*, species: str, shape: str, length_mm: Decimal, width_mm: Decimal, depth_mm: Decimal) -> float:
    """What one stone of these measurements would weigh, in carats (rule of thumb)."""
    volume_mm3 = float(length_mm) * float(width_mm) * float(depth_mm) * SHAPE_FILL.get(shape, 0.4)
    return volume_mm3 * SPECIFIC_GRAVITY.get(species, 3.0) / 200.0


def size_mismatch(spec: dict) -> float | None:
    """The expected carat weight of one piece when the stated weight cannot be true, else None."""
    dimensions = [spec.get(name) for name in ("length_mm", "width_mm", "depth_mm")]
    carat, pieces = spec.get("carat"), spec.get("pieces") or 1
    if None in dimensions or not carat or spec.get("shape") in UNMEASURABLE_SHAPES:
        return None
    expected = expected_carat(species=spec.get("species") or "", shape=spec.get("shape") or "",
                              length_mm=dimensions[0], width_mm=dimensions[1], depth_mm=dimensions[2])
    stated = float(carat) / int(pieces)  # a parcel's measurements are of one stone
    if expected <= 0 or 1 / TOLERANCE <= stated / expected <= TOLERANCE:
        return None
    return expected
