"""Jewelry weights as the Sarafa writes them: grams, or tola, masha and ratti.

A tola is 11.6638038 g, a masha 1/12 tola (0.97198365 g), a ratti 1/8 masha (0.12149795625 g):
every weight in tola, masha and ratti is a finite decimal of at most 11 places in grams, so it
is stored exactly (WEIGHT_PLACES) and 2 tola prices at exactly twice the tola rate. A seller may
type "23.328", "23.328 g", "2 tola", "1 tola 3 masha 2 ratti", the bazaar's "1-3-2" (tola-masha-
ratti), or the same in Urdu (تولہ، ماشہ، رتی); the unit they used is kept for display.
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .vocab import GRAMS_PER_TOLA

GRAM, TOLA = "g", "tola"
WEIGHT_UNITS = (GRAM, TOLA)
WEIGHT_PLACES = 11
GRAMS_PER_MASHA = GRAMS_PER_TOLA / 12  # 0.97198365, exact
GRAMS_PER_RATTI = GRAMS_PER_MASHA / 8  # 0.12149795625, exact
_QUANTUM = Decimal(1).scaleb(-WEIGHT_PLACES)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")
_UNIT_WORDS = {
    "g": "g", "gm": "g", "gms": "g", "gram": "g", "grams": "g", "gr": "g", "گرام": "g", "غرام": "g", "جرام": "g",
    "t": "tola", "tola": "tola", "tolas": "tola", "tolay": "tola", "تولہ": "tola", "تولے": "tola", "تولة": "tola",
    "m": "masha", "masha": "masha", "mashas": "masha", "mashay": "masha", "ماشہ": "masha", "ماشے": "masha",
    "ماشة": "masha",
    "r": "ratti", "ratti": "ratti", "rattis": "ratti", "rati": "ratti", "رتی": "ratti", "رتیاں": "ratti",
    "رتي": "ratti",
}
_GRAMS_PER = {"g": Decimal(1), "tola": GRAMS_PER_TOLA, "masha": GRAMS_PER_MASHA, "ratti": GRAMS_PER_RATTI}
_NUMBER = r"\d+(?:\.\d+)?"
_TMR = re.compile(rf"^(\d+)\s*-\s*(\d+)\s*-\s*({_NUMBER})$")  # 1-3-2: tola-masha-ratti
_PART = re.compile(rf"({_NUMBER})\s*([^\d\s.]+)?")


def is_written(value: object) -> bool:
    """Whether a value is a weight written with units or dashes ("2 tola", "1-3-2"), not a bare number."""
    return isinstance(value, str) and bool(re.search(r"[^\d\s.]", value.translate(_DIGITS)))


class WeightError(ValueError):
    """A weight that cannot be read; the message says what to write instead."""


def parse_weight(text: str) -> tuple[Decimal, str]:
    """(grams, the unit the seller wrote in) from a typed weight; raises WeightError."""
    cleaned = " ".join(str(text).translate(_DIGITS).strip().lower().replace(",", " ").split())
    if not cleaned:
        raise WeightError(_("Enter a weight."))
    if match := _TMR.match(cleaned):
        tola, masha, ratti = (Decimal(part) for part in match.groups())
        if masha >= 12 or ratti >= 8:
            raise WeightError(_("In tola-masha-ratti, masha runs to 11 and ratti to 7.9 (1-3-2 is 1 tola, "
                                "3 masha, 2 ratti)."))
        return _grams(tola * GRAMS_PER_TOLA + masha * GRAMS_PER_MASHA + ratti * GRAMS_PER_RATTI), TOLA
    total, units = Decimal(0), set()
    position = 0
    for match in _PART.finditer(cleaned):
        if cleaned[position:match.start()].strip():
            break
        number, word = match.groups()
        unit = _UNIT_WORDS.get(word or "g")
        if unit is None:
            raise WeightError(_("“%(unit)s” is not a weight unit: use g, tola, masha or ratti.") % {"unit": word})
        units.add(unit)
        try:
            total += Decimal(number) * _GRAMS_PER[unit]
        except InvalidOperation:
            break
        position = match.end()
    if position != len(cleaned) or not units:
        raise WeightError(_("Write the weight in grams (23.328) or in tola, masha and ratti (2 tola, "
                            "1 tola 3 masha, 1-3-2)."))
    if "g" in units and len(units) > 1:
        raise WeightError(_("Write the weight in grams or in tola, masha and ratti, not both."))
    return _grams(total), GRAM if units == {"g"} else TOLA


def _grams(value: Decimal) -> Decimal:
    exact = value.quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    if exact != value:
        raise WeightError(_("Use at most %(places)d decimal places in grams.") % {"places": WEIGHT_PLACES})
    return exact


def tola_masha_ratti(grams: Decimal) -> tuple[int, int, Decimal]:
    """Whole tolas, whole mashas and the ratti that remain (to 2 places)."""
    tola = int((grams / GRAMS_PER_TOLA).to_integral_value(rounding=ROUND_DOWN))
    rest = grams - tola * GRAMS_PER_TOLA
    masha = int((rest / GRAMS_PER_MASHA).to_integral_value(rounding=ROUND_DOWN))
    ratti = ((rest - masha * GRAMS_PER_MASHA) / GRAMS_PER_RATTI).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if ratti >= 8:  # 7.999 ratti rounds to a whole masha
        masha, ratti = masha + 1, Decimal(0)
    if masha >= 12:
        tola, masha = tola + 1, 0
    return tola, masha, ratti


def grams_text(grams: Decimal) -> str:
    """Grams as the API gives them: 3 places, or every place the weight needs ("23.3276076")."""
    plain = grams.normalize()
    return f"{plain:f}" if -plain.as_tuple().exponent > 3 else f"{grams.quantize(Decimal('0.001')):f}"


def weight_label(grams: Decimal, unit: str = GRAM, *, in_tola: bool = False) -> str:
    """"2 tola (23.33 g)", "1 tola 3 masha 2 ratti (15.37 g)" where the seller weighed in tola or
    the reader buys in Pakistan (`in_tola`), else "4.800 g"."""
    if unit != TOLA and not in_tola:
        return _("%(grams)s g") % {"grams": f"{grams.quantize(Decimal('0.001')):f}"}
    tola, masha, ratti = tola_masha_ratti(grams)
    parts = []
    if tola:
        parts.append(_("%(count)s tola") % {"count": tola})
    if masha:
        parts.append(_("%(count)s masha") % {"count": masha})
    if ratti:
        parts.append(_("%(count)s ratti") % {"count": f"{ratti.normalize():f}"})
    trade = " ".join(parts) or _("%(count)s ratti") % {"count": 0}
    return _("%(trade)s (%(grams)s g)") % {"trade": trade, "grams": f"{grams.quantize(Decimal('0.01')):f}"}


def written(grams: Decimal, unit: str) -> str:
    """A weight as a seller would type it again ("1 tola 3 masha 2 ratti", "4.800"): parse_weight reads it back."""
    if unit != TOLA:
        return grams_text(grams)
    tola, masha, ratti = tola_masha_ratti(grams)
    parts = [f"{tola} tola" if tola else "", f"{masha} masha" if masha else "",
             f"{ratti.normalize():f} ratti" if ratti else ""]
    return " ".join(part for part in parts if part) or "0"
