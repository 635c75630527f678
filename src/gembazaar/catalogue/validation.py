"""The domain rules of a listing, each with a message that names the field and the reason.

Functions take plain dicts of field values and return cleaned copies, or raise Django's
`ValidationError` keyed by field name. Services, admin forms and imports all go through here;
the database constraints in models.py back up the rules that can be constraints.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from gembazaar.core.money import validate_amount

from . import sizes, vocab, weights
from .disclosure import is_lead_glass_composite
from .models import Listing

MAX_CARAT = Decimal("100000")  # rough parcels are sold by the kilo: 1 kg = 5,000 ct
MAX_METAL_WEIGHT_G = Decimal("10000")
MAX_MARGIN_PERCENT = Decimal("500")
MAX_STONE_VALUE = Decimal("999999999999")  # DECIMAL(15,3)
# The seller API addresses a listing by SKU as the rest of the path, so these two forms would be
# taken for its fixed routes (sellerapi/api.py). Any other character is fine: "A/B-1", "#12", "紅寶石".
RESERVED_SKU = "bulk-upsert"
RESERVED_SKU_SUFFIX = "/archive"


class Errors:
    """Collects every problem in one pass so a seller sees them all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def to_decimal(value: object, *, field: str, errors: Errors, places: int | None = None,
               required: bool = True) -> Decimal | None:
    """A Decimal from user input (never through float), or None with an error recorded."""
    if value in (None, ""):
        if required:
            errors.add(field, _("This field is required."))
        return None
    if isinstance(value, float):
        errors.add(field, _("Send decimals as strings or exact numbers, not floating point."))
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.add(field, _("Enter a number."))
        return None
    if not number.is_finite():
        errors.add(field, _("Enter a number."))
        return None
    if places is not None and -number.normalize().as_tuple().exponent > places:
        errors.add(field, _("Use at most %(places)d decimal places.") % {"places": places})
        return None
    return number


# Codes sellers still write that AGTA does not have (migration catalogue 0012 rewrote stored ones).
RETIRED_TREATMENT_CODES = {
    "S": gettext_lazy("I (impregnation, which covers stabilisation)"),
    "HF": gettext_lazy("H,F (heating with a residue is two codes)"),
}


def normalise_treatments(value: str | Iterable[str]) -> str:
    """AGTA codes in canonical order, comma-separated; `N` must stand alone."""
    if isinstance(value, str):
        codes = [c.strip().upper() for c in value.replace(" ", ",").split(",") if c.strip()]
    else:
        codes = [str(c).strip().upper() for c in value if str(c).strip()]
    if not codes:
        raise ValidationError(_("Declare the treatments, or N if the stone is not enhanced."))
    retired = [c for c in codes if c in RETIRED_TREATMENT_CODES]
    if retired:
        raise ValidationError(_("%(code)s is not an AGTA code: write %(instead)s.") % {
            "code": retired[0], "instead": RETIRED_TREATMENT_CODES[retired[0]]})
    unknown = [c for c in codes if c not in vocab.TREATMENTS_BY_CODE]
    if unknown:
        raise ValidationError(
            _("Unknown treatment code(s): %(codes)s. Use the AGTA codes (N, H, O, F …).")
            % {"codes": ", ".join(unknown)}
        )
    unique = sorted(set(codes), key=vocab.TREATMENT_ORDER.__getitem__)
    if vocab.NOT_ENHANCED in unique and len(unique) > 1:
        raise ValidationError(_("N (not enhanced) cannot be combined with another treatment code."))
    return ",".join(unique)


def normalise_phenomena(value: str | Iterable[str]) -> str:
    codes = [c.strip() for c in value.split(",")] if isinstance(value, str) else [str(c).strip() for c in value]
    codes = [c for c in codes if c]
    known = vocab.by_code(vocab.PHENOMENA)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError(_("Unknown phenomenon: %(codes)s.") % {"codes": ", ".join(unknown)})
    return ",".join(c.code for c in vocab.PHENOMENA if c.code in codes)


