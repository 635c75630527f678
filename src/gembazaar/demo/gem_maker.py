"""One demo stone (or parcel) from a profile: weight, size, grade, treatment, price, report, words.

Quality is one hidden draw that moves clarity, colour saturation, trade colour and the per-carat
price together, so a "pigeon's blood", eye-clean stone is not priced at the bottom of the range.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import Listing
from gembazaar.core import fx

from .drafts import ListingDraft, WeightedChoice, decimal_places, log_uniform, nice_price
from .gem_physics import GEOMETRY, dimensions_mm
from .gem_profiles import GemProfile
from .gem_text import gem_description, gem_name, gem_title, shape_words
from .reports import ReportNumbers

CURRENCIES = WeightedChoice((("USD", 80), ("PKR", 14), ("AED", 6)))
# Coloured-stone clarity from the quality draw, per GIA clarity type: (lowest quality, grade), best first.
CLARITY_BY_TYPE = {
    "I": ((0.35, "EC"), (0.10, "SI"), (0.0, "MI")),
    "II": ((0.70, "EC"), (0.35, "SI"), (0.10, "MI"), (0.0, "HI")),
    "III": ((0.92, "EC"), (0.60, "SI"), (0.25, "MI"), (0.05, "HI"), (0.0, "SV")),
}
DIAMOND_COLOURS = "DEFGHIJK"
DIAMOND_CLARITIES = ("IF", "VVS1", "VVS2", "VS1", "VS2", "SI1", "SI2", "I1")
UNGRADED_SHAPES = {"rough", "specimen"}
# Trade colour names describe fine faceted transparent stones (DOMAIN.md), never cabochons,
# beads, carvings, rough or specimens, and only the top of a profile's quality.
UNFACETED_SHAPES = UNGRADED_SHAPES | {"cabochon", "bead", "carving"}
TRADE_COLOUR_QUALITY = 0.75
PRESTIGE_COLOUR_NAMES = frozenset({"pigeon's blood", "royal blue", "cornflower blue", "vivid green"})
UNOILED_EMERALD_CERTIFIED = 0.85
NO_TONE_COLOURS = {"colourless", "multicolour"}
# Rough trades well below cut stones; a specimen's weight is mostly matrix.
UNGRADED_PRICE_FACTOR = {"rough": Decimal("0.4"), "specimen": Decimal("0.12")}


def _clarity(quality: float, clarity_type: str) -> str:
    return next(grade for floor, grade in CLARITY_BY_TYPE[clarity_type] if quality >= floor)


class GemMaker:
    """Draws demo stones; weighted tables are prepared once per profile, not per stone."""

    def __init__(self, rng: random.Random, reports: ReportNumbers) -> None:
        self.rng = rng
        self.reports = reports
        self._tables: dict[str, dict[str, WeightedChoice]] = {}

    def _table(self, profile: GemProfile) -> dict[str, WeightedChoice]:
        tables = self._tables.get(profile.key)
        if tables is None:
            tables = {"shape": WeightedChoice(profile.shapes), "treatment": WeightedChoice(profile.treatments),
                      "lab": WeightedChoice(profile.labs)}
            if profile.localities:
                tables["locality"] = WeightedChoice(profile.localities)
            if profile.lot:
                tables["lot_shape"] = WeightedChoice(profile.lot.shapes)
            self._tables[profile.key] = tables
        return tables

    def make(self, profile: GemProfile) -> ListingDraft:
        rng, tables = self.rng, self._table(profile)
        is_lot = profile.lot is not None and rng.random() < profile.lot.share
        shape = (tables["lot_shape"] if is_lot else tables["shape"]).pick(rng)
        locality = tables["locality"].pick(rng) if profile.localities else ""
        country = vocab.LOCALITIES_BY_CODE[locality].country if locality else profile.country

        low_ct, high_ct = float(profile.carat[0]), float(profile.carat[1])
        if is_lot:
            pieces = rng.randint(*profile.lot.pieces)
            piece_ct = decimal_places(log_uniform(rng, *map(float, profile.lot.piece_carat), 1.3), 2)
            piece_ct = max(piece_ct, Decimal("0.01"))
            carat = piece_ct * pieces
        else:
            pieces = 1
            drawn = log_uniform(rng, low_ct, high_ct, profile.size_skew)
            if shape == "specimen":  # a crystal weighs with its matrix
                drawn *= rng.uniform(3, 10)
            carat = piece_ct = max(decimal_places(drawn, 2), Decimal("0.01"))
        size_position = min(1.0, max(0.0, math.log(float(piece_ct) / low_ct) / math.log(high_ct / low_ct)))
        if shape == "specimen":
            size_position = 0.5

        quality = rng.random()
        low_usd, high_usd = profile.price_range
        position = min(1.0, quality**1.4 * 0.85 + size_position * 0.15)
        per_ct = decimal_places(float(low_usd) * (float(high_usd) / float(low_usd)) ** position, 2)
        if is_lot:
            per_ct *= Decimal(profile.lot.price_factor)
        elif shape in UNGRADED_SHAPES:
            per_ct *= UNGRADED_PRICE_FACTOR[shape]
        currency = CURRENCIES.pick(rng)
        price = nice_price(per_ct * carat * fx.INDICATIVE_PER_USD[currency], currency)

        spec = self._spec(profile, tables, shape=shape, carat=carat, pieces=pieces, quality=quality)
        length, width, depth = dimensions_mm(rng, carat=piece_ct, shape=shape, species=spec["species"])
        spec.update(length_mm=length, width_mm=width, depth_mm=depth)
        certified_share = profile.certified_share * (2 if per_ct * carat > 2000 else 1)
        if profile.variety == "emerald" and spec["treatments"] == vocab.NOT_ENHANCED:
            certified_share = UNOILED_EMERALD_CERTIFIED  # "no oil" is a claim the trade wants a report for
        if not is_lot and shape not in UNGRADED_SHAPES and rng.random() < min(certified_share, 0.95):
            spec["lab"] = tables["lab"].pick(rng)
            spec["certificate_number"] = self.reports.issue(rng, spec["lab"],
                                                            lab_grown=profile.nature == vocab.SYNTHETIC)

        if spec["trade_colour"] in PRESTIGE_COLOUR_NAMES and not spec["lab"]:
            spec["trade_colour"] = ""  # at the top end a colour name stands on a lab's colour-type statement
        subject = (profile.variety or profile.species).replace("_", "-")
        return ListingDraft(
            kind=Listing.Kind.LOT if is_lot else Listing.Kind.GEMSTONE,
            title=gem_title(spec, locality=locality, country=country, material_note=profile.material_note),
            description=gem_description(spec, locality=locality, country=country,
                                        material_note=profile.material_note, clarity_type=profile.clarity_type),
            price=price,
            currency=currency,
            spec=spec,
            pictures=(f"{subject}-{shape}-paper", f"{subject}-{shape}-face") if is_lot
            else (f"{subject}-{shape}-face", f"{subject}-{shape}-side"),
            picture_subject=f"{gem_name(profile.species, profile.variety).lower()}, {shape_words()[shape].lower()}",
            quantity=rng.randint(1, 3) if is_lot and rng.random() < 0.3 else 1,
            origin_country=country,
            origin_locality=locality,
        )

    def _spec(self, profile: GemProfile, tables: dict[str, WeightedChoice], *, shape: str, carat: Decimal,
              pieces: int, quality: float) -> dict:
        rng = self.rng
        colour = profile.colour_family[rng.randrange(len(profile.colour_family))]
        spec = {
            "species": profile.species, "variety": profile.variety, "nature": profile.nature, "carat": carat,
            "pieces": pieces, "shape": shape, "cutting_style": GEOMETRY[shape].cutting_style, "colour": colour,
            "tone": None, "saturation": None, "trade_colour": "", "clarity": "", "diamond_colour": "",
            "cut_grade": "", "treatments": tables["treatment"].pick(rng), "phenomena": profile.phenomena,
            "lab": "", "certificate_number": "", "imitates": "",
        }
        if profile.nature == vocab.IMITATION:  # glass imitating an emerald is glass (CIBJO)
            spec.update(species=profile.material, variety="", imitates=profile.variety or profile.species)
        if profile.species == "diamond":
            colour_quality = quality if profile.nature == vocab.NATURAL else 0.5 + quality / 2
            spec["colour"] = "colourless"
            spec["diamond_colour"] = DIAMOND_COLOURS[min(7, int((1 - colour_quality) * 8))]
            spec["clarity"] = DIAMOND_CLARITIES[min(7, int((1 - rng.random() ** 0.7) * 8))]
            if shape == "round":
                spec["cut_grade"] = "EX" if quality > 0.4 else ("VG" if quality > 0.1 else "G")
            return spec
        if colour not in NO_TONE_COLOURS:
            spec["tone"] = rng.randint(3, 7)
            spec["saturation"] = min(6, 2 + int(quality * 5))
        if shape == "specimen":
            spec["treatments"] = vocab.NOT_ENHANCED  # a crystal on its matrix is not heated
        opaque = vocab.is_opaque(spec["species"], spec["variety"])
        if profile.trade_colours and quality > TRADE_COLOUR_QUALITY and shape not in UNFACETED_SHAPES and not opaque:
            top = (quality - TRADE_COLOUR_QUALITY) / (1 - TRADE_COLOUR_QUALITY)
            spec["trade_colour"] = profile.trade_colours[min(len(profile.trade_colours) - 1,
                                                             int(top * len(profile.trade_colours)))]
        if shape not in UNGRADED_SHAPES and not opaque:
            clarity_quality = 0.95 if profile.nature in {vocab.SYNTHETIC, vocab.IMITATION} else quality
            spec["clarity"] = _clarity(clarity_quality, profile.clarity_type)
        return spec
