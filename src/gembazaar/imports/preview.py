"""The preview of an import: its first rows kept on the job as codes, and named for the reader.

`ImportJob.sample` keeps the first rows of the file (services/checking.py, SAMPLE_ROWS) as codes
and decimal strings, never labels: the page names them in the language of whoever reads it, as an
order names its snapshot. A clean row holds what will be written; a row with problems holds its
cells as typed (over the listing's current values in update mode) and its problems, each with
the column at fault, so the page can write each problem next to the value concerned.

One row of the sample:
    {"row": 3, "sku", "title", "kind": "gemstone" | "lot" | "jewelry",
     gems:    "species", "variety", "nature", "imitates", "carat": "1.250", "pieces": "1",
              "treatments": ["H", "F"], "lab", "certificate_number",
     jewelry: "jewelry_type", "metal", "karat": "22", "fineness": "916",
              "gross_weight_g": "5.200", "net_metal_weight_g": "4.800", "weight_unit": "g",
     "origin_country": "PK", "origin_locality", "price": "1250.00", "currency": "USD",
     "problems": [{"column": "carat", "reason": "Enter a number."}]}
A blank value is null (a blank SKU or title is ""). Jobs checked before this shape hold only row, sku, title, price and
currency: every other value reads as missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from django.utils.translation import get_language
from django_countries import countries

from gembazaar.catalogue import vocab
from gembazaar.catalogue.disclosure import stone_name
from gembazaar.catalogue.models import Listing
from gembazaar.catalogue.weights import GRAM, grams_text, weight_label
from gembazaar.core.money import babel_locale, format_money

from .columns import GEM
from .rows import JEWELRY_KIND, CleanRow, RowError

GEM_KEYS = ("species", "variety", "nature", "imitates", "carat", "pieces", "lab", "certificate_number")
JEWELRY_KEYS = ("jewelry_type", "metal", "karat", "fineness", "gross_weight_g", "net_metal_weight_g",
                "weight_unit")
LISTING_KEYS = ("sku", "title", "origin_country", "origin_locality", "currency")
_CARAT = Decimal("0.001")


# --- Building the sample (at check time) --------------------------------------------------------


def _text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _treatment_codes(value: str | None) -> list[str]:
    """AGTA codes as a list, split as validation splits them ("H, F" and "H F" are H and F)."""
    return [code.strip().upper() for code in (value or "").replace(" ", ",").split(",") if code.strip()]


def sample_of_clean_row(row: CleanRow) -> dict:
    """A row that passed every check, as it will be written."""
    listing, spec = row.listing, row.spec
    sample = {"row": row.row, "kind": listing["kind"], **{key: _text(listing.get(key)) for key in LISTING_KEYS},
              "price": _text(row.price.get("price"))}
    if listing["kind"] == JEWELRY_KIND:
        sample.update({key: _text(spec.get(key)) for key in JEWELRY_KEYS})
        for key in ("gross_weight_g", "net_metal_weight_g"):
            if isinstance(spec.get(key), Decimal):
                sample[key] = grams_text(spec[key])
    else:
        sample.update({key: _text(spec.get(key)) for key in GEM_KEYS})
        if isinstance(spec.get("carat"), Decimal):
            sample["carat"] = format(spec["carat"].quantize(_CARAT), "f")  # as stored: 3 places
        sample["treatments"] = _treatment_codes(spec.get("treatments"))
    sample["problems"] = []
    return sample


def sample_of_row_with_problems(*, number: int, kind: str, values: dict[str, str],
                                problems: list[RowError]) -> dict:
    """A row that failed a check: its cells as typed (RowChecker.typed_values), and why it failed."""
    if kind == GEM:
        listing_kind = values.get("kind") or Listing.Kind.GEMSTONE.value
        keys = GEM_KEYS
    else:
        listing_kind, keys = JEWELRY_KIND, JEWELRY_KEYS
    sample = {"row": number, "kind": listing_kind,
              **{key: _text(values.get(key)) for key in (*LISTING_KEYS, "price", *keys)},
              "sku": values.get("sku") or "", "title": values.get("title") or ""}
    if kind == GEM:
        sample["treatments"] = _treatment_codes(values.get("treatments"))
    sample["problems"] = [{"column": problem.column, "reason": str(problem.reason)} for problem in problems]
    return sample


# --- Reading it (at render time, in the reader's language) -------------------------------------

# Which cell of the preview shows each spreadsheet column's problems; the others go to "other".
GEM_CELLS = {
    "sku": "sku", "title": "title", "description": "title",
    "kind": "stone", "species": "stone", "variety": "stone", "imitates": "stone",
    "nature": "nature", "carat": "carat", "pieces": "carat", "treatments": "treatments",
    "origin_country": "origin", "origin_locality": "origin", "lab": "lab", "certificate_number": "lab",
    "price": "price", "currency": "price",
}
JEWELRY_CELLS = {
    "sku": "sku", "title": "title", "description": "title", "jewelry_type": "piece", "metal": "metal",
    "karat": "purity", "fineness": "purity",
    "gross_weight_g": "gross", "weight_unit": "gross", "net_metal_weight_g": "net",
    "price": "price", "currency": "price", "price_mode": "price",
}


@dataclass(frozen=True)
class Problem:
    id: str  # the element id, for aria-describedby
    column: str
    reason: str


@dataclass(frozen=True)
class Named:
    """A coded value with its label; `warn` when a buyer must be told (not natural, treated)."""

    code: str
    label: str
    warn: bool = False


@dataclass
class PreviewRow:
    row: int | None
    sku: str
    title: str
    problems: dict[str, list[Problem]] = field(default_factory=dict)  # by preview cell
    problem_ids: str = ""  # every problem of the row, for the row header's aria-describedby
    price: str = ""
    # gems
    name: str = ""
    species: str = ""  # the species' label, when the name is a variety's
    is_lot: bool = False
    nature: Named | None = None
    carat: str = ""
    pieces: int | None = None  # shown when more than one
    pieces_typed: str = ""  # a count that is not a whole number, as typed
    treatments: list[Named] = field(default_factory=list)
    locality: str = ""
    country: str = ""
    lab: str = ""
    report: str = ""
    # jewelry
    piece: str = ""
    metal: str = ""
    karat: str = ""
    fineness: str = ""
    gross_weight: str = ""
    net_weight: str = ""


@dataclass
class Preview:
    kind: str  # the job's kind: which columns the table has
    rows: list[PreviewRow]

    @property
    def row_numbers(self) -> set[int]:
        return {row.row for row in self.rows if row.row is not None}

    @property
    def has_problems(self) -> bool:
        return any(row.problems for row in self.rows)

    @property
    def has_other_problems(self) -> bool:
        """Whether some problem has no cell of its own (shape, quantity …): the table then has a column for them."""
        return any("other" in row.problems for row in self.rows)


def _language() -> str:
    return get_language() or "en"


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except (InvalidOperation, ValueError):
        return None


def _measure(text: str | None) -> str:
    """Carats and grams in the reader's digits and grouping ("1.25"), or the cell as typed."""
    value = _decimal(text)
    if value is None:
        return text or ""
    try:
        return format_decimal(value, format="#,##0.00#", locale=babel_locale(_language()))
    except (ValueError, LookupError):
        return format_decimal(value, format="#,##0.00#", locale="en")