def _check_choice(data: dict, errors: Errors, field: str, terms, *, required: bool) -> None:
    value = data.get(field) or ""
    data[field] = value
    if not value:
        if required:
            errors.add(field, _("This field is required."))
        return
    if value not in vocab.by_code(terms):
        errors.add(field, _("“%(value)s” is not a known value.") % {"value": value})


def sku_reserved(sku: str) -> bool:
    return sku == RESERVED_SKU or sku.endswith(RESERVED_SKU_SUFFIX)


def _check_imitation(data: dict, errors: Errors, species: vocab.Species | None) -> None:
    """An imitation is its own material imitating a variety (CIBJO): `species` says what it is,
    `imitates` what it looks like; glass, plastic, cubic zirconia … are nothing but imitations."""
    imitates = data.get("imitates") or ""
    data["imitates"] = imitates
    nature = data.get("nature")
    if nature == vocab.IMITATION:
        if not imitates:
            errors.add("imitates", _("Name the gem this imitation imitates (ruby, emerald …)."))
        elif imitates not in vocab.IMITABLE_BY_CODE:
            errors.add("imitates", _("“%(value)s” is not a known gem variety.") % {"value": imitates})
        elif species is not None and imitates in {species.code, data.get("variety")}:
            errors.add("imitates", _("An imitation is not the gem it imitates: give what it is made of as the "
                                     "species (glass, plastic, cubic zirconia, or another gem)."))
        if species is not None and species.code == vocab.MATERIAL_NOT_STATED:
            errors.add("species", _("Say what this imitation is made of (glass, plastic, cubic zirconia, or "
                                    "another gem)."))
    elif imitates:
        errors.add("imitates", _("Only an imitation imitates another gem; leave this empty."))
    elif species is not None and species.kind == vocab.MATERIAL and nature:
        errors.add("nature", _("%(material)s is only ever an imitation: declare the nature as imitation and "
                               "name the gem it imitates.") % {"material": species.label})


def _check_size(data: dict, errors: Errors) -> None:
    """A weight its measurements cannot hold (a 1 ct ruby of 40 × 40 × 30 mm) is questioned, once:
    the seller checks both, or confirms them with `size_confirmed`."""
    confirmed = data.get("size_confirmed")
    data["size_confirmed"] = confirmed in (True, "true", "True", "1", "yes", "on", 1)
    if data["size_confirmed"] or any(field in errors.by_field for field in ("carat", "length_mm", "width_mm",
                                                                              "depth_mm", "pieces")):
        return
    expected = sizes.size_mismatch(data)
    if expected is not None:
        errors.add("carat", _("%(carat)s ct and %(length)s × %(width)s × %(depth)s mm cannot both be right for this "
                              "stone: that size weighs about %(expected)s ct. Correct the weight or the "
                              "measurements, or confirm both (size_confirmed).") % {
            "carat": data["carat"], "length": data["length_mm"], "width": data["width_mm"],
            "depth": data["depth_mm"], "expected": f"{expected:,.2f}" if expected < 10 else f"{expected:,.0f}"})


def _check_kimberley_process(data: dict, errors: Errors) -> None:
    """Rough natural diamonds (HS 7102.31) cross borders only with a Kimberley Process certificate."""
    number = (data.get("kp_certificate") or "").strip()
    data["kp_certificate"] = number
    rough_diamond = (data.get("species") == "diamond" and data.get("nature") == vocab.NATURAL
                     and data.get("shape") in vocab.UNCUT_SHAPES)
    if rough_diamond and not number:
        errors.add("kp_certificate", _("Rough diamonds travel only with a Kimberley Process certificate: give its "
                                       "number."))
    elif number and not rough_diamond:
        errors.add("kp_certificate", _("A Kimberley Process certificate belongs to rough natural diamonds only."))


