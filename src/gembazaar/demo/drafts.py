"""A demo listing before it is a model row: plain data, easy to test and to validate."""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import accumulate


@dataclass
class ListingDraft:
    kind: str
    title: str
    description: str
    price: Decimal
    currency: str
    spec: dict  # GemSpec or JewelrySpec fields, as validation.clean_gem / clean_jewelry take them
    pictures: tuple[str, ...]  # demo picture names, e.g. "emerald-oval-face"
    picture_subject: str  # what the pictures show, for their alt text
    quantity: int = 1
    price_mode: str = "fixed"
    origin_country: str = ""
    origin_locality: str = ""


class WeightedChoice:
    """A weighted pick from a fixed table; cumulative weights are computed once, not per draw."""

    def __init__(self, pairs) -> None:
        pairs = tuple(pairs)
        self.values = tuple(value for value, _ in pairs)
        self.cumulative = tuple(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


def log_uniform(rng: random.Random, low: float, high: float, skew: float = 1.0) -> float:
    """A draw between low and high on a log scale; skew > 1 favours the low end."""
    return low * (high / low) ** (rng.random() ** skew)


def decimal_places(value: float, places: int) -> Decimal:
    """A float draw as an exact Decimal with the given decimal places (draws only, never prices)."""
    return Decimal(f"{value:.{places}f}")


def nice_price(amount: Decimal, currency: str) -> Decimal:
    """Round a computed price the way dealers write it: to a step that grows with the amount."""
    steps = {"PKR": ((10_000, 10), (1_000_000, 100), (None, 1_000)),
             "AED": ((100, 1), (10_000, 5), (None, 50)),
             "USD": ((100, 1), (2_000, 5), (None, 10))}[currency]
    step = next(Decimal(s) for limit, s in steps if limit is None or amount < limit)
    # Whole steps have no decimals, so the result is valid in every currency's minor units.
    rounded = (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    return max(rounded, step)
