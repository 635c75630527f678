"""Checking every row of an import with the catalogue's own rules (catalogue/validation.py).

Each row becomes the inputs of `clean_listing` and `clean_gem` / `clean_jewelry` (columns are
named after those functions' input keys), then is checked against the columns' sizes, so
nothing can fail in the database later. Errors come back as (row, column, reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import GemSpec, JewelrySpec, Listing, ListingPrice

# the pricing app's price for metal-linked jewelry, as listing_create applies it
from gembazaar.catalogue.pricing_hook import metal_linked_price
from gembazaar.catalogue.search_text import listing_search_text
from gembazaar.catalogue.services import sanitize_description
from gembazaar.catalogue.validation import (
    clean_gem,
    clean_jewelry,
    clean_listing,
    origin_errors,
    origin_review,
    to_decimal,
)
from gembazaar.core import fx
from gembazaar.core.errors import DomainError
from gembazaar.sellers.models import Seller

from .columns import GEM, Column, columns_for, header_key

# Plain strings: comparing against the TextChoices members goes through enum descriptors on every row.
GEMSTONE, LOT, JEWELRY_KIND = (Listing.Kind.GEMSTONE.value, Listing.Kind.LOT.value, Listing.Kind.JEWELRY.value)
FIXED = Listing.PriceMode.FIXED.value
CREATE = "create"
UPDATE = "update_by_sku"
LISTING_INPUTS = ("kind", "sku", "title", "price", "currency", "quantity", "moq", "price_mode",
                  "origin_country", "origin_locality", "hs_code")
# A known-good listing, to check an origin pair alone with clean_listing (see _origin).
_ORIGIN_PROBE = {"kind": "gemstone", "sku": "X", "title": "X", "price": "1", "currency": "USD", "quantity": 1,
                 "moq": 1, "price_mode": "fixed"}


@dataclass
class RowError:
    row: int | None
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": str(self.reason)}


@dataclass
class CleanRow:
    row: int
    listing: dict  # Listing attnames → values, ready to insert or update
    spec: dict  # GemSpec / JewelrySpec attnames → values
    price: dict = field(default_factory=dict)  # ListingPrice attnames → values (price, reference_price)
    listing_id: int | None = None  # update mode: the seller's listing with this SKU
    images: list[bytes] = field(default_factory=list)


@dataclass
class Existing:
    listing_id: int
    kind: str
    values: dict  # listing and spec inputs as text, to fill blank cells in update mode
    accepted_origin: tuple | None = None  # (locality, species, variety) the council accepted, if any


def header_errors(header: list[str], *, kind: str, mode: str) -> tuple[list[str], list[RowError]]:
    """The column key of every header cell, and errors for missing, unknown or repeated columns."""
    columns = {c.name: c for c in columns_for(kind)}
    keys = [header_key(h) for h in header]
    errors: list[RowError] = []
    unknown = [h for h, k in zip(header, keys, strict=True) if k and k not in columns]
    if unknown:
        errors.append(RowError(1, ", ".join(unknown), _("Unknown column(s): %(names)s. Use the columns of the "
                                                         "%(kind)s template.") % {"names": ", ".join(unknown),
                                                                                  "kind": kind}))
    repeated = sorted({k for k in keys if k and keys.count(k) > 1})
    if repeated:
        errors.append(RowError(1, ", ".join(repeated), _("Column(s) given twice: %(names)s.")
                               % {"names": ", ".join(repeated)}))
    required = ["sku"] if mode == UPDATE else [c.name for c in columns.values() if c.required]
    missing = [name for name in required if name not in keys]
    if missing:
        errors.append(RowError(1, ", ".join(missing), _("Missing required column(s): %(names)s.")
                               % {"names": ", ".join(missing)}))
    return keys, errors


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
        return format(value, "f")
    return str(value)


def existing_listings(*, seller: Seller, skus: list[str]) -> dict[str, Existing]:
    """The seller's listings with these SKUs, with their current values as text (update mode)."""
    found: dict[str, Existing] = {}
    for start in range(0, len(skus), 1000):
        chunk = skus[start:start + 1000]
        for listing in Listing.objects.filter(seller=seller, sku__in=chunk).select_related("gem", "jewelry"):
            values = {name: _text(getattr(listing, name)) for name in LISTING_INPUTS}
            values["description"] = listing.description
            spec = listing.spec
            if spec is not None:
                for f in spec._meta.concrete_fields:
                    if f.name != "listing":
                        values[f.attname] = _text(getattr(spec, f.attname))
            accepted = None
            if listing.origin_review == Listing.OriginReview.ACCEPTED and listing.kind != JEWELRY_KIND and spec:
                accepted = (listing.origin_locality, spec.species, spec.variety)
            found[listing.sku] = Existing(listing_id=listing.pk, kind=listing.kind, values=values,
                                          accepted_origin=accepted)
    return found