def clean_gem(raw: dict) -> dict:
    """Validate a stone's specification (keys as on GemSpec)."""
    data = dict(raw)
    errors = Errors()

    species_code = data.get("species") or ""
    data["species"] = species_code
    species = vocab.SPECIES_BY_CODE.get(species_code)
    if not species_code:
        errors.add("species", _("This field is required."))
    elif species is None:
        errors.add("species", _("“%(value)s” is not a known species.") % {"value": species_code})
    elif species.code == vocab.JADE_NOT_STATED:
        errors.add("species", _("Jade is two minerals: choose jadeite or nephrite."))

    variety = data.get("variety") or ""
    data["variety"] = variety
    if variety:
        owner = vocab.VARIETY_TO_SPECIES.get(variety)
        if owner is None:
            errors.add("variety", _("“%(value)s” is not a known variety.") % {"value": variety})
        elif species is not None and owner != species.code:
            errors.add("variety", _("%(variety)s is a variety of %(owner)s, not of %(species)s.") % {
                "variety": vocab.VARIETIES_BY_CODE[variety].label,
                "owner": vocab.SPECIES_BY_CODE[owner].label,
                "species": species.label,
            })

    _check_choice(data, errors, "nature", vocab.NATURES, required=True)
    _check_imitation(data, errors, species)
    _check_choice(data, errors, "shape", vocab.SHAPES, required=True)
    _check_choice(data, errors, "cutting_style", vocab.CUTTING_STYLES, required=False)
    _check_choice(data, errors, "colour", vocab.COLOURS, required=False)
    _check_choice(data, errors, "lab", vocab.LABS, required=False)
    _check_choice(data, errors, "cut_grade", vocab.DIAMOND_CUT_GRADES, required=False)

    carat = to_decimal(data.get("carat"), field="carat", errors=errors, places=3)
    if carat is not None:
        if carat <= 0:
            errors.add("carat", _("The weight must be greater than zero."))
        elif carat > MAX_CARAT:
            errors.add("carat", _("The weight cannot exceed %(max)s ct.") % {"max": MAX_CARAT})
        data["carat"] = carat

    pieces = data.get("pieces") or 1
    try:
        data["pieces"] = int(pieces)
        if data["pieces"] < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("pieces", _("Enter a whole number of at least 1."))

    for dim in ("length_mm", "width_mm", "depth_mm"):
        size = to_decimal(data.get(dim), field=dim, errors=errors, places=2, required=False)
        if size is not None and (size <= 0 or size > 1000):
            errors.add(dim, _("Enter a size in millimetres between 0 and 1,000."))
        data[dim] = size

    for field, low, high in (("tone", 0, 10), ("saturation", 1, 6)):
        value = data.get(field)
        if value in (None, ""):
            data[field] = None
            continue
        try:
            data[field] = int(value)
            if not low <= data[field] <= high:
                raise ValueError
        except (TypeError, ValueError):
            errors.add(field, _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high})

    _check_size(data, errors)

    is_diamond = species_code == "diamond"
    clarity = data.get("clarity") or ""
    data["clarity"] = clarity
    if clarity and vocab.is_opaque(species_code, variety):
        errors.add("clarity", _("%(stone)s is opaque: clarity is graded on transparent stones only; leave it "
                                "empty.") % {"stone": (vocab.VARIETIES_BY_CODE.get(variety) or species).label})
    elif clarity:
        scale = vocab.DIAMOND_CLARITY if is_diamond else vocab.COLOURED_CLARITY
        if clarity not in vocab.by_code(scale):
            allowed = ", ".join(t.code for t in scale)
            errors.add("clarity", _("Use a %(kind)s clarity grade: %(allowed)s.") % {
                "kind": _("diamond") if is_diamond else _("coloured-stone"), "allowed": allowed})
    data["diamond_colour"] = data.get("diamond_colour") or ""
    if data["diamond_colour"]:
        if not is_diamond:
            errors.add("diamond_colour", _("The D–Z colour scale applies to diamonds only."))
        elif data["diamond_colour"] not in vocab.by_code(vocab.DIAMOND_COLOURS):
            errors.add("diamond_colour", _("Use a letter from D to Z."))

    try:
        data["treatments"] = normalise_treatments(data.get("treatments") or "")
    except ValidationError as exc:
        errors.add("treatments", exc.messages[0])
    try:
        data["phenomena"] = normalise_phenomena(data.get("phenomena") or "")
    except ValidationError as exc:
        errors.add("phenomena", exc.messages[0])

    _check_kimberley_process(data, errors)
    data["certificate_number"] = (data.get("certificate_number") or "").strip()
    if data["certificate_number"] and not data.get("lab"):
        errors.add("lab", _("Name the laboratory that issued report %(number)s.")
                   % {"number": data["certificate_number"]})

    # A synthetic called natural is the trade's cardinal sin; glass-filled corundum of any colour
    # (ruby, pink or blue sapphire …) is a composite, not a treated natural stone (CIBJO).
    treatments = data["treatments"] if isinstance(data.get("treatments"), str) else ""
    if data.get("nature") == vocab.NATURAL and is_lead_glass_composite(species=species_code, treatments=treatments):
        errors.add("nature", _("Glass-filled corundum (ruby or sapphire of any colour) must be declared as a "
                               "composite, not as a natural stone."))

    errors.raise_if_any()
    return data


