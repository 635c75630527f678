"""API shapes of the catalogue: listing cards, listing detail, filters and vocabularies.

Money and measures are decimal strings ("1250.00", "1.250"), never JSON numbers, so no client
turns them into floats. Coded values are codes in the compact card and {code, label} in the
detail; labels follow the request's language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.conf import settings
from ninja import Field, Schema

from gembazaar.core.api import DecimalString, PageOut, PageQuery
from gembazaar.core.money import quantize
from gembazaar.sellers.returns import ReturnsTerms
from gembazaar.sellers.schemas import ReturnsPolicyOut, SellerBadgeOut, SellerSlug

from . import vocab
from .models import GemSpec, JewelrySpec, Listing, ListingImage
from .weights import grams_text, weight_label

# Database ids are signed 64-bit: a bigger number cannot name a listing, and would overflow.
ListingId = Annotated[int, Field(ge=1, le=2**63 - 1)]
SpeciesCode = Literal[tuple(vocab.SPECIES_BY_CODE)]


class TermOut(Schema):
    code: str
    label: str


def term(code: str, label: Any) -> dict | None:
    """A coded value with its label; None when the field is blank."""
    return {"code": code, "label": str(label) or code} if code else None


def choice(obj, field_name: str) -> dict | None:
    return term(getattr(obj, field_name), getattr(obj, f"get_{field_name}_display")())


def choice_resolver(field_name: str) -> staticmethod:
    """A ninja resolver giving a choice field as {code, label}: `resolve_shape = choice_resolver("shape")`."""
    return staticmethod(lambda obj: choice(obj, field_name))


# --- Filters ---------------------------------------------------------------------------------


class ListingQuery(PageQuery):
    kind: Listing.Kind | None = Field(None, description="gemstone, jewelry or lot.")
    seller: SellerSlug | None = Field(None, description="A seller's slug.")
    species: SpeciesCode | None = Field(None, description="A gem species code (see /vocabularies/species).")


# --- Pieces of a listing ---------------------------------------------------------------------


class ImageOut(Schema):
    image: str = Field(description="URL of the full-size picture.")
    thumbnail: str = Field(description="URL of the thumbnail (JPEG).")
    thumbnail_webp: str | None = Field(description="URL of the same thumbnail in WebP, smaller; null for a picture "
                                                   "stored before WebP thumbnails existed.")
    width: int
    height: int
    alt_text: str

    @staticmethod
    def resolve_image(obj: ListingImage) -> str:
        return obj.image.url

    @staticmethod
    def resolve_thumbnail(obj: ListingImage) -> str:
        return obj.thumbnail.url

    @staticmethod
    def resolve_thumbnail_webp(obj: ListingImage) -> str | None:
        return obj.thumbnail_webp.url if obj.thumbnail_webp else None


class DisclosureTreatmentOut(TermOut):
    must_disclose: bool
    care: str


class DisclosureOut(Schema):
    """What a buyer must be told about a stone wherever it is sold (catalogue/disclosure.py)."""

    name: str = Field(description="The full name with its qualifier: \"Synthetic ruby\", \"Imitation ruby (glass)\", "
                                  "\"Composite ruby (lead-glass filled)\", or \"Ruby\" for a natural stone.",
                      examples=["Synthetic ruby"])
    nature: TermOut
    imitates: TermOut | None = Field(description="For an imitation: the gem it imitates.")
    treatments: list[DisclosureTreatmentOut] = Field(description="AGTA codes with their names and care notes.")


class GemSummaryOut(Schema):
    name: str = Field(description="The disclosed name (qualifier included), in the reader's language.")
    species: str = Field(description="What the stone is (for an imitation: its material, e.g. glass).")
    variety: str
    imitates: str = Field(description="For an imitation: the variety or species it imitates; else empty.")
    nature: str
    carat: DecimalString
    shape: str
    treatments: list[str] = Field(description="AGTA codes; [\"N\"] means not enhanced.")

    @staticmethod
    def resolve_treatments(obj: GemSpec) -> list[str]:
        return obj.treatment_codes


GRAMS_HELP = ("Grams: 3 places, or every place an exact tola, masha or ratti weight needs (2 tola is "
              "\"23.3276076\").")
UNIT_HELP = "The unit the seller weighed in: g, or tola (tola, masha and ratti)."


class JewelrySummaryOut(Schema):
    jewelry_type: str
    metal: str
    karat: int | None
    fineness: int = Field(description="Parts per thousand (916 for 22K gold).")
    net_metal_weight_g: DecimalString = Field(description=GRAMS_HELP)
    weight_unit: str = Field(description=UNIT_HELP)

    @staticmethod
    def resolve_net_metal_weight_g(obj: JewelrySpec) -> str:
        return grams_text(obj.net_metal_weight_g)


class TreatmentOut(TermOut):
    description: str
    must_disclose: bool
    care: str


class GemSpecOut(Schema):
    name: str = Field(description="The disclosed name: the variety where there is one, else the species, with "
                                  "its qualifier (\"Synthetic ruby\", \"Imitation ruby (glass)\").")
    species: TermOut = Field(description="What the stone is (for an imitation: its material, e.g. glass).")
    variety: TermOut | None
    imitates: TermOut | None = Field(description="For an imitation: the gem it imitates.")
    nature: TermOut
    carat: DecimalString
    pieces: int
    length_mm: DecimalString | None
    width_mm: DecimalString | None
    depth_mm: DecimalString | None
    shape: TermOut
    cutting_style: TermOut | None
    colour: TermOut | None
    tone: int | None = Field(description="GIA tone, 0 (colourless) to 10 (black).")
    saturation: int | None = Field(description="GIA saturation, 1 to 6.")
    trade_colour: str
    clarity: TermOut | None
    diamond_colour: TermOut | None
    cut_grade: TermOut | None
    treatments: list[TreatmentOut]
    phenomena: list[TermOut]
    lab: TermOut | None
    certificate_number: str
    kp_certificate: str = Field(description="Kimberley Process certificate of a rough natural diamond; else empty.")
    size_confirmed: bool = Field(description="The seller confirmed a weight its measurements seem unable to hold.")

    resolve_species = choice_resolver("species")
    resolve_variety = choice_resolver("variety")
    resolve_imitates = choice_resolver("imitates")
    resolve_nature = choice_resolver("nature")
    resolve_shape = choice_resolver("shape")
    resolve_cutting_style = choice_resolver("cutting_style")
    resolve_colour = choice_resolver("colour")

    @staticmethod
    def resolve_clarity(obj: GemSpec) -> dict | None:
        # The scale depends on the species (diamond grades vs coloured-stone grades).
        return term(obj.clarity, obj.clarity_label)

    resolve_diamond_colour = choice_resolver("diamond_colour")
    resolve_cut_grade = choice_resolver("cut_grade")

    @staticmethod
    def resolve_treatments(obj: GemSpec) -> list[dict]:
        return [{"code": t.code, "label": str(t.label), "description": str(t.description),
                 "must_disclose": t.must_disclose, "care": str(t.care)} for t in obj.treatment_terms]

    @staticmethod
    def resolve_phenomena(obj: GemSpec) -> list[dict]:
        labels = vocab.by_code(vocab.PHENOMENA)
        return [term(code, labels[code].label) for code in obj.phenomenon_codes if code in labels]

    resolve_lab = choice_resolver("lab")


class JewelrySpecOut(Schema):
    jewelry_type: TermOut
    metal: TermOut
    metal_label: str = Field(examples=["22K Gold"])
    fineness: int = Field(description="Parts per thousand (916 for 22K gold).")
    karat: int | None
    gross_weight_g: DecimalString = Field(description=GRAMS_HELP)
    net_metal_weight_g: DecimalString = Field(description=GRAMS_HELP)
    weight_unit: str = Field(description=UNIT_HELP)
    gross_weight: str = Field(description="The gross weight as written for people: \"2 tola (23.33 g)\" when "
                                          "the seller weighed in tola, else \"5.200 g\".", examples=["5.200 g"])
    net_metal_weight: str = Field(description="The net metal weight as written for people.",
                                  examples=["2 tola (23.33 g)"])
    making_charge_mode: TermOut
    making_charge_value: DecimalString
    wastage_percent: DecimalString = Field(description="Extra metal weight charged, % of the net weight.")
    stone_value: DecimalString = Field(description="Value of the set stones, in the listing's currency.")
    margin_percent: DecimalString = Field(description="Seller margin in %.")
    stones: str
    stone_weight_ct: DecimalString | None
    size: str
    hallmark: str
    gender: TermOut

    resolve_jewelry_type = choice_resolver("jewelry_type")
    resolve_metal = choice_resolver("metal")
    resolve_making_charge_mode = choice_resolver("making_charge_mode")
    resolve_gender = choice_resolver("gender")

    @staticmethod
    def resolve_gross_weight_g(obj: JewelrySpec) -> str:
        return grams_text(obj.gross_weight_g)

    @staticmethod
    def resolve_net_metal_weight_g(obj: JewelrySpec) -> str:
        return grams_text(obj.net_metal_weight_g)

    @staticmethod
    def resolve_gross_weight(obj: JewelrySpec) -> str:
        return weight_label(obj.gross_weight_g, obj.weight_unit)

    @staticmethod
    def resolve_net_metal_weight(obj: JewelrySpec) -> str:
        return weight_label(obj.net_metal_weight_g, obj.weight_unit)


class LocalityOut(TermOut):
    region: str
    country: str


# --- Listings --------------------------------------------------------------------------------


class ListingBaseOut(Schema):
    id: int
    url: str = Field(description="Path of the listing's page on the site.")
    sku: str
    kind: str
    title: str = Field(description="The title as buyers see it: a synthetic, imitation or composite stone's title "
                                   "says so (\"Synthetic Ruby 2.05 ct\") even where the seller's did not.")
    seller_title: str = Field(description="The title exactly as the seller wrote it.")
    status: str = Field(description="active or reserved (only those are public).")
    price: DecimalString = Field(description="In `currency`, to its minor units (JPY has none).")
    currency: str = Field(examples=["USD"])
    reference_price: DecimalString = Field(description="The price in `reference_currency`, for comparing.")
    reference_currency: str = Field(examples=["USD"])
    seller: SellerBadgeOut
    image: ImageOut | None = Field(description="The first picture, or null.")

    @staticmethod
    def resolve_url(obj: Listing) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_title(obj: Listing) -> str:
        return obj.disclosed_title

    @staticmethod
    def resolve_seller_title(obj: Listing) -> str:
        return obj.title

    @staticmethod
    def resolve_price(obj: Listing) -> str:
        return str(quantize(obj.price, obj.currency))

    @staticmethod
    def resolve_reference_price(obj: Listing) -> str:
        return str(quantize(obj.reference_price, settings.REFERENCE_CURRENCY))

    @staticmethod
    def resolve_reference_currency(obj: Listing) -> str:
        return settings.REFERENCE_CURRENCY

    @staticmethod
    def resolve_image(obj: Listing) -> ListingImage | None:
        return obj.primary_image


def _gem_of(listing: Listing) -> GemSpec | None:
    # Reading a missing one-to-one raises; `spec` knows which side the kind has.
    return listing.spec if listing.kind != Listing.Kind.JEWELRY else None


def _jewelry_of(listing: Listing) -> JewelrySpec | None:
    return listing.spec if listing.kind == Listing.Kind.JEWELRY else None


class ListingCardOut(ListingBaseOut):
    gem: GemSummaryOut | None = Field(description="Set for gemstones and lots.")
    jewelry: JewelrySummaryOut | None = Field(description="Set for jewelry.")

    @staticmethod
    def resolve_gem(obj: Listing) -> GemSpec | None:
        return _gem_of(obj)

    @staticmethod
    def resolve_jewelry(obj: Listing) -> JewelrySpec | None:
        return _jewelry_of(obj)


class ListingPageOut(PageOut):
    items: list[ListingCardOut]


class ListingDetailOut(ListingBaseOut):
    description: str = Field(description="Sanitised HTML.")
    quantity: int
    moq: int = Field(description="Minimum order quantity.")
    price_mode: str = Field(description="fixed, or metal_linked (priced from the day's metal rate).")
    hs_code: str
    origin_country: str | None = Field(description="ISO 3166-1 alpha-2 code.")
    origin_review: str = Field(description="An origin is the seller's claim. \"held\": the place is not known for "
                                           "this stone and council staff are reviewing the claim; \"accepted\": "
                                           "staff accepted the unusual claim; \"\": nothing to review.")
    origin_locality: LocalityOut | None
    published_at: datetime | None
    images: list[ImageOut]
    gem: GemSpecOut | None = Field(description="Set for gemstones and lots.")
    jewelry: JewelrySpecOut | None = Field(description="Set for jewelry.")
    returns_policy: ReturnsPolicyOut = Field(description="The seller's returns terms (or the marketplace minimum).")

    @staticmethod
    def resolve_returns_policy(obj: Listing) -> ReturnsTerms:
        return obj.seller.returns_terms

    @staticmethod
    def resolve_origin_country(obj: Listing) -> str | None:
        return obj.origin_country.code or None

    @staticmethod
    def resolve_origin_locality(obj: Listing) -> dict | None:
        locality = vocab.LOCALITIES_BY_CODE.get(obj.origin_locality)
        if locality is None:
            return None
        return {**locality.as_dict(), "region": str(locality.region), "country": locality.country}

    @staticmethod
    def resolve_gem(obj: Listing) -> GemSpec | None:
        return _gem_of(obj)

    @staticmethod
    def resolve_jewelry(obj: Listing) -> JewelrySpec | None:
        return _jewelry_of(obj)


# --- Vocabularies ----------------------------------------------------------------------------


class VarietyOut(TermOut):
    clarity_type: str


class SpeciesOut(TermOut):
    kind: str = Field(description="mineral, rock (lapis lazuli), or material: what only imitations are made of "
                                  "(glass, plastic, cubic zirconia …).")
    clarity_type: str
    varieties: list[VarietyOut]


class TreatmentTermOut(TermOut):
    description: str
    must_disclose: bool


class VocabLocalityOut(LocalityOut):
    known_for: list[str] = Field(description="Variety or species codes the locality is known for.")


class MetalOut(TermOut):
    finenesses: list[int]


class KaratOut(Schema):
    karat: int
    fineness: int = Field(description="The standard fineness of the karat (24K: 999).")
    finenesses: list[int] = Field(description="Every fineness accepted for the karat (24K: 999 and 995).")


class VocabulariesOut(Schema):
    """Every controlled vocabulary; codes are what the API accepts and returns."""

    natures: list[TermOut]
    species: list[SpeciesOut]
    shapes: list[TermOut]
    cutting_styles: list[TermOut]
    colours: list[TermOut]
    phenomena: list[TermOut]
    treatments: list[TreatmentTermOut]
    clarity_types: list[TermOut]
    coloured_clarity: list[TermOut]
    diamond_clarity: list[TermOut]
    diamond_colours: list[TermOut]
    labs: list[TermOut]
    localities: list[VocabLocalityOut]
    metals: list[MetalOut]
    karats: list[KaratOut]
    jewelry_types: list[TermOut]
    making_charge_modes: list[TermOut]


class VocabularyOut(Schema):
    name: str = Field(examples=["treatments"])
    items: list[dict[str, Any]] = Field(description="The terms; their shape is the one in /vocabularies.")
