"""Titles and descriptions of demo stones, worded the way the trade should word them.

CIBJO naming: the variety (or species) is the name and a place is never part of it — "Emerald,
Swat", not "Swat emerald". Synthetics, imitations and composites say so in the title. Treatments
that the FTC Guides require to be disclosed are stated in the description with their care notes.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from gembazaar.catalogue import vocab

# The place a title names: the district dealers know, rather than the exact mine.
TITLE_PLACE = {
    "swat_mingora": "Swat", "swat_shamozai": "Swat", "swat_charbagh": "Swat", "swat_makhad": "Swat",
    "swat_gujar_killi": "Swat", "swat_alpurai": "Swat", "shangla_bazar_kot": "Shangla",
    "hunza_karimabad": "Hunza", "hunza_aliabad": "Hunza", "hunza_ganesh": "Hunza", "hunza_hachinder": "Hunza",
    "hunza_dorkhan": "Hunza", "katlang_ghundao": "Katlang", "shigar": "Shigar Valley", "dassu": "Shigar Valley",
    "yuno": "Shigar Valley", "braldu": "Shigar Valley", "haramosh_shengus": "Haramosh",
    "nangimali": "Nangimali, Azad Kashmir", "chitta_katha": "Chitta Katha, Azad Kashmir",
    "dunganar": "Neelum Valley", "sapat_gali": "Sapat Gali, Kohistan",
}
COUNTRY_NAMES = {"LK": "Sri Lanka", "CO": "Colombia", "MZ": "Mozambique", "TZ": "Tanzania", "IR": "Iran",
                 "YE": "Yemen", "BR": "Brazil", "IN": "India", "AF": "Afghanistan", "PK": "Pakistan"}
# Where heating is the usual enhancement, "unheated" is what a buyer looks for.
HEATED_IN_TRADE = {"corundum", "topaz", "tourmaline", "zircon", "zoisite", "spinel"}
TREATMENT_WORDS = {"O": "Oiled", "H": "Heated", "R": "Irradiated", "W": "Waxed", "D": "Dyed", "C": "Coated",
                   "E": "Enhanced", "I": "Stabilised / impregnated", "HP": "HPHT-treated",
                   "F": "Glass-filled"}


@cache
def clarity_words() -> dict[str, str]:
    # Demo text is English (the seeder runs under translation.override("en")); built once, not per stone.
    return {t.code: str(t.label).lower() for t in vocab.COLOURED_CLARITY}


@cache
def shape_words() -> dict[str, str]:
    return {t.code: str(t.label) for t in vocab.SHAPES} | {"specimen": "Crystal specimen"}


@cache
def lab_names() -> dict[str, str]:
    return {t.code: str(t.label) for t in vocab.LABS}


def capitalised(label: object) -> str:
    """'pink topaz' → 'Pink Topaz' (str.title() would write "Cat'S-Eye")."""
    return " ".join(word[:1].upper() + word[1:] for word in str(label).split())


# Labels are lazy translations; resolving one costs microseconds, so each is resolved once (in English).
@cache
def gem_name(species: str, variety: str) -> str:
    """The CIBJO name: the variety where one exists, else the species."""
    term = vocab.VARIETIES_BY_CODE.get(variety) or vocab.SPECIES_BY_CODE[species]
    return str(term.label)


def looks_like(spec: dict) -> str:
    """The gem a stone is named after: what an imitation imitates, else its own name."""
    imitated = spec.get("imitates")
    return str(vocab.IMITABLE_BY_CODE[imitated].label) if imitated else gem_name(spec["species"], spec["variety"])


@cache
def locality_text(code: str) -> tuple[str, str]:
    place = vocab.LOCALITIES_BY_CODE[code]
    return str(place.label), str(place.region)


@cache
def treatment_sentence(code: str) -> str:
    term = vocab.TREATMENTS_BY_CODE[code]
    care = f" Care: {term.care}" if term.care else ""
    return f"Treatment disclosed: {term.label} ({code}). {term.description}{care}"


def place_name(locality: str, country: str) -> str:
    if locality:
        return TITLE_PLACE.get(locality) or locality_text(locality)[0]
    return COUNTRY_NAMES.get(country, "")


def treatment_word(treatments: str, species: str, variety: str) -> str:
    if treatments == vocab.NOT_ENHANCED:
        if variety == "emerald":
            return "No Oil"
        return "Unheated" if species in HEATED_IN_TRADE or variety == "aquamarine" else "Untreated"
    return ", ".join(TREATMENT_WORDS.get(code, code) for code in treatments.split(","))


def qualified_name(spec: dict, material_note: str) -> str:
    """The name with its nature: 'Natural Emerald', 'Lab-grown Emerald (Synthetic, hydrothermal)'."""
    name = capitalised(looks_like(spec))
    nature = spec["nature"]
    if nature == vocab.SYNTHETIC:
        return f"Lab-grown {name} (Synthetic{', ' + material_note if material_note else ''})"
    if nature == vocab.IMITATION:
        return f"Imitation {name} ({capitalised(material_note)})"
    if nature == vocab.COMPOSITE:
        return f"Composite {name} ({capitalised(material_note)})"
    return f"Natural {name}"


def gem_title(spec: dict, *, locality: str, country: str, material_note: str) -> str:
    name = qualified_name(spec, material_note)
    place = place_name(locality, country) if spec["nature"] == vocab.NATURAL else ""
    where = f", {place}" if place else ""
    shape = capitalised(shape_words()[spec["shape"]])
    grade = ""
    if spec["species"] == "diamond":
        grade = f", {spec['diamond_colour']} {spec['clarity']}"
    treated = treatment_word(spec["treatments"], spec["species"], spec["variety"])
    if spec["nature"] != vocab.NATURAL and spec["treatments"] == vocab.NOT_ENHANCED:
        treated = ""  # "unheated" or "no oil" describes natural stones only
    suffix = spec["lab"] if spec["species"] == "diamond" and spec["lab"] else treated
    if spec["pieces"] > 1:
        details = ", ".join(part for part in (shape, f"{spec['carat']:.2f} ct total", treated) if part)
        return f"Lot of {spec['pieces']} pcs {name}{where} — {details}"
    return f"{spec['carat']:.2f} ct {name}{grade}{where} — {shape}" + (f", {suffix}" if suffix else "")


def _identity_sentence(spec: dict, *, locality: str, country: str, material_note: str) -> str:
    name = looks_like(spec).lower()
    nature = spec["nature"]
    if nature == vocab.SYNTHETIC:
        return (f"Laboratory-grown (synthetic) {name}{', ' + material_note if material_note else ''}. "
                "Not a natural stone.")
    if nature == vocab.IMITATION:
        return f"Imitation {name}: {material_note}. It is not a natural {name}."
    if nature == vocab.COMPOSITE:
        return (f"Composite {name}: {material_note}. Sold as a composite, not as a treated natural {name}; "
                "the glass is damaged by heat, acids and a jeweller's torch.")
    if locality:
        label, region = locality_text(locality)
        return f"Natural {name} from {label}, {region}."
    return f"Natural {name} from {COUNTRY_NAMES.get(country, country)}." if country else f"Natural {name}."


def _size_sentence(spec: dict) -> str:
    shape = shape_words()[spec["shape"]].lower()
    style = f" {spec['cutting_style']}" if spec["cutting_style"] and spec["cutting_style"] not in {
        "rough", "cabochon"} else ""
    dims = f"{spec['length_mm']} × {spec['width_mm']} × {spec['depth_mm']} mm"
    if spec["pieces"] > 1:
        each = (spec["carat"] / spec["pieces"]).quantize(Decimal("0.01"))
        return (f"{spec['pieces']} pieces, {spec['carat']:.2f} ct in total (about {each} ct each), {shape}; "
                f"a typical piece measures {dims}. Sold by the parcel.")
    return f"{spec['carat']:.2f} ct, {shape}{style}, {dims}."


def _look_sentence(spec: dict, clarity_type: str) -> str:
    parts = []
    if spec["species"] == "diamond":
        parts.append(f"Colour {spec['diamond_colour']}, clarity {spec['clarity']}"
                     + (f", cut {spec['cut_grade']}" if spec["cut_grade"] else "") + ".")
        return " ".join(parts)
    colour = spec["trade_colour"] or spec["colour"]
    if spec["tone"] is not None:
        parts.append(f"Colour: {colour} (tone {spec['tone']}, saturation {spec['saturation']}).")
    else:
        parts.append(f"Colour: {colour}.")
    if spec["clarity"]:
        typical = {"I": "usually eye-clean", "II": "usually included", "III": "almost always included"}
        parts.append(f"Clarity: {clarity_words()[spec['clarity']]} (a type {clarity_type} stone, "
                     f"{typical.get(clarity_type, '')}).")
    if spec["phenomena"]:
        parts.append(f"Shows {spec['phenomena']}.")
    return " ".join(parts)


def _treatment_sentence(treatments: str) -> str:
    if treatments == vocab.NOT_ENHANCED:
        return "Not enhanced (N): the seller guarantees no treatment."
    return " ".join(treatment_sentence(code) for code in treatments.split(","))


def gem_description(spec: dict, *, locality: str, country: str, material_note: str, clarity_type: str) -> str:
    sentences = [
        _identity_sentence(spec, locality=locality, country=country, material_note=material_note),
        _size_sentence(spec),
        _look_sentence(spec, clarity_type),
        _treatment_sentence(spec["treatments"]),
    ]
    if spec["lab"]:
        sentences.append(f"Laboratory report: {lab_names()[spec['lab']]} "
                         f"{spec['certificate_number']}.")
    return " ".join(s for s in sentences if s)