DECIMAL, INTEGER, TEXT, OTHER = range(4)
_PLANS: dict[tuple, dict[str, tuple]] = {}


def _plan(model: type[models.Model], skip: tuple[str, ...], check_choices: bool) -> dict[str, tuple]:
    """Per field: (attname, type, empty value or None if required, max_length, max_digits, decimal_places, choices)."""
    key = (model, skip, check_choices)
    if key not in _PLANS:
        plan = {}
        for f in model._meta.concrete_fields:
            if f.primary_key or f.name in skip:
                continue
            if isinstance(f, models.DecimalField):
                kind = DECIMAL
            elif isinstance(f, models.IntegerField):
                kind = INTEGER
            elif isinstance(f, models.CharField | models.TextField):
                kind = TEXT
            else:
                kind = OTHER
            if f.null:
                empty = (None,)
            elif f.has_default():
                empty = (f.get_default(),)
            elif kind == TEXT:
                empty = ("",)
            else:
                empty = None
            choices = {str(code) for code, _label in f.flatchoices} if check_choices and f.choices else None
            plan[f.attname] = (kind, empty, getattr(f, "max_length", None), getattr(f, "max_digits", None),
                               getattr(f, "decimal_places", None), choices)
        _PLANS[key] = plan
    return _PLANS[key]


def _fit_model(model: type[models.Model], data: dict, errors: dict[str, list[str]], *, skip=(),
               check_choices: bool = True) -> dict:
    """The model's fields from `data`, coerced and checked against column sizes and choices.

    Covers what the validation functions leave to the database (text lengths, digits, gender) and
    fields they do not know yet (new optional pricing fields of JewelrySpec)."""
    result = {}
    plan = _plan(model, tuple(skip), check_choices)
    for name, value in data.items():
        entry = plan.get(name)
        if entry is None:
            continue
        kind, empty, max_length, max_digits, places, choices = entry
        if value is None or value == "":
            if empty is None:
                errors.setdefault(name, []).append(_("This field is required."))
            else:
                result[name] = empty[0]
            continue
        if kind == DECIMAL:
            if not isinstance(value, Decimal):
                collector = _Collector()
                value = to_decimal(value, field=name, errors=collector, places=places)
                if collector.by_field:
                    errors.setdefault(name, []).extend(collector.by_field[name])
                    continue
            if value.adjusted() >= max_digits - places:
                errors.setdefault(name, []).append(_("The number is too large."))
                continue
            if value < 0:
                errors.setdefault(name, []).append(_("The number cannot be negative."))
                continue
        elif kind == INTEGER and not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                errors.setdefault(name, []).append(_("Enter a whole number."))
                continue
        elif kind == TEXT:
            value = str(value)
            if max_length and len(value) > max_length:
                errors.setdefault(name, []).append(_("Use at most %(max)d characters.") % {"max": max_length})
                continue
            if choices is not None and value not in choices:
                errors.setdefault(name, []).append(_("“%(value)s” is not a known value.") % {"value": value})
                continue
        result[name] = value
    return result


class _Collector:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, []).append(message)


