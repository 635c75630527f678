"""The demo marketplace as a deterministic stream of listings: which firm sells what, and when.

Everything comes from one `random.Random(seed)`, drawn in a fixed order from tuples (never from
sets or unordered dicts), so the same seed yields the same listings on every machine and database.
Dates are offsets from a fixed base moment, not from "now".
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from gembazaar.catalogue.models import Listing
from gembazaar.sellers.models import Seller

from .businesses import SELLERS, DemoSeller
from .constants import DEMO_BASE_DATETIME, PUBLISHED_WITHIN_DAYS
from .drafts import ListingDraft, WeightedChoice
from .gem_maker import GemMaker
from .gem_profiles import GemProfile
from .gem_profiles_world import ALL_PROFILES
from .jewelry_maker import JewelryMaker
from .reports import ReportNumbers

GEM_SHARE = 0.65  # of all listings: loose stones and parcels; the rest is jewelry
FOCUS_SHARE = 0.6  # a firm's specialities make up this share of its stones; the general market the rest
FEATURED_SHARE = 0.03
# Status of a verified firm's listing; a firm still being verified can only hold drafts.
STATUSES = WeightedChoice(((Listing.Status.ACTIVE, 900), (Listing.Status.SOLD, 40),
                           (Listing.Status.ARCHIVED, 20), (Listing.Status.DRAFT, 30),
                           (Listing.Status.RESERVED, 10)))


@dataclass
class PlannedListing:
    seller_slug: str
    draft: ListingDraft
    status: str
    published_at: dt.datetime | None
    is_featured: bool


def stock_weights(seller: DemoSeller) -> list[tuple[GemProfile, float]]:
    """How likely each kind of stone is in this firm's stock: its specialities first, then the market."""
    focus = sum(p.weight for p in ALL_PROFILES if p.key in seller.gem_focus)
    if not focus:
        return [(p, float(p.weight)) for p in ALL_PROFILES]
    rest = sum(p.weight for p in ALL_PROFILES) - focus
    boost = FOCUS_SHARE / (1 - FOCUS_SHARE) * rest / focus
    return [(p, p.weight * (boost if p.key in seller.gem_focus else 1.0)) for p in ALL_PROFILES]


class MarketplaceGenerator:
    def __init__(self, seed: int, sellers: tuple[DemoSeller, ...] = SELLERS) -> None:
        self.rng = random.Random(seed)
        self.sellers = sellers
        self.gems = GemMaker(self.rng, ReportNumbers())
        self.jewelry = JewelryMaker(self.rng)
        self.gem_sellers = WeightedChoice((s, s.weight * s.gem_share) for s in sellers if s.gem_share > 0)
        self.jewelry_sellers = WeightedChoice((s, s.weight * (1 - s.gem_share)) for s in sellers if s.gem_share < 1)
        self.stock_of = {s.slug: WeightedChoice(stock_weights(s)) for s in sellers}
        self.metals_of = {s.slug: WeightedChoice(tuple(s.metals.items())) for s in sellers}

    def listings(self, count: int) -> Iterator[PlannedListing]:
        for _ in range(count):
            yield self.next_listing()

    def next_listing(self) -> PlannedListing:
        rng = self.rng
        if rng.random() < GEM_SHARE:
            seller = self.gem_sellers.pick(rng)
            draft = self.gems.make(self.stock_of[seller.slug].pick(rng))
        else:
            seller = self.jewelry_sellers.pick(rng)
            draft = self.jewelry.make(metal=self.metals_of[seller.slug].pick(rng), city=seller.city)

        status = STATUSES.pick(rng) if seller.status == Seller.Status.VERIFIED else Listing.Status.DRAFT
        published_at = None
        if status != Listing.Status.DRAFT:
            published_at = DEMO_BASE_DATETIME - dt.timedelta(seconds=rng.randrange(PUBLISHED_WITHIN_DAYS * 86_400))
        if status == Listing.Status.SOLD:
            draft.quantity = 0
        is_featured = status == Listing.Status.ACTIVE and rng.random() < FEATURED_SHARE
        return PlannedListing(seller.slug, draft, status, published_at, is_featured)