def _grams(text: str | None, unit: str) -> str:
    """"4.800 g", or "2 tola (23.33 g)" where the seller weighed in tola or reads in Urdu (the
    Sarafa's unit); a weight that is not a number in grams, as typed."""
    value = _decimal(text)
    if value is None:
        return text or ""
    return weight_label(value, unit, in_tola=_language().startswith("ur"))


def _price(amount: str | None, currency: str | None, *, as_typed: bool = False) -> str:
    """The price in the reader's format; as typed when it or its currency has a problem."""
    value = _decimal(amount)
    if as_typed or value is None or not currency:
        return " ".join(part for part in (amount, currency) if part)
    try:
        return format_money(value, currency, _language())
    except (ValueError, LookupError, ArithmeticError):  # a currency Babel does not know, as typed
        return f"{amount} {currency}"


def _label(terms: dict, code: str | None) -> str:
    term = terms.get(code or "")
    return str(term.label) if term else (code or "")


def _problems(item: dict, cells: dict[str, str]) -> dict[str, list[Problem]]:
    found: dict[str, list[Problem]] = {}
    for index, problem in enumerate(item.get("problems") or ()):
        column = problem.get("column") or ""
        cell = cells.get(column, "other")
        found.setdefault(cell, []).append(Problem(id=f"imp-p-{item.get('row')}-{index}", column=column,
                                                  reason=problem.get("reason") or ""))
    return found