class RowChecker:
    """Checks the rows of one file for one seller; remembers SKUs to catch duplicates in the file."""

    def __init__(self, *, seller: Seller, kind: str, mode: str, keys: list[str], existing: dict[str, Existing],
                 taken_skus: set[str], for_write: bool = True) -> None:
        self.seller = seller
        self.for_write = for_write  # False for a preview: skip what only the write needs (search text)
        self.kind = kind
        self.mode = mode
        self.keys = keys
        self.columns: dict[str, Column] = {c.name: c for c in columns_for(kind)}
        self.existing = existing
        self.taken_skus = taken_skus  # create mode: the seller's SKUs already in use
        self.seen: dict[str, int] = {}
        self.spec_model = GemSpec if kind == GEM else JewelrySpec
        self._origins: dict[tuple[str, str], tuple[str, str, dict]] = {}

    def _origin(self, country: str, locality: str) -> tuple[str, str, dict]:
        """clean_listing's verdict on an origin pair, memoised: its country lookup is most of its cost."""
        key = (country, locality)
        if key not in self._origins:
            try:
                data = clean_listing({**_ORIGIN_PROBE, "origin_country": country, "origin_locality": locality})
                self._origins[key] = (data["origin_country"], data["origin_locality"], {})
            except ValidationError as exc:
                self._origins[key] = (country, locality, exc.message_dict)
        return self._origins[key]

    def _cells(self, cells: list[str]) -> dict[str, str]:
        return {key: cells[i].strip() if i < len(cells) else "" for i, key in enumerate(self.keys)}

    def typed_values(self, cells: list[str]) -> dict[str, str]:
        """A row's cells by column as typed, over the listing's current values in update mode (a
        blank cell keeps the current value): what the preview shows of a row with problems."""
        raw = self._cells(cells)
        existing = self.existing.get(raw.get("sku", "")) if self.mode == UPDATE else None
        if existing is None:
            return raw
        return {**existing.values, **{k: v for k, v in raw.items() if v != ""}}

    def check(self, number: int, cells: list[str]) -> CleanRow | list[RowError]:
        if len(cells) > len(self.keys) and any(c.strip() for c in cells[len(self.keys):]):
            return [RowError(number, "", _("The row has %(count)d cells but the header has %(columns)d columns.")
                             % {"count": len(cells), "columns": len(self.keys)})]
        raw = self._cells(cells)
        errors: dict[str, list[str]] = {}
        sku = raw.get("sku", "")
        existing = None
        if sku:
            if sku in self.seen:
                errors["sku"] = [_("SKU %(sku)s is also on row %(row)d.") % {"sku": sku, "row": self.seen[sku]}]
            else:
                self.seen[sku] = number
            if self.mode == UPDATE:
                existing = self.existing.get(sku)
                if existing is None:
                    errors.setdefault("sku", []).append(_("Unknown SKU %(sku)s: none of your listings has it.")
                                                        % {"sku": sku})
                elif (existing.kind == JEWELRY_KIND) != (self.kind != GEM):
                    errors.setdefault("sku", []).append(_("SKU %(sku)s is a %(kind)s listing; use the other "
                                                          "template.") % {"sku": sku, "kind": existing.kind})
                    existing = None
            elif sku in self.taken_skus:
                errors.setdefault("sku", []).append(_("You already have a listing with SKU %(sku)s.") % {"sku": sku})
        if self.mode == UPDATE and existing is None:
            # nothing to merge the cells with: the SKU error alone says what is wrong
            errors.setdefault("sku", []) or errors["sku"].append(_("This field is required."))
            return [RowError(number, name, message) for name, messages in errors.items() for message in messages]
        if existing is not None and raw.get("kind") and raw["kind"] != existing.kind:
            errors.setdefault("kind", []).append(_("The kind of a listing cannot change (it is %(kind)s).")
                                                 % {"kind": existing.kind})
        if existing is not None:
            values = dict(existing.values)
            values.update({k: v for k, v in raw.items() if v != ""})
        else:
            values = {name: raw.get(name, "") for name in self.columns}
        return self._clean(number, values, errors, existing)

    def _clean(self, number: int, values: dict, errors: dict[str, list[str]],
               existing: Existing | None) -> CleanRow | list[RowError]:
        if self.kind == GEM:
            kind = values.get("kind") or GEMSTONE
            if kind not in (GEMSTONE, LOT):
                errors.setdefault("kind", []).append(_("Use gemstone or lot."))
        else:
            kind = JEWELRY_KIND
        listing_in = {name: values.get(name, "") for name in LISTING_INPUTS}
        listing_in.update(kind=kind, origin_country="", origin_locality="",
                          quantity=values.get("quantity") or "1", moq=values.get("moq") or "1",
                          price_mode=values.get("price_mode") or FIXED)
        listing_data = None
        try:
            listing_data = clean_listing(listing_in)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        country, locality, place_errors = self._origin(values.get("origin_country", "").upper(),
                                                       values.get("origin_locality", ""))
        for name, messages in place_errors.items():
            errors.setdefault(name, []).extend(messages)

        spec_in = {name: values.get(name, "") for name in values
                   if name in self.columns and self.columns[name].target == "spec"}
        if existing is not None:  # keep spec fields that are not columns (e.g. added later)
            spec_in = {**{k: v for k, v in existing.values.items() if k not in LISTING_INPUTS
                          and k != "description"}, **spec_in}
        spec_data = None
        try:
            spec_data = clean_gem(spec_in) if self.kind == GEM else clean_jewelry(spec_in)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)

        gem_spec = spec_data if self.kind == GEM else None
        if gem_spec is not None:
            for name, messages in origin_errors(spec=gem_spec, origin_country=country,
                                                origin_locality=locality).items():
                errors.setdefault(name, []).extend(messages)
        spec = _fit_model(self.spec_model, spec_data or {}, errors, skip=("listing",)) if spec_data else {}
        if (kind == GEMSTONE and spec_data and spec_data.get("pieces") == 1
                and listing_data and listing_data["quantity"] != 1):
            errors.setdefault("quantity", []).append(
                _("A single stone is unique: its quantity is 1. List parcels as a lot."))

        if kind == JEWELRY_KIND and listing_data is not None and spec_data is not None and not errors:
            engine_price = metal_linked_price(listing_data, spec_data)
            if engine_price is not None:
                listing_data["price"] = engine_price  # metal-linked: the day's rate decides
        description = values.get("description", "")
        if description:
            description = sanitize_description(description)
        listing: dict = {}
        price: dict = {}
        if listing_data is not None:
            listing_data.update(origin_country=country, origin_locality=locality, origin_review=origin_review(
                gem_spec, locality, accepted_claim=existing.accepted_origin if existing is not None else None))
            if not listing_data["hs_code"] and spec_data:
                listing_data["hs_code"] = vocab.suggest_hs_code_for_spec(kind, spec_data)
            listing = _fit_model(Listing, {**listing_data, "description": description}, errors,
                                 skip=("seller", "status", "slug", "search_text"), check_choices=False)
            # The price is not a Listing column but a row of its own table (catalogue 0006).
            price = _fit_model(ListingPrice, {"price": listing_data["price"]}, errors, skip=("reference_price",))
            if "price" not in errors:
                try:
                    price["reference_price"] = fx.to_reference(listing_data["price"], listing_data["currency"])
                except DomainError as exc:
                    errors.setdefault("currency", []).append(exc.message)
                except ArithmeticError:
                    errors.setdefault("price", []).append(_("The number is too large."))
        if errors:
            return [RowError(number, name, message) for name, messages in errors.items() for message in messages]

        if not self.for_write:
            return CleanRow(row=number, listing=listing, spec=spec, price=price)
        is_jewelry = kind == JEWELRY_KIND
        listing["slug"] = slugify(listing["title"], allow_unicode=True)[:120] or "item"
        listing["search_text"] = listing_search_text(
            title=listing["title"], description=description, kind=kind, origin_country=country,
            origin_locality=locality, gem=None if is_jewelry else spec_data, jewelry=spec_data if is_jewelry else None,
            seller_name=self.seller.trade_name, seller_city=self.seller.city, seller_market=self.seller.market)
        return CleanRow(row=number, listing=listing, spec=spec, price=price,
                        listing_id=existing.listing_id if existing is not None else None)
