"""The fine bins of the range facets (carat, price, sizes …): each range's values are bucketed on
one nice grid, exact in the range's integer unit, which counting, patching and the count groups share."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import numpy as np

from .facets import RANGES_BY_NAME, nice_grid


@cache
def grid_of(range_name: str) -> tuple[tuple[Decimal, ...], np.ndarray]:
    """Fine-bin edges of a range: the nice grid where it is exact in the range's integer unit."""
    scale = RANGES_BY_NAME[range_name].scale
    edges = (Decimal(0), *(e for e in nice_grid() if (e * scale) == (e * scale).to_integral_value()))
    return edges, np.array([int(e * scale) for e in edges], dtype=np.int64)


def fine_bins(range_name: str, values: np.ndarray) -> np.ndarray:
    """Fine bin per value: k ≥ 1 means edges[k-1] ≤ value < edges[k]; 0 means no value."""
    return np.searchsorted(grid_of(range_name)[1], values, side="right").astype(np.uint8)