def _gem(row: PreviewRow, item: dict) -> None:
    species, variety = item.get("species") or "", item.get("variety") or ""
    nature, imitates = item.get("nature") or "", item.get("imitates") or ""
    codes = item.get("treatments") or []
    if species or variety:
        row.name = stone_name(species=species, variety=variety, nature=nature or vocab.NATURAL, imitates=imitates,
                              treatments=",".join(codes))
        if variety and species and nature != vocab.IMITATION:
            row.species = _label(vocab.SPECIES_BY_CODE, species)
    row.is_lot = item.get("kind") == Listing.Kind.LOT.value
    if nature:
        row.nature = Named(nature, _label(vocab.by_code(vocab.NATURES), nature), warn=nature != vocab.NATURAL)
    row.carat = _measure(item.get("carat"))
    pieces = item.get("pieces") or ""
    if pieces.isdigit():
        row.pieces = int(pieces) if int(pieces) > 1 else None
    else:
        row.pieces_typed = pieces
    row.treatments = [
        Named(code, _label(vocab.TREATMENTS_BY_CODE, code),
              warn=code != vocab.NOT_ENHANCED)
        for code in codes
    ]
    row.lab = _label(vocab.by_code(vocab.LABS), item.get("lab"))
    row.report = item.get("certificate_number") or ""


def _jewelry(row: PreviewRow, item: dict) -> None:
    row.piece = _label(vocab.by_code(vocab.JEWELRY_TYPES), item.get("jewelry_type"))
    row.metal = _label(vocab.by_code(vocab.METALS), item.get("metal"))
    row.karat, row.fineness = item.get("karat") or "", item.get("fineness") or ""
    unit = item.get("weight_unit") or GRAM
    row.gross_weight = _grams(item.get("gross_weight_g"), unit)
    row.net_weight = _grams(item.get("net_metal_weight_g"), unit)


def import_preview(*, kind: str, sample: list[dict]) -> Preview:
    """The sample of a job as its page shows it: names and labels in the active language, each
    problem under the cell of its column. Missing values (older jobs) read as blank."""
    cells = GEM_CELLS if kind == GEM else JEWELRY_CELLS
    rows = []
    for item in sample:
        problems = _problems(item, cells)
        row = PreviewRow(row=item.get("row"), sku=item.get("sku") or "", title=item.get("title") or "",
                         problems=problems,
                         problem_ids=" ".join(p.id for found in problems.values() for p in found),
                         price=_price(item.get("price"), item.get("currency"), as_typed="price" in problems))
        locality = item.get("origin_locality") or ""
        row.locality = _label(vocab.LOCALITIES_BY_CODE, locality)
        place = vocab.LOCALITIES_BY_CODE.get(locality)
        country = item.get("origin_country") or (place.country if place else "")  # a locality sets the country
        row.country = str(countries.name(country) or country) if country else ""
        if kind == GEM:
            _gem(row, item)
        else:
            _jewelry(row, item)
        rows.append(row)
    return Preview(kind=kind, rows=rows)
