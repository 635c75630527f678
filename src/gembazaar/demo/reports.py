"""Laboratory report numbers in each lab's own format, unique per lab within a run.

Formats follow shared/DOMAIN.md where it gives them (GIA 10 digits; IGI 9 digits, "LG" prefix for
laboratory-grown; GRS like 2107-078888); the others are plausible, not real report numbers.
"""

from __future__ import annotations

import random
from collections.abc import Callable


def _gia(rng: random.Random, year: int, lab_grown: bool) -> str:
    return str(rng.randint(1_000_000_000, 7_499_999_999))


def _igi(rng: random.Random, year: int, lab_grown: bool) -> str:
    return ("LG" if lab_grown else "") + str(rng.randint(100_000_000, 699_999_999))


def _hrd(rng: random.Random, year: int, lab_grown: bool) -> str:
    return f"{year % 100:02d}{rng.randint(0, 9_999_999):07d}"


def _grs(rng: random.Random, year: int, lab_grown: bool) -> str:
    return f"{year % 100:02d}{rng.randint(1, 12):02d}-{rng.randint(1, 99_999):06d}"


def _pgtl(rng: random.Random, year: int, lab_grown: bool) -> str:
    return f"PGTL-{year % 100:02d}-{rng.randint(1, 29_999):05d}"


def _aigs(rng: random.Random, year: int, lab_grown: bool) -> str:
    return f"{year % 100:02d}{rng.randint(1, 999_999):06d}"


def _ssef(rng: random.Random, year: int, lab_grown: bool) -> str:
    return str(rng.randint(100_000, 149_999))


def _gubelin(rng: random.Random, year: int, lab_grown: bool) -> str:
    return f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 9_999):04d}"


def _lotus(rng: random.Random, year: int, lab_grown: bool) -> str:
    return f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"


FORMATS: dict[str, Callable[[random.Random, int, bool], str]] = {
    "GIA": _gia, "IGI": _igi, "HRD": _hrd, "GRS": _grs, "PGTL": _pgtl, "AIGS": _aigs, "SSEF": _ssef,
    "GUBELIN": _gubelin, "LOTUS": _lotus,
}


class ReportNumbers:
    """Issues report numbers; a number already issued for a lab is drawn again (deterministically)."""

    def __init__(self) -> None:
        self.issued: dict[str, set[str]] = {lab: set() for lab in FORMATS}

    def issue(self, rng: random.Random, lab: str, *, lab_grown: bool = False) -> str:
        year = rng.randint(2021, 2025)
        while True:
            number = FORMATS[lab](rng, year, lab_grown)
            if number not in self.issued[lab]:
                self.issued[lab].add(number)
                return number
