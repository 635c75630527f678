"""The spreadsheet columns of an import: one list per kind, each column mapped to a service input key.

A header is matched case-insensitively, with spaces and hyphens read as underscores, so
"Origin Country" and "origin_country" are the same column. Columns marked `required` must be
present in create mode; in update-by-SKU mode only `sku` is required and a blank cell keeps the
listing's current value.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import JewelrySpec, Listing
from gembazaar.core import fx

GEM = "gem"
JEWELRY = "jewelry"
KINDS = (GEM, JEWELRY)


@dataclass(frozen=True)
class Column:
    name: str  # the header and the key given to the validation functions
    target: str  # "listing" (Listing field) or "spec" (GemSpec / JewelrySpec field)
    required: bool = False
    help: str = ""
    allowed: str = ""  # the name of a vocabulary for the legend, see legend_values()
    example: str = ""


LISTING_COLUMNS = (
    Column("sku", "listing", True, _("Your stock number, unique among your listings (64 characters at most)."),
           example="SW-0001"),
    Column("title", "listing", True, _("Up to 200 characters."), example="Oval Swat emerald 1.25 ct"),
    Column("description", "listing", False, _("Plain text or simple HTML (p, br, strong, em, lists)."),
           example="A lively green emerald from Mingora."),
    Column("price", "listing", True, _("Greater than zero, in the currency's minor units at most."),
           example="1250.00"),
    Column("currency", "listing", True, _("ISO 4217 code."), allowed="currencies", example="USD"),
    Column("quantity", "listing", False, _("Whole number; 1 for a unique stone (default 1)."), example="1"),
    Column("moq", "listing", False, _("Minimum order quantity (default 1)."), example="1"),
    Column("origin_country", "listing", False, _("ISO 3166 two-letter code."), example="PK"),
    Column("origin_locality", "listing", False, _("A known locality code (sets the country)."),
           allowed="localities", example="swat_mingora"),
    Column("hs_code", "listing", False, _("Digits and dots; suggested from the item when blank."), example=""),
)

GEM_COLUMNS = (
    Column("kind", "listing", False, _("gemstone (a single stone, the default) or lot (a parcel)."),
           allowed="gem_kinds", example="gemstone"),
    Column("species", "spec", True, allowed="species", example="beryl"),
    Column("variety", "spec", False, _("Must belong to the species."), allowed="varieties", example="emerald"),
    Column("nature", "spec", True, allowed="natures", example="natural"),
    Column("imitates", "spec", False, _("Imitations only: the gem it imitates; the species is then what it is made "
                                        "of (glass …)."), allowed="imitable", example=""),
    Column("carat", "spec", True, _("Weight in carats, up to 3 decimals."), example="1.25"),
    Column("pieces", "spec", False, _("Number of stones (default 1)."), example="1"),
    Column("length_mm", "spec", False, example="7.80"),
    Column("width_mm", "spec", False, example="5.90"),
    Column("depth_mm", "spec", False, example="4.10"),
    Column("shape", "spec", True, allowed="shapes", example="oval"),
    Column("cutting_style", "spec", False, allowed="cutting_styles", example="step"),
    Column("colour", "spec", False, allowed="colours", example="green"),
    Column("tone", "spec", False, _("0 to 10."), example=""),
    Column("saturation", "spec", False, _("1 to 6."), example=""),
    Column("trade_colour", "spec", False, _("A descriptive trade name (60 characters at most)."), example=""),
    Column("clarity", "spec", False, allowed="clarity", example="MI"),
    Column("diamond_colour", "spec", False, _("D to Z, diamonds only."), allowed="diamond_colours", example=""),
    Column("cut_grade", "spec", False, allowed="cut_grades", example=""),
    Column("treatments", "spec", True, _("AGTA codes separated by commas; N alone if not enhanced."),
           allowed="treatments", example="O"),
    Column("phenomena", "spec", False, _("Codes separated by commas."), allowed="phenomena", example=""),
    Column("lab", "spec", False, allowed="labs", example=""),
    Column("certificate_number", "spec", False, _("Needs the lab."), example=""),
    Column("size_confirmed", "spec", False, _("yes when a weight its measurements seem unable to hold is right "
                                              "(the check names the row)."), example=""),
    Column("kp_certificate", "spec", False, _("Kimberley Process certificate number: rough natural diamonds "
                                              "only, and required for them."), example=""),
)

JEWELRY_COLUMNS = (
    Column("price_mode", "listing", False, _("fixed (default) or metal_linked."), allowed="price_modes",
           example="fixed"),
    Column("jewelry_type", "spec", True, allowed="jewelry_types", example="ring"),
    Column("metal", "spec", True, allowed="metals", example="gold"),
    Column("karat", "spec", False, _("Gold only: 24, 22, 21, 18, 14, 10 or 9."), allowed="karats", example="22"),
    Column("fineness", "spec", False, _("Parts per thousand; from the karat when blank."), allowed="finenesses",
           example="916"),
    Column("gross_weight_g", "spec", True, _("Grams (5.200), or tola, masha and ratti: “2 tola”, “1-3-2”."),
           example="5.200"),
    Column("net_metal_weight_g", "spec", True, _("Not more than the gross weight; grams or tola, masha and ratti."),
           example="4.800"),
    Column("weight_unit", "spec", False, _("g or tola: the unit buyers see first (tola when a weight is written "
                                           "in tola)."), allowed="weight_units", example=""),
    Column("making_charge_mode", "spec", False, allowed="making_charge_modes", example="percent"),
    Column("making_charge_value", "spec", False, example="10"),
    # xgettext:no-python-format
    Column("wastage_percent", "spec", False, _("Wastage charged, % of the metal weight."), example=""),
    Column("stone_value", "spec", False, _("Value of the set stones, in the listing's currency."), example=""),
    Column("margin_percent", "spec", False, _("Your margin, %."), example=""),
    Column("stones", "spec", False, _("Set stones, free text (300 characters at most)."), example=""),
    Column("stone_weight_ct", "spec", False, example=""),
    Column("size", "spec", False, example="7"),
    Column("hallmark", "spec", False, example=""),
    Column("gender", "spec", False, allowed="genders", example="female"),
)


def columns_for(kind: str) -> tuple[Column, ...]:
    return LISTING_COLUMNS + (GEM_COLUMNS if kind == GEM else JEWELRY_COLUMNS)


def header_key(header: object) -> str:
    return str(header or "").strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def _currencies(fx) -> list[str]:
    """The currencies with an exchange rate (a listing needs one for its reference price)."""
    try:
        table = fx.rates() if hasattr(fx, "rates") else fx.INDICATIVE_PER_USD
    except Exception:  # the rate source is down: fall back to the built-in table
        table = getattr(fx, "INDICATIVE_PER_USD", {"USD": 1, "PKR": 1})
    return sorted(table)


def legend_values() -> dict[str, list[tuple[str, str]]]:
    """Every vocabulary a column draws on, as (code, label) pairs, for the legend sheet."""
    def terms(items) -> list[tuple[str, str]]:
        return [(t.code, str(t.label)) for t in items]

    return {
        "currencies": [(code, code) for code in _currencies(fx)],
        "localities": [(loc.code, f"{loc.label} ({loc.country})") for loc in vocab.LOCALITIES],
        "gem_kinds": [("gemstone", str(Listing.Kind.GEMSTONE.label)), ("lot", str(Listing.Kind.LOT.label))],
        "species": terms(vocab.SPECIES),
        "varieties": [(v.code, f"{v.label} ({s.code})") for s in vocab.SPECIES for v in s.varieties],
        "natures": terms(vocab.NATURES),
        "weight_units": [("g", "grams"), ("tola", "tola, masha and ratti")],
        "imitable": terms(vocab.IMITABLE),
        "shapes": terms(vocab.SHAPES),
        "cutting_styles": terms(vocab.CUTTING_STYLES),
        "colours": terms(vocab.COLOURS),
        "clarity": terms(vocab.COLOURED_CLARITY) + terms(vocab.DIAMOND_CLARITY),
        "diamond_colours": terms(vocab.DIAMOND_COLOURS),
        "cut_grades": terms(vocab.DIAMOND_CUT_GRADES),
        "treatments": terms(vocab.TREATMENTS),
        "phenomena": terms(vocab.PHENOMENA),
        "labs": terms(vocab.LABS),
        "price_modes": [(c, str(label)) for c, label in Listing.PriceMode.choices],
        "jewelry_types": terms(vocab.JEWELRY_TYPES),
        "metals": terms(vocab.METALS),
        "karats": [(str(k), f"{k}K = {' / '.join(map(str, vocab.KARAT_FINENESSES[k]))}")
                   for k in vocab.KARAT_TO_FINENESS],
        "finenesses": [(str(f), m) for m, fs in vocab.FINENESS_BY_METAL.items() for f in fs],
        "making_charge_modes": terms(vocab.MAKING_CHARGE_MODES),
        "genders": [(c, str(label)) for c, label in JewelrySpec.Gender.choices],
    }
