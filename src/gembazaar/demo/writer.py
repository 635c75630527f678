"""Bulk writes of planned demo listings: one transaction per batch, a few INSERTs per table.

`listing_create` would validate and insert one row at a time (far too slow for 100,000 rows), and
even `bulk_create` is too slow for the target (see core/bulk_sql.py), so the writer runs the same
validation functions itself: `clean_gem` / `clean_jewelry` on every spec
(their cleaned output is what is stored) and `clean_listing` on a sample (it is the slow one, and
demo listing fields follow few patterns). The database constraints back up the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import GemSpec, JewelrySpec, Listing, ListingImage, ListingPrice
from gembazaar.catalogue.search_text import listing_search_text
from gembazaar.catalogue.validation import clean_gem, clean_jewelry, clean_listing
from gembazaar.core import fx
from gembazaar.core.bulk_sql import TableWriter
from gembazaar.search.document import lexicon_add, lexicon_words_of_many
from gembazaar.sellers.models import Seller

from .businesses import SELLERS_BY_SLUG
from .generator import PlannedListing
from .picture_tools import SIDE as PICTURE_SIDE
from .pictures import picture_path, thumbnail_path, thumbnail_webp_path

LISTING_SAMPLE_EVERY = 97  # clean_listing on about 1 % of rows (and on the first of every batch)
VIEW_NAMES = {"face": "face-up view", "side": "side view", "paper": "parcel on dealer's paper",
              "velvet": "on velvet", "light": "on a light background"}


@dataclass
class WriteTotals:
    listings: int = 0
    gems: int = 0
    lots: int = 0
    jewelry: int = 0
    images: int = 0


def next_sku_numbers(sellers: Sequence[Seller]) -> dict[int, int]:
    """The next free demo SKU number per seller, so a second run adds listings instead of colliding."""
    numbers = {seller.pk: 1 for seller in sellers}
    rows = (Listing.objects.filter(seller__in=list(sellers), sku__regex=r"^[A-Z]{3}-[0-9]{6}$")
            .values("seller_id").annotate(top=Max("sku")))
    for row in rows:
        numbers[row["seller_id"]] = int(row["top"][4:]) + 1
    return numbers


def _listing_fields(planned: PlannedListing) -> dict:
    draft = planned.draft
    return {"kind": draft.kind, "title": draft.title, "price": draft.price, "currency": draft.currency,
            "quantity": draft.quantity, "moq": 1, "price_mode": draft.price_mode,
            "origin_country": draft.origin_country, "origin_locality": draft.origin_locality}


def _hs_code(draft, spec: dict) -> str:
    return vocab.suggest_hs_code_for_spec(draft.kind, spec)


class BatchWriter:
    """Writes batches of planned listings; one writer per run (it keeps the SKU counters)."""

    def __init__(self, *, sellers: Sequence[Seller], with_pictures: bool) -> None:
        self.sellers_by_slug = {seller.slug: seller for seller in sellers}
        self.sku_numbers = next_sku_numbers(sellers)
        self.with_pictures = with_pictures
        self.totals = WriteTotals()
        self.listings = TableWriter(Listing)
        self.prices = TableWriter(ListingPrice)  # a listing's price lives in its own table (catalogue 0006)
        self.gem_specs = TableWriter(GemSpec)
        self.jewelry_specs = TableWriter(JewelrySpec)
        self.images = TableWriter(ListingImage)
        self.lexicon: set[str] = set()  # words already recorded by this run

    def write(self, batch: Sequence[PlannedListing]) -> None:
        """Validate and insert one batch of listings with their specs and pictures, all or nothing."""
        rows, specs = [], []
        for offset, planned in enumerate(batch):
            draft = planned.draft
            seller = self.sellers_by_slug[planned.seller_slug]
            spec = clean_jewelry(draft.spec) if draft.kind == Listing.Kind.JEWELRY else clean_gem(draft.spec)
            fields = _listing_fields(planned)
            if offset == 0 or (self.totals.listings + offset) % LISTING_SAMPLE_EVERY == 0:
                clean_listing({**fields, "sku": "SAMPLE"})  # raises ValidationError on a bad row
            sku = f"{SELLERS_BY_SLUG[seller.slug].sku_prefix}-{self.sku_numbers[seller.pk]:06d}"
            is_jewelry = draft.kind == Listing.Kind.JEWELRY
            search_text = listing_search_text(
                title=draft.title, description=draft.description, kind=draft.kind,
                origin_country=draft.origin_country, origin_locality=draft.origin_locality,
                gem=None if is_jewelry else spec, jewelry=spec if is_jewelry else None,
                seller_name=seller.trade_name, seller_city=seller.city, seller_market=seller.market)
            self.sku_numbers[seller.pk] += 1
            rows.append({
                **fields, "seller_id": seller.pk, "sku": sku,
                "slug": slugify(draft.title, allow_unicode=True)[:120] or "item",
                "description": draft.description, "status": planned.status, "is_featured": planned.is_featured,
                "published_at": planned.published_at, "hs_code": _hs_code(draft, spec),
                "reference_price": fx.to_reference(draft.price, draft.currency), "search_text": search_text,
            })
            specs.append(spec)

        with transaction.atomic():
            # Rows come back with their natural key, so nothing depends on the order RETURNING uses.
            ids = {(seller_id, sku): pk for pk, seller_id, sku in
                   self.listings.insert(rows, returning=("id", "seller_id", "sku"))}
            gem_rows, jewelry_rows, image_rows, price_rows = [], [], [], []
            for row, spec, planned in zip(rows, specs, batch, strict=True):
                listing_id = ids[(row["seller_id"], row["sku"])]
                price_rows.append({"listing_id": listing_id, "price": row["price"],
                                   "reference_price": row["reference_price"]})
                target = jewelry_rows if row["kind"] == Listing.Kind.JEWELRY else gem_rows
                target.append({**spec, "listing_id": listing_id})
                if self.with_pictures:
                    image_rows.extend(_images_for(listing_id, planned))
            self.prices.insert(price_rows)
            self.gem_specs.insert(gem_rows)
            self.jewelry_specs.insert(jewelry_rows)
            self.images.insert(image_rows)
            words = lexicon_words_of_many(row["search_text"] for row in rows)
            if words - self.lexicon:
                lexicon_add(words - self.lexicon)
                self.lexicon |= words

        totals = self.totals
        totals.listings += len(rows)
        totals.jewelry += len(jewelry_rows)
        totals.lots += sum(1 for row in rows if row["kind"] == Listing.Kind.LOT)
        totals.gems += len(gem_rows)
        totals.images += len(image_rows)


def _images_for(listing_id: int, planned: PlannedListing) -> list[dict]:
    draft = planned.draft
    return [
        {"listing_id": listing_id, "image": picture_path(name), "thumbnail": thumbnail_path(name),
         "thumbnail_webp": thumbnail_webp_path(name),
         "width": PICTURE_SIDE, "height": PICTURE_SIDE, "position": position,
         "alt_text": f"Illustration: {draft.picture_subject}, {VIEW_NAMES[name.rsplit('-', 1)[1]]}"[:200]}
        for position, name in enumerate(draft.pictures)
    ]