def _weight(value, *, field: str, errors: Errors) -> tuple[Decimal | None, str]:
    """A weight in grams from a number or from what a jeweller writes ("2 tola", "1-3-2")."""
    if weights.is_written(value):
        try:
            return weights.parse_weight(value)
        except weights.WeightError as exc:
            errors.add(field, str(exc))
            return None, ""
    return to_decimal(value, field=field, errors=errors, places=weights.WEIGHT_PLACES), weights.GRAM


def clean_jewelry(raw: dict) -> dict:
    """Validate a piece of jewelry (keys as on JewelrySpec)."""
    data = dict(raw)
    errors = Errors()
    _check_choice(data, errors, "jewelry_type", vocab.JEWELRY_TYPES, required=True)
    _check_choice(data, errors, "metal", vocab.METALS, required=True)
    _check_choice(data, errors, "making_charge_mode", vocab.MAKING_CHARGE_MODES, required=False)
    data["making_charge_mode"] = data["making_charge_mode"] or "percent"
    metal = data["metal"]

    karat = data.get("karat")
    fineness = data.get("fineness")
    try:
        karat = int(karat) if karat not in (None, "") else None
    except (TypeError, ValueError):
        errors.add("karat", _("Enter the karat as a whole number (24, 22, 21, 18 …)."))
        karat = None
    try:
        fineness = int(fineness) if fineness not in (None, "") else None
    except (TypeError, ValueError):
        errors.add("fineness", _("Enter the fineness in parts per thousand (916, 750, 925 …)."))
        fineness = None

    if karat is not None and metal and metal != vocab.GOLD:
        errors.add("karat", _("Karat applies to gold only; give the fineness for %(metal)s.") % {"metal": metal})
    elif karat is not None and karat not in vocab.KARAT_TO_FINENESS:
        errors.add("karat", _("Use a standard karat: %(allowed)s.")
                   % {"allowed": ", ".join(f"{k}K" for k in vocab.KARAT_TO_FINENESS)})
    elif karat is not None:
        expected = vocab.KARAT_TO_FINENESS[karat]
        if fineness is None:
            fineness = expected
        elif fineness not in vocab.KARAT_FINENESSES[karat]:
            errors.add("fineness", _("%(karat)dK gold is %(expected)s fine, not %(fineness)d.")
                       % {"karat": karat, "expected": " / ".join(map(str, vocab.KARAT_FINENESSES[karat])),
                          "fineness": fineness})
    if fineness is None and "fineness" not in errors.by_field:
        errors.add("fineness", _("This field is required."))
    elif fineness is not None and metal in vocab.FINENESS_BY_METAL:
        if fineness not in vocab.FINENESS_BY_METAL[metal]:
            errors.add("fineness", _("%(metal)s comes in %(allowed)s fineness.") % {
                "metal": metal.capitalize(), "allowed": ", ".join(map(str, vocab.FINENESS_BY_METAL[metal]))})
        elif metal == vocab.GOLD and karat is None:
            karat = vocab.FINENESS_TO_KARAT.get(fineness)
    data["karat"], data["fineness"] = karat, fineness

    gross, gross_unit = _weight(data.get("gross_weight_g"), field="gross_weight_g", errors=errors)
    net, net_unit = _weight(data.get("net_metal_weight_g"), field="net_metal_weight_g", errors=errors)
    # The unit the seller weighed in is the unit buyers see first ("2 tola (23.33 g)").
    unit = data.get("weight_unit") or (weights.TOLA if weights.TOLA in {gross_unit, net_unit} else weights.GRAM)
    if unit not in weights.WEIGHT_UNITS:
        errors.add("weight_unit", _("Choose g or tola."))
    data["weight_unit"] = unit
    for field, weight in (("gross_weight_g", gross), ("net_metal_weight_g", net)):
        if weight is not None and not Decimal(0) < weight <= MAX_METAL_WEIGHT_G:
            errors.add(field, _("Enter a weight in grams between 0 and %(max)s.") % {"max": MAX_METAL_WEIGHT_G})
    if gross is not None and net is not None and net > gross:
        errors.add("net_metal_weight_g", _("The net metal weight (%(net)s g) cannot exceed the gross weight "
                                           "(%(gross)s g).") % {"net": net, "gross": gross})
    data["gross_weight_g"], data["net_metal_weight_g"] = gross, net

    making = to_decimal(data.get("making_charge_value") or "0", field="making_charge_value", errors=errors,
                        places=3)
    if making is not None and making < 0:
        errors.add("making_charge_value", _("The making charge cannot be negative."))
    data["making_charge_value"] = making
    data["stone_weight_ct"] = to_decimal(data.get("stone_weight_ct"), field="stone_weight_ct", errors=errors,
                                         places=3, required=False)
    # Pricing terms of a metal-linked piece (pricing/engine.py); blank means 0.
    for field, places, high in (("wastage_percent", 2, Decimal(100)), ("stone_value", 3, None),
                                ("margin_percent", 2, MAX_MARGIN_PERCENT)):
        value = to_decimal(data.get(field) if data.get(field) not in (None, "") else "0", field=field,
                           errors=errors, places=places)
        if value is not None and value < 0:
            errors.add(field, _("This cannot be negative."))
        elif value is not None and high is not None and value > high:
            errors.add(field, _("Enter a percentage from 0 to %(max)s.") % {"max": high})
        elif value is not None and value > MAX_STONE_VALUE:
            errors.add(field, _("Enter at most %(max)s.") % {"max": MAX_STONE_VALUE})
        data[field] = value
    errors.raise_if_any()
    return data


