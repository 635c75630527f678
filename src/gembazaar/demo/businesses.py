"""The demo seller businesses: member firms of the council in the real trade cities.

Gem dealers sit where the stones are traded (Peshawar's Namak Mandi, Gilgit, Mingora); gold
jewelers sit in the Sarafa bazaars of Lahore and Karachi and the big Punjab cities.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gembazaar.sellers.models import Seller

from .constants import DEMO_BASE_DATETIME

GEMS, JEWELRY = "gems", "jewelry"


@dataclass(frozen=True)
class DemoSeller:
    slug: str
    trade_name: str
    legal_name: str
    city: str
    market: str
    year_established: int
    membership_no: str
    about: str
    sku_prefix: str
    # Share of this firm's listings that are loose stones (the rest is jewelry).
    gem_share: float
    # Gem profile keys this firm is known for: drawn more often from this firm's stock.
    gem_focus: tuple[str, ...] = ()
    # Relative weights of the metals in this firm's jewelry.
    metals: dict[str, int] = field(default_factory=lambda: {"gold": 90, "silver": 8, "platinum": 2})
    status: str = Seller.Status.VERIFIED
    # Relative size of the firm's catalogue.
    weight: int = 10

    @property
    def verified_at(self) -> dt.datetime | None:
        if self.status != Seller.Status.VERIFIED:
            return None
        # Verified some days before the demo base date; spread by the membership number.
        return DEMO_BASE_DATETIME - dt.timedelta(days=120 + int(self.membership_no[-3:]) % 200)


_S = DemoSeller
SELLERS: tuple[DemoSeller, ...] = (
    _S("namak-mandi-gem-house", "Namak Mandi Gem House", "Namak Mandi Gem House (Pvt) Ltd", "Peshawar",
       "Namak Mandi", 1987, "GGC-PEW-0112",
       "Afghan and northern Pakistani material since 1987: lapis, kunzite, tourmaline and Panjshir emerald.",
       "NMG", 1.0, ("lapis-sar-e-sang", "kunzite-nuristan", "emerald-panjshir", "morganite-nuristan"), weight=16),
    _S("khyber-gems-minerals", "Khyber Gems & Minerals", "Khyber Gems & Minerals (Pvt) Ltd", "Peshawar",
       "Namak Mandi", 1994, "GGC-PEW-0187",
       "Rough and cut stones from Nuristan, Swat and Gilgit-Baltistan; parcels for cutters and jewelers.",
       "KGM", 1.0, ("tourmaline-green", "rubellite-nuristan", "aquamarine-nuristan", "emerald-swat"), weight=14),
    _S("shinwari-gemstones", "Shinwari Gemstones", "Shinwari & Sons", "Peshawar", "Namak Mandi", 2003,
       "GGC-PEW-0241", "Family dealers in Katlang topaz, peridot and Swat emerald, cut in our Peshawar workshop.",
       "SHG", 0.95, ("topaz-pink-katlang", "topaz-imperial-katlang", "peridot-sapat-gali"), weight=10),
    _S("ghundao-topaz-traders", "Ghundao Topaz Traders", "Ghundao Topaz Traders", "Peshawar",
       "Namak Mandi", 2011, "GGC-PEW-0316", "Pink and imperial topaz from Ghundao Hill, Katlang, rough and cut.",
       "GTT", 1.0, ("topaz-pink-katlang", "topaz-imperial-katlang"), weight=6),
    _S("hunza-ruby-traders", "Hunza Ruby Traders", "Hunza Ruby Traders (Pvt) Ltd", "Gilgit", "", 1998,
       "GGC-GLT-0058", "Rubies, spinels and pargasite from the marble of Hunza and Nagar, as crystals and cut.",
       "HRT", 1.0, ("ruby-hunza", "spinel-hunza", "pargasite-hunza"), weight=12),
    _S("karakoram-gems", "Karakoram Gems", "Karakoram Gems & Minerals", "Gilgit", "", 2006, "GGC-GLT-0093",
       "Aquamarine, sherry topaz, tourmaline and garnet from the Shigar valley and Haramosh.",
       "KKG", 1.0, ("aquamarine-shigar", "topaz-sherry-shigar", "garnet-spessartine", "tourmaline-green"),
       weight=12),
    _S("swat-emerald-house", "Swat Emerald House", "Swat Emerald House (Pvt) Ltd", "Mingora", "", 1979,
       "GGC-MNG-0021", "Emeralds from the Mingora (Fizagat) and Shamozai mines, oiled and unoiled, with reports.",
       "SEH", 1.0, ("emerald-swat",), weight=14),
    _S("fizagat-emerald-traders", "Fizagat Emerald Traders", "Fizagat Emerald Traders", "Mingora", "", 2009,
       "GGC-MNG-0044", "Calibrated Swat emerald melee and parcels for jewelers.",
       "FET", 1.0, ("emerald-swat",), weight=8),
    _S("pindi-gem-centre", "Pindi Gem Centre", "Pindi Gem Centre & Sons", "Rawalpindi", "Raja Bazaar", 1991,
       "GGC-RWP-0067", "Peridot from Sapat Gali, Chilas diopside and Kashmir ruby; silver rings set to order.",
       "PGC", 0.8, ("peridot-sapat-gali", "diopside-chilas", "ruby-kashmir"),
       {"gold": 30, "silver": 70}, weight=9),
    _S("kohistan-peridot-house", "Kohistan Peridot House", "Kohistan Peridot House", "Islamabad",
       "Jinnah Super Market", 2019, "GGC-ISB-0133", "Large clean peridot from Sapat Gali, Kaghan.",
       "KPH", 1.0, ("peridot-sapat-gali",), status=Seller.Status.UNDER_REVIEW, weight=4),
    _S("islamabad-gem-gallery", "Islamabad Gem Gallery", "Islamabad Gem Gallery (Pvt) Ltd", "Islamabad",
       "Jinnah Super Market", 2001, "GGC-ISB-0078", "Certified coloured stones and silver jewelry for collectors.",
       "IGG", 0.7, ("sapphire-blue-ceylon", "emerald-colombia", "tanzanite"), {"silver": 70, "gold": 30},
       weight=9),
    _S("quetta-lapis-traders", "Quetta Lapis Traders", "Quetta Lapis & Gem Traders", "Quetta", "Liaquat Bazaar",
       1996, "GGC-UET-0035", "Lapis lazuli from Sar-e-Sang by the piece, the strand and the kilo.",
       "QLT", 1.0, ("lapis-sar-e-sang", "ruby-jegdalek", "turquoise-iran"), weight=7),
    _S("anarkali-jewellers", "Anarkali Jewellers", "Anarkali Jewellers (Pvt) Ltd", "Lahore", "Anarkali Bazaar",
       1962, "GGC-LHR-0009", "Lahori 22K gold: bangles, jhumkas and bridal sets made in our Anarkali workshop.",
       "ANJ", 0.05, weight=16),
    _S("sarafa-lahore-gold-house", "Sarafa Gold House", "Mian Abdul Rasheed & Sons", "Lahore", "Sarafa Bazaar",
       1958, "GGC-LHR-0004", "Third-generation goldsmiths of the Lahore Sarafa: kundan, jadau and plain 21K.",
       "SGH", 0.0, weight=14),
    _S("saddar-gold-palace", "Saddar Gold Palace", "Saddar Gold Palace (Pvt) Ltd", "Karachi",
       "Sarafa Bazaar, Saddar", 1971, "GGC-KHI-0015", "Karachi 22K and 21K gold for weddings and everyday wear.",
       "SDP", 0.05, weight=14),
    _S("clifton-diamond-gold", "Clifton Diamond & Gold", "Clifton Diamond & Gold (Pvt) Ltd", "Karachi",
       "Zamzama", 2005, "GGC-KHI-0122", "Certified diamonds, 18K and platinum settings, and Pakistani coloured stones.",
       "CDG", 0.35, ("diamond-natural", "diamond-lab-grown", "ruby-hunza"),
       {"gold": 70, "platinum": 30}, weight=10),
    _S("tariq-road-jewellers", "Tariq Road Jewellers", "Tariq Road Jewellers & Co.", "Karachi", "Tariq Road",
       1989, "GGC-KHI-0071", "Light-weight 21K gold and silver for daily wear and gifts.",
       "TRJ", 0.0, metals={"gold": 75, "silver": 25}, weight=9),
    _S("clock-tower-jewellers", "Clock Tower Jewellers", "Clock Tower Jewellers & Sons", "Faisalabad",
       "Kachehri Bazaar", 1976, "GGC-FSD-0026", "Gold jewelry from the bazaars around Faisalabad's Ghanta Ghar.",
       "CTJ", 0.0, weight=8),
    _S("multan-sarafa-jewellers", "Multan Sarafa Jewellers", "Multan Sarafa Jewellers (Pvt) Ltd", "Multan",
       "Hussain Agahi Bazaar", 1983, "GGC-MUX-0031", "Traditional Multani gold work, bangles and tikkas.",
       "MSJ", 0.05, weight=8),
    _S("liberty-silver-works", "Liberty Silver Works", "Liberty Silver Works", "Lahore", "Liberty Market", 2021,
       "GGC-LHR-0298", "Sterling silver 925 rings with aqeeq, feroza and lapis; applying for membership.",
       "LSW", 0.0, metals={"silver": 100}, status=Seller.Status.APPLIED, weight=4),
)
SELLERS_BY_SLUG = {s.slug: s for s in SELLERS}


def _application(s: DemoSeller) -> dict:
    """The application details the council saw (fictitious, derived from the membership number)."""
    n = int(s.membership_no[-4:])
    categories = (["gemstones"] if s.gem_share > 0 else []) + (["gold_jewelry"] if s.gem_share < 1 and (
        s.metals.get("gold", 0) or s.metals.get("platinum", 0)) else []) + (
        ["silver_jewelry"] if s.gem_share < 1 and s.metals.get("silver", 0) else [])
    return {
        "address": f"Shop {n % 90 + 1}, {s.market}\n{s.city}" if s.market else f"Shop {n % 90 + 1}\n{s.city}",
        "phone": f"+92300{n:07d}",
        "tax_number": f"{(n * 7919) % 10_000_000:07d}-{n % 10}",
        "categories": ",".join(categories),
        "years_in_trade": DEMO_BASE_DATETIME.year - s.year_established,
        "applied_at": (s.verified_at or DEMO_BASE_DATETIME) - dt.timedelta(days=21 + n % 30),
    }


def ensure_sellers() -> list[Seller]:
    """The demo sellers in table order, created on first use (an existing row is left as it is)."""
    existing = Seller.objects.in_bulk([s.slug for s in SELLERS], field_name="slug")
    missing = [
        Seller(slug=s.slug, trade_name=s.trade_name, legal_name=s.legal_name, city=s.city, country="PK",
               market=s.market, about=s.about, year_established=s.year_established,
               council_membership_no=s.membership_no, status=s.status, verified_at=s.verified_at,
               **_application(s))
        for s in SELLERS
        if s.slug not in existing
    ]
    for seller in Seller.objects.bulk_create(missing):
        existing[seller.slug] = seller
    return [existing[s.slug] for s in SELLERS]
