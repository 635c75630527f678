"""Controlled vocabularies of the gem and jewelry trade, as data in code with human labels.

Codes are stored in the database and used in the API; labels are translated for display.
Sources: CIBJO Gemstone Book naming, AGTA treatment codes, GIA clarity and colour grading,
and the Pakistani and Afghan localities in shared/DOMAIN.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    code: str
    label: str | Promise

    def as_dict(self) -> dict:
        return {"code": self.code, "label": str(self.label)}


def choices(terms) -> list[tuple[str, str | Promise]]:
    return [(t.code, t.label) for t in terms]


def by_code(terms) -> dict[str, Term]:
    return {t.code: t for t in terms}


# --- Nature: mandatory on every stone ---------------------------------------------------------
NATURAL, SYNTHETIC, IMITATION, COMPOSITE = "natural", "synthetic", "imitation", "composite"
NATURES = (
    Term(NATURAL, _("Natural")),
    Term(SYNTHETIC, _("Synthetic (laboratory-grown)")),
    Term(IMITATION, _("Imitation")),
    Term(COMPOSITE, _("Composite / assembled")),
)

# --- Clarity scales ---------------------------------------------------------------------------
# GIA coloured-stone clarity types: how included a variety usually is.
CLARITY_TYPES = (
    Term("I", _("Type I — usually eye-clean")),
    Term("II", _("Type II — usually included")),
    Term("III", _("Type III — almost always included")),
)
COLOURED_CLARITY = (
    Term("EC", _("Eye clean")),
    Term("SI", _("Slightly included")),
    Term("MI", _("Moderately included")),
    Term("HI", _("Heavily included")),
    Term("SV", _("Severely included")),
)
DIAMOND_CLARITY = tuple(
    Term(code, label)
    for code, label in (
        ("FL", _("FL — flawless")),
        ("IF", _("IF — internally flawless")),
        ("VVS1", "VVS1"),
        ("VVS2", "VVS2"),
        ("VS1", "VS1"),
        ("VS2", "VS2"),
        ("SI1", "SI1"),
        ("SI2", "SI2"),
        ("I1", "I1"),
        ("I2", "I2"),
        ("I3", "I3"),
    )
)
DIAMOND_COLOURS = tuple(Term(letter, letter) for letter in "DEFGHIJKLMNOPQRSTUVWXYZ")
DIAMOND_CUT_GRADES = (
    Term("EX", _("Excellent")),
    Term("VG", _("Very good")),
    Term("G", _("Good")),
    Term("F", _("Fair")),
    Term("P", _("Poor")),
)
FLUORESCENCE = (
    Term("none", _("None")),
    Term("faint", _("Faint")),
    Term("medium", _("Medium")),
    Term("strong", _("Strong")),
    Term("very_strong", _("Very strong")),
)

# --- Species and varieties (a variety belongs to exactly one species) ---------------------------


@dataclass(frozen=True)
class Variety(Term):
    clarity_type: str = "II"
    colour: str = ""  # the colour family the variety is known for (used by demo pictures)


MINERAL, ROCK, MATERIAL = "mineral", "rock", "material"
MATERIAL_NOT_STATED = "material_not_stated"
JADE_NOT_STATED = "jade"
# Codes kept for rows stored before the vocabulary was corrected; refused on new writes.
LEGACY_SPECIES = frozenset({MATERIAL_NOT_STATED, JADE_NOT_STATED})


@dataclass(frozen=True)
class Species(Term):
    varieties: tuple[Variety, ...] = ()
    clarity_type: str = "II"
    colour: str = ""
    worked_hs_code: str = "7103.99"
    # A gem mineral, a rock (lapis lazuli: several minerals), or a material that is only ever an
    # imitation of something else (glass, plastic, cubic zirconia …): what the stone *is*.
    kind: str = MINERAL

    def variety(self, code: str) -> Variety | None:
        return next((v for v in self.varieties if v.code == code), None)


def _v(code, label, clarity_type="II", colour=""):
    return Variety(code, label, clarity_type, colour)


SPECIES = (
    Species("corundum", _("Corundum"), (
        _v("ruby", _("Ruby"), "II", "red"),
        _v("blue_sapphire", _("Blue sapphire"), "II", "blue"),
        _v("pink_sapphire", _("Pink sapphire"), "II", "pink"),
        _v("yellow_sapphire", _("Yellow sapphire"), "II", "yellow"),
        _v("padparadscha", _("Padparadscha sapphire"), "II", "orange"),
        _v("colour_change_sapphire", _("Colour-change sapphire"), "II", "violet"),
        _v("star_sapphire", _("Star sapphire"), "II", "blue"),
        _v("star_ruby", _("Star ruby"), "II", "red"),
    ), "II", "red", "7103.91"),
    Species("beryl", _("Beryl"), (
        _v("emerald", _("Emerald"), "III", "green"),
        _v("aquamarine", _("Aquamarine"), "I", "blue"),
        _v("morganite", _("Morganite"), "I", "pink"),
        _v("heliodor", _("Heliodor"), "I", "yellow"),
        _v("goshenite", _("Goshenite"), "I", "colourless"),
        _v("red_beryl", _("Red beryl"), "III", "red"),
    ), "I", "green"),
    Species("chrysoberyl", _("Chrysoberyl"), (
        _v("alexandrite", _("Alexandrite"), "II", "green"),
        _v("cats_eye", _("Cat's-eye chrysoberyl"), "II", "yellow"),
    ), "II", "yellow"),
    Species("spodumene", _("Spodumene"), (
        _v("kunzite", _("Kunzite"), "I", "pink"),
        _v("hiddenite", _("Hiddenite"), "I", "green"),
    ), "I", "pink"),
    Species("zoisite", _("Zoisite"), (_v("tanzanite", _("Tanzanite"), "I", "violet"),), "I", "violet"),
    Species("olivine", _("Olivine"), (_v("peridot", _("Peridot"), "II", "green"),), "II", "green"),
    Species("quartz", _("Quartz"), (
        _v("amethyst", _("Amethyst"), "II", "purple"),
        _v("citrine", _("Citrine"), "I", "yellow"),
        _v("ametrine", _("Ametrine"), "II", "purple"),
        _v("smoky_quartz", _("Smoky quartz"), "I", "brown"),
        _v("rose_quartz", _("Rose quartz"), "II", "pink"),
        _v("rock_crystal", _("Rock crystal"), "I", "colourless"),
        _v("rutilated_quartz", _("Rutilated quartz"), "III", "colourless"),
    ), "I", "colourless"),
    Species("chalcedony", _("Chalcedony"), (
        _v("agate", _("Agate"), "I", "brown"),
        _v("carnelian", _("Carnelian"), "I", "orange"),
        _v("onyx", _("Onyx"), "I", "black"),
    ), "I", "grey"),
    Species("tourmaline", _("Tourmaline"), (
        _v("rubellite", _("Rubellite"), "III", "pink"),
        _v("indicolite", _("Indicolite"), "II", "blue"),
        _v("paraiba", _("Paraíba tourmaline"), "II", "blue"),
        _v("watermelon", _("Watermelon tourmaline"), "III", "multicolour"),
        _v("chrome_tourmaline", _("Chrome tourmaline"), "II", "green"),
        _v("green_tourmaline", _("Green tourmaline"), "I", "green"),
    ), "II", "green"),
    Species("garnet", _("Garnet"), (
        _v("pyrope", _("Pyrope"), "II", "red"),
        _v("almandine", _("Almandine"), "II", "red"),
        _v("rhodolite", _("Rhodolite"), "II", "purple"),
        _v("spessartine", _("Spessartine"), "II", "orange"),
        _v("tsavorite", _("Tsavorite"), "II", "green"),
        _v("hessonite", _("Hessonite"), "II", "orange"),
        _v("demantoid", _("Demantoid"), "II", "green"),
    ), "II", "red"),
    Species("topaz", _("Topaz"), (
        _v("imperial_topaz", _("Imperial topaz"), "I", "orange"),
        _v("pink_topaz", _("Pink topaz"), "I", "pink"),
        _v("blue_topaz", _("Blue topaz"), "I", "blue"),
        _v("sherry_topaz", _("Sherry topaz"), "I", "brown"),
    ), "I", "yellow"),
    Species("spinel", _("Spinel"), (), "II", "red"),
    Species("zircon", _("Zircon"), (), "I", "blue"),
    Species("feldspar", _("Feldspar"), (
        _v("moonstone", _("Moonstone"), "II", "colourless"),
        _v("labradorite", _("Labradorite"), "II", "grey"),
    ), "II", "grey"),
    Species("opal", _("Opal"), (), "II", "multicolour"),
    Species("lapis_lazuli", _("Lapis lazuli"), (), "II", "blue", kind=ROCK),
    Species("turquoise", _("Turquoise"), (), "II", "blue"),
    # Jade is two minerals: a buyer filtering for jadeite must not get nephrite. "jade" is kept for
    # rows listed before the split (migration catalogue 0012) and refused on new writes.
    Species("jadeite", _("Jadeite (jade)"), (), "II", "green"),
    Species("nephrite", _("Nephrite (jade)"), (), "II", "green"),
    Species(JADE_NOT_STATED, _("Jade (jadeite or nephrite not stated)"), (), "II", "green"),
    Species("pargasite", _("Pargasite"), (), "II", "green"),
    Species("scapolite", _("Scapolite"), (), "I", "yellow"),
    Species("diopside", _("Diopside"), (), "I", "green"),
    Species("diamond", _("Diamond"), (), "diamond", "colourless", "7102.39"),
    # What imitations are made of when it is not a gem above (CIBJO: an imitation is its own
    # material; glass imitation stones are HS 7018.10, man-made crystals 7104, plastics 3926).
    Species("glass", _("Glass"), (), "I", "", "7018.10", MATERIAL),
    Species("plastic", _("Plastic / resin"), (), "I", "", "3926.90", MATERIAL),
    Species("cubic_zirconia", _("Cubic zirconia"), (), "I", "colourless", "7104.90", MATERIAL),
    Species("synthetic_spinel", _("Synthetic spinel"), (), "I", "", "7104.90", MATERIAL),
    Species("synthetic_corundum", _("Synthetic corundum"), (), "I", "", "7104.90", MATERIAL),
    Species("howlite", _("Howlite"), (), "II", "white", "7103.99", MATERIAL),
    # Imitations listed before the material was recorded (migration catalogue 0011); refused on
    # new writes, so the seller names the material on the next edit.
    Species(MATERIAL_NOT_STATED, _("Material not stated"), (), "II", "", "7018.10", MATERIAL),
)
# Opaque material takes no clarity grade (GIA grades clarity of transparent stones only).
OPAQUE_SPECIES = frozenset({"lapis_lazuli", "turquoise", "howlite", "jadeite", "nephrite", JADE_NOT_STATED})
OPAQUE_VARIETIES = frozenset({"agate", "onyx"})


def is_opaque(species: str, variety: str = "") -> bool:
    return species in OPAQUE_SPECIES or variety in OPAQUE_VARIETIES


GEM_SPECIES = tuple(s for s in SPECIES if s.kind != MATERIAL and s.code not in LEGACY_SPECIES)
IMITATION_MATERIALS = tuple(s for s in SPECIES if s.kind == MATERIAL)
SPECIES_BY_CODE = {s.code: s for s in SPECIES}
VARIETY_TO_SPECIES = {v.code: s.code for s in SPECIES for v in s.varieties}
VARIETIES_BY_CODE = {v.code: v for s in SPECIES for v in s.varieties}
# What an imitation can imitate: any variety, or a gem species without varieties (spinel, opal …).
IMITABLE = tuple(
    term for s in GEM_SPECIES for term in (s.varieties or (Term(s.code, s.label),))
)
IMITABLE_BY_CODE = {t.code: t for t in IMITABLE}

# --- Cut -----------------------------------------------------------------------------------
SHAPES = tuple(
    Term(code, label)
    for code, label in (
        ("round", _("Round")), ("oval", _("Oval")), ("cushion", _("Cushion")), ("emerald", _("Emerald cut")),
        ("asscher", _("Asscher")), ("princess", _("Princess")), ("radiant", _("Radiant")), ("pear", _("Pear")),
        ("marquise", _("Marquise")), ("heart", _("Heart")), ("trillion", _("Trillion")),
        ("baguette", _("Baguette")), ("octagon", _("Octagon")), ("briolette", _("Briolette")),
        ("cabochon", _("Cabochon")), ("bead", _("Bead")), ("carving", _("Carving")), ("rough", _("Rough")),
        ("specimen", _("Specimen")),
    )
)
CUTTING_STYLES = tuple(
    Term(code, label)
    for code, label in (
        ("brilliant", _("Brilliant")), ("step", _("Step")), ("mixed", _("Mixed")), ("rose", _("Rose")),
        ("checkerboard", _("Checkerboard")), ("cabochon", _("Cabochon")), ("briolette", _("Briolette")),
        ("carved", _("Carved")), ("tumbled", _("Tumbled")), ("rough", _("Rough (uncut)")),
    )
)
UNCUT_SHAPES = {"rough", "specimen"}

# Colour families (searchable); tone 0–10 and saturation 1–6 follow the GIA system.
COLOURS = tuple(
    Term(code, label)
    for code, label in (
        ("red", _("Red")), ("pink", _("Pink")), ("orange", _("Orange")), ("yellow", _("Yellow")),
        ("green", _("Green")), ("blue", _("Blue")), ("violet", _("Violet")), ("purple", _("Purple")),
        ("brown", _("Brown")), ("black", _("Black")), ("grey", _("Grey")), ("white", _("White")),
        ("colourless", _("Colourless")), ("multicolour", _("Multicolour / bi-colour")),
    )
)

PHENOMENA = (
    Term("asterism", _("Asterism (star)")),
    Term("chatoyancy", _("Chatoyancy (cat's-eye)")),
    Term("colour_change", _("Colour change")),
    Term("play_of_colour", _("Play-of-colour")),
    Term("adularescence", _("Adularescence")),
    Term("labradorescence", _("Labradorescence")),
    Term("aventurescence", _("Aventurescence")),
)

# --- Treatments (AGTA codes) -----------------------------------------------------------------


@dataclass(frozen=True)
class Treatment(Term):
    description: str | Promise = ""
    # True where the FTC Guides (16 CFR 23.22) require disclosure in the product description:
    # not permanent, needs special care, or significantly affects value.
    must_disclose: bool = True
    care: str | Promise = ""


NOT_ENHANCED = "N"
TREATMENTS = (
    Treatment("N", _("Not enhanced"), _("The seller guarantees the stone has not been enhanced."), False),
    Treatment("E", _("Routinely enhanced"), _("The variety is routinely enhanced; the method is not specified."),
              True),
    Treatment("B", _("Bleaching"), _("Chemicals lighten or remove colour."), True),
    Treatment("C", _("Coating"), _("A surface coating (lacquer, enamel, ink, foil, film)."), True,
              _("Coatings can wear or scratch off; avoid abrasives and ultrasonic cleaning.")),
    Treatment("D", _("Dyeing"), _("Colour introduced with a dye."), True,
              _("Dye may fade or leach with solvents.")),
    Treatment("F", _("Filling"), _("Glass, plastic or another solid fills cavities or fractures (visible at 10×)."),
              True, _("Fillers can be damaged by heat, jeweller's torches and ultrasonic cleaning.")),
    Treatment("G", _("Gamma/electron irradiation"), _("Older code, now reported as R."), True),
    # Heating that leaves a residue visible at 10× is written H F: two codes, not one (AGTA).
    Treatment("H", _("Heating"), _("Heat alters colour or clarity; generally permanent."), True),
    Treatment("HP", _("Heat and pressure (HPHT)"), _("High pressure and high temperature alter colour."), True),
    # Stabilisation (a bonding agent in turquoise …) is impregnation: AGTA has no code S.
    Treatment("I", _("Impregnation"), _("A porous stone impregnated with a colourless agent or stabilised "
                                        "with a bonding agent."), True,
              _("Avoid heat and solvents.")),
    Treatment("L", _("Lasering"), _("Laser drilling to remove dark inclusions (diamonds)."), True),
    Treatment("O", _("Oiling / resin infusion"), _("Colourless oil or resin fills surface-reaching fissures."),
              True, _("Avoid ultrasonic and steam cleaning, heat and solvents; re-oiling may be needed.")),
    Treatment("R", _("Irradiation"), _("Irradiation (may be followed by heating) alters colour."), True,
              _("Some irradiated colours fade in light or heat.")),
    Treatment("U", _("Diffusion"), _("Chemicals diffused into the surface at high heat alter colour."), True,
              _("Colour may sit near the surface; re-cutting can remove it.")),
    Treatment("W", _("Waxing / oiling of opaque stones"), _("Colourless wax or oil on an opaque stone."), True,
              _("Avoid heat and solvents.")),
)
TREATMENTS_BY_CODE = {t.code: t for t in TREATMENTS}
TREATMENT_ORDER = {t.code: i for i, t in enumerate(TREATMENTS)}

# --- Certificates ----------------------------------------------------------------------------
LABS = tuple(
    Term(code, label)
    for code, label in (
        ("GIA", "GIA"), ("IGI", "IGI"), ("HRD", "HRD Antwerp"), ("AGS", "AGS"), ("GRS", "GRS"),
        ("GUBELIN", "Gübelin"), ("SSEF", "SSEF"), ("AGL", "AGL"), ("LOTUS", "Lotus Gemology"),
        ("AIGS", "AIGS"), ("GIT", "GIT"), ("GCAL", "GCAL"), ("NGTC", "NGTC"),
        ("PGTL", _("PGTL (Karachi)")), ("OTHER", _("Other laboratory")),
    )
)

# --- Localities (Pakistan and Afghan material traded through Peshawar) -----------------------


@dataclass(frozen=True)
class Locality(Term):
    country: str = "PK"
    region: str | Promise = ""
    known_for: tuple[str, ...] = field(default=())  # variety or species codes


def _loc(code, label, region, known_for, country="PK"):
    return Locality(code, label, country, region, tuple(known_for))


_SWAT = _("Swat, Khyber Pakhtunkhwa")
_HUNZA = _("Hunza, Gilgit-Baltistan")
_SHIGAR = _("Shigar Valley, Gilgit-Baltistan")
_AJK = _("Neelum, Azad Kashmir")
_SHANGLA = _("Shangla, Khyber Pakhtunkhwa")
LOCALITIES = (
    _loc("swat_mingora", _("Mingora (Fizagat)"), _SWAT, ["emerald"]),
    _loc("swat_shamozai", _("Shamozai"), _SWAT, ["emerald"]),
    _loc("swat_charbagh", _("Charbagh"), _SWAT, ["emerald"]),
    _loc("swat_makhad", _("Makhad"), _SWAT, ["emerald"]),
    _loc("swat_gujar_killi", _("Gujar Killi"), _SWAT, ["emerald"]),
    # Alpurai is the seat of Shangla district, not in Swat (the code is kept: rows and URLs use it).
    _loc("swat_alpurai", _("Alpurai"), _SHANGLA, ["emerald"]),
    _loc("shangla_bazar_kot", _("Bazar Kot"), _SHANGLA, ["emerald"]),
    _loc("mohmand", _("Mohmand"), _("Khyber Pakhtunkhwa"), ["emerald"]),
    _loc("bajaur", _("Bajaur"), _("Khyber Pakhtunkhwa"), ["emerald", "scapolite", "garnet"]),
    _loc("khaltaro", _("Khaltaro"), _("Gilgit, Gilgit-Baltistan"), ["emerald", "aquamarine"]),
    _loc("hunza_karimabad", _("Karimabad"), _HUNZA, ["ruby", "spinel", "pargasite"]),
    _loc("hunza_aliabad", _("Aliabad"), _HUNZA, ["ruby", "spinel"]),
    _loc("hunza_ganesh", _("Ganesh"), _HUNZA, ["ruby", "spinel"]),
    _loc("hunza_hachinder", _("Hachinder"), _HUNZA, ["ruby", "pargasite"]),
    _loc("hunza_dorkhan", _("Dorkhan"), _HUNZA, ["ruby", "spinel"]),
    _loc("nagar", _("Nagar"), _("Nagar, Gilgit-Baltistan"), ["ruby", "spinel"]),
    _loc("nangimali", _("Nangimali"), _AJK, ["ruby", "pink_sapphire"]),
    _loc("chitta_katha", _("Chitta Katha"), _AJK, ["ruby", "pink_sapphire"]),
    _loc("dunganar", _("Dunganar"), _AJK, ["aquamarine", "tourmaline"]),
    _loc("katlang_ghundao", _("Ghundao Hill, Katlang"), _("Mardan, Khyber Pakhtunkhwa"),
         ["pink_topaz", "imperial_topaz"]),
    _loc("shigar", _("Shigar"), _SHIGAR, ["sherry_topaz", "aquamarine", "tourmaline"]),
    _loc("dassu", _("Dassu"), _SHIGAR, ["aquamarine", "sherry_topaz", "tourmaline", "garnet"]),
    _loc("yuno", _("Yuno"), _SHIGAR, ["aquamarine", "tourmaline"]),
    _loc("braldu", _("Braldu"), _SHIGAR, ["aquamarine", "garnet"]),
    _loc("haramosh_shengus", _("Shengus, Haramosh"), _("Haramosh, Gilgit-Baltistan"),
         ["aquamarine", "sherry_topaz", "garnet"]),
    _loc("stak_nala", _("Stak Nala"), _("Skardu, Gilgit-Baltistan"), ["tourmaline", "aquamarine"]),
    _loc("sapat_gali", _("Sapat Gali"), _("Kohistan, Khyber Pakhtunkhwa (above the Kaghan valley)"), ["peridot"]),
    _loc("chilas", _("Chilas"), _("Diamer, Gilgit-Baltistan"), ["diopside", "zircon"]),
    _loc("dir", _("Dir"), _("Khyber Pakhtunkhwa"), ["corundum", "quartz"]),
    _loc("mansehra", _("Mansehra"), _("Khyber Pakhtunkhwa"), ["corundum", "quartz"]),
    _loc("sar_e_sang", _("Sar-e-Sang"), _("Badakhshan, Afghanistan"), ["lapis_lazuli"], "AF"),
    _loc("panjshir", _("Panjshir"), _("Panjshir, Afghanistan"), ["emerald"], "AF"),
    _loc("nuristan", _("Nuristan"), _("Nuristan, Afghanistan"),
         ["tourmaline", "kunzite", "aquamarine", "morganite"], "AF"),
    _loc("jegdalek", _("Jegdalek"), _("Kabul, Afghanistan"), ["ruby"], "AF"),
    _loc("kuh_i_lal", _("Kuh-i-Lal"), _("Badakhshan, Afghanistan"), ["spinel"], "AF"),  # the historic balas spinel
)
LOCALITIES_BY_CODE = {loc.code: loc for loc in LOCALITIES}


def known_for_labels(locality: str) -> list[str]:
    """The names of what a locality is known for ("Emerald" for Mingora), for people to read."""
    place = LOCALITIES_BY_CODE.get(locality)
    if place is None:
        return []
    return [str((VARIETIES_BY_CODE.get(code) or SPECIES_BY_CODE[code]).label) for code in place.known_for]

# Trade cities where sellers are live with the sellers (gembazaar.sellers.cities.TRADE_CITIES).

# --- Metals and fineness ----------------------------------------------------------------------
GOLD, SILVER, PLATINUM, PALLADIUM = "gold", "silver", "platinum", "palladium"
METALS = (
    Term(GOLD, _("Gold")),
    Term(SILVER, _("Silver")),
    Term(PLATINUM, _("Platinum")),
    Term(PALLADIUM, _("Palladium")),
)
# Parts per thousand. Gold karats: 24K 999, 22K 916, 21K 875, 18K 750, 14K 585, 10K 417, 9K 375.
FINENESS_BY_METAL: dict[str, tuple[int, ...]] = {
    GOLD: (999, 995, 916, 875, 750, 585, 417, 375),
    SILVER: (999, 925),
    PLATINUM: (950, 900, 850),
    PALLADIUM: (950, 500),
}
KARAT_TO_FINENESS = {24: 999, 22: 916, 21: 875, 18: 750, 14: 585, 10: 417, 9: 375}
# 24K is also traded at 995 (the London good-delivery standard for bars).
KARAT_FINENESSES = {karat: (fineness, *((995,) if karat == 24 else ()))
                    for karat, fineness in KARAT_TO_FINENESS.items()}
FINENESS_TO_KARAT = {fineness: karat for karat, finenesses in KARAT_FINENESSES.items() for fineness in finenesses}
KARATS = tuple(Term(str(k), f"{k}K") for k in KARAT_TO_FINENESS)


def purity(fineness: int) -> Decimal:
    """Fineness in parts per thousand as an exact Decimal fraction (916 → 0.916)."""
    return Decimal(fineness) / Decimal(1000)


JEWELRY_TYPES = tuple(
    Term(code, label)
    for code, label in (
        ("ring", _("Ring")), ("earrings", _("Earrings")), ("pendant", _("Pendant")),
        ("necklace", _("Necklace")), ("necklace_set", _("Necklace set")), ("bangles", _("Bangles")),
        ("bracelet", _("Bracelet")), ("chain", _("Chain")), ("brooch", _("Brooch")),
        ("anklet", _("Anklet")), ("nose_pin", _("Nose pin")), ("tikka", _("Maang tikka")),
        ("cufflinks", _("Cufflinks")), ("bridal_set", _("Bridal set")),
    )
)
MAKING_CHARGE_MODES = (
    Term("per_gram", _("Per gram")),
    Term("per_tola", _("Per tola")),
    # xgettext:no-python-format
    Term("percent", _("% of metal value")),
    Term("fixed", _("Fixed amount")),
)

# --- Units -----------------------------------------------------------------------------------
GRAMS_PER_TOLA = Decimal("11.6638038")
GRAMS_PER_TROY_OUNCE = Decimal("31.1034768")
GRAMS_PER_CARAT = Decimal("0.2")


# 7103.91 is "worked rubies, sapphires and emeralds": for corundum that is the species, for beryl
# only its emerald variety (aquamarine, morganite … stay under 7103.99).
HS_7103_91_VARIETIES = frozenset({"emerald"})


def suggest_hs_code(*, kind: str, species: str = "", variety: str = "", nature: str = "", shape: str = "",
                    metal: str = "") -> str:
    """The Harmonized System heading a listing most likely ships under (the seller may override)."""
    if kind == "jewelry":
        if metal == SILVER:
            return "7113.11"
        return "7113.19" if metal else "7117"
    if nature == IMITATION:
        # What the imitation is made of decides: glass 7018.10, man-made crystal 7104.90,
        # plastic 3926.90, another natural gem its own heading.
        material = SPECIES_BY_CODE.get(species)
        return material.worked_hs_code if material else "7117"
    if nature == SYNTHETIC:
        return "7104"
    if species == "diamond":
        # Rough diamonds (7102.31) cross borders only with a Kimberley Process certificate.
        return "7102.31" if shape in UNCUT_SHAPES else "7102.39"
    if shape in UNCUT_SHAPES:
        return "7103.10"
    if variety in HS_7103_91_VARIETIES:
        return "7103.91"
    spec = SPECIES_BY_CODE.get(species)
    return spec.worked_hs_code if spec else "7103.99"


def suggest_hs_code_for_spec(kind: str, spec: dict | None) -> str:
    """suggest_hs_code from a cleaned gem or jewelry specification."""
    spec = spec or {}
    return suggest_hs_code(kind=kind, species=spec.get("species", ""), variety=spec.get("variety", ""),
                           nature=spec.get("nature", ""), shape=spec.get("shape", ""), metal=spec.get("metal", ""))


def all_vocabularies() -> dict[str, list[dict]]:
    """Every vocabulary as plain data, for the API and the listing forms."""
    return {
        "natures": [t.as_dict() for t in NATURES],
        "species": [
            {**s.as_dict(), "kind": s.kind, "clarity_type": s.clarity_type, "varieties": [
                {**v.as_dict(), "clarity_type": v.clarity_type} for v in s.varieties
            ]}
            for s in SPECIES
        ],
        "shapes": [t.as_dict() for t in SHAPES],
        "cutting_styles": [t.as_dict() for t in CUTTING_STYLES],
        "colours": [t.as_dict() for t in COLOURS],
        "phenomena": [t.as_dict() for t in PHENOMENA],
        "treatments": [{**t.as_dict(), "description": str(t.description), "must_disclose": t.must_disclose}
                       for t in TREATMENTS],
        "clarity_types": [t.as_dict() for t in CLARITY_TYPES],
        "coloured_clarity": [t.as_dict() for t in COLOURED_CLARITY],
        "diamond_clarity": [t.as_dict() for t in DIAMOND_CLARITY],
        "diamond_colours": [t.as_dict() for t in DIAMOND_COLOURS],
        "labs": [t.as_dict() for t in LABS],
        "localities": [{**loc.as_dict(), "country": loc.country, "region": str(loc.region),
                        "known_for": list(loc.known_for)} for loc in LOCALITIES],
        "metals": [{**m.as_dict(), "finenesses": list(FINENESS_BY_METAL[m.code])} for m in METALS],
        "karats": [{"karat": k, "fineness": f, "finenesses": list(KARAT_FINENESSES[k])}
                   for k, f in KARAT_TO_FINENESS.items()],
        "jewelry_types": [t.as_dict() for t in JEWELRY_TYPES],
        "making_charge_modes": [t.as_dict() for t in MAKING_CHARGE_MODES],
    }