def origin_errors(*, spec: dict, origin_country: str, origin_locality: str) -> dict[str, list[str]]:
    """A synthetic has a maker and a process, not a place (CIBJO); nor has glass or plastic."""
    if not (origin_country or origin_locality):
        return {}
    species = vocab.SPECIES_BY_CODE.get(spec.get("species") or "")
    if spec.get("nature") == vocab.SYNTHETIC:
        message = _("A synthetic stone has no geographic origin: leave the origin empty and name its maker or "
                    "process in the description.")
    elif spec.get("nature") == vocab.IMITATION and species is not None and species.kind == vocab.MATERIAL:
        message = _("An imitation made of %(material)s has no geographic origin: leave the origin empty.") % {
            "material": species.label}
    else:
        return {}
    return {field: [message] for field, value in (("origin_country", origin_country),
                                                  ("origin_locality", origin_locality)) if value}


def origin_is_plausible(*, spec: dict, origin_locality: str) -> bool:
    """Whether the locality is known for this stone (its variety, else its species).

    An unusual claim — a ruby from Mingora, a pink topaz from Swat — is still listed, but held
    for the council's review instead of being accepted silently. A country alone is not checked.
    """
    place = vocab.LOCALITIES_BY_CODE.get(origin_locality or "")
    if place is None or spec.get("nature") != vocab.NATURAL:
        return True
    variety = spec.get("variety") or ""
    return bool({variety, VARIETY_FAMILY.get(variety), spec.get("species")} & set(place.known_for))


def origin_review(spec: dict | None, origin_locality: str, *, accepted_claim: tuple | None = None) -> str:
    """Held when the locality is not known for the stone. An unusual origin the council accepted
    — `accepted_claim` is the (locality, species, variety) it accepted — stays accepted while the
    claim is the same; any change to it is held again."""
    if spec is None or origin_is_plausible(spec=spec, origin_locality=origin_locality):
        return Listing.OriginReview.NONE
    if accepted_claim == (origin_locality, spec.get("species"), spec.get("variety")):
        return Listing.OriginReview.ACCEPTED
    return Listing.OriginReview.HELD


# A phenomenal stone is found where its plain variety is (a star ruby where rubies are).
VARIETY_FAMILY = {"star_ruby": "ruby", "star_sapphire": "blue_sapphire"}


def clean_listing(raw: dict) -> dict:
    """Validate the fields common to every listing (keys as on Listing)."""
    data = dict(raw)
    errors = Errors()
    if data.get("kind") not in Listing.Kind.values:
        errors.add("kind", _("Choose one of: %(allowed)s.") % {"allowed": ", ".join(Listing.Kind.values)})
    if data.get("price_mode", Listing.PriceMode.FIXED) not in Listing.PriceMode.values:
        errors.add("price_mode", _("Choose fixed or metal_linked."))
    elif data.get("price_mode") == Listing.PriceMode.METAL_LINKED and data.get("kind") != Listing.Kind.JEWELRY:
        errors.add("price_mode", _("Only jewelry can be priced from the metal rate."))

    sku = (data.get("sku") or "").strip()
    if not sku:
        errors.add("sku", _("This field is required."))
    elif len(sku) > 64:
        errors.add("sku", _("Use at most 64 characters."))
    elif any(unicodedata.category(char) == "Cc" for char in sku):
        errors.add("sku", _("A SKU cannot hold control characters (tabs, line breaks)."))
    elif sku_reserved(sku):
        errors.add("sku", _("“bulk-upsert” and SKUs ending in “/archive” are reserved by the seller API: "
                            "choose another SKU."))
    data["sku"] = sku
    title = (data.get("title") or "").strip()
    if not title:
        errors.add("title", _("This field is required."))
    elif len(title) > 200:
        errors.add("title", _("Use at most 200 characters."))
    data["title"] = title

    currency = (data.get("currency") or "").upper()
    data["currency"] = currency
    try:
        data["price"] = validate_amount(data.get("price"), currency)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                errors.add(field, message)

    for field, minimum in (("quantity", 0), ("moq", 1)):
        value = data.get(field, 1)
        try:
            data[field] = int(value)
            if data[field] < minimum:
                raise ValueError
        except (TypeError, ValueError):
            errors.add(field, _("Enter a whole number of at least %(min)d.") % {"min": minimum})

    locality = data.get("origin_locality") or ""
    data["origin_locality"] = locality
    country = (data.get("origin_country") or "").upper()
    if locality:
        place = vocab.LOCALITIES_BY_CODE.get(locality)
        if place is None:
            errors.add("origin_locality", _("“%(value)s” is not a known locality.") % {"value": locality})
        elif country and country != place.country:
            errors.add("origin_locality", _("%(place)s is not in %(country)s.")
                       % {"place": place.label, "country": country})
        else:
            country = place.country
    if country and country not in dict(countries):
        errors.add("origin_country", _("“%(value)s” is not an ISO 3166 country code.") % {"value": country})
    data["origin_country"] = country

    hs_code = (data.get("hs_code") or "").strip()
    if hs_code and not all(part.isdigit() for part in hs_code.split(".")):
        errors.add("hs_code", _("An HS code has digits and dots only, e.g. 7103.91."))
    data["hs_code"] = hs_code
    errors.raise_if_any()
    return data
