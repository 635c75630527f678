"""What each kind of demo stone looks like: variety, where it is mined, sizes, cuts, treatments, prices.

The figures follow shared/DOMAIN.md §5 (indicative ranges, not market quotes). Every Pakistani and
Afghan locality is one that `vocab.LOCALITIES` lists as known for the variety (or its species);
a test checks this. Foreign stones carry only their country of origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gembazaar.catalogue import vocab

Weighted = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class LotRule:
    """How a variety is sold in parcels: piece count, size of one piece, shapes, price discount."""

    share: float
    pieces: tuple[int, int]
    piece_carat: tuple[str, str]
    shapes: Weighted
    price_factor: str = "0.5"  # per-carat price of a parcel relative to a single stone


@dataclass(frozen=True)
class GemProfile:
    key: str
    species: str
    variety: str
    weight: int  # how common in the market, relative
    localities: Weighted = ()
    country: str = ""  # for stones from abroad (no locality)
    carat: tuple[str, str] = ("1", "5")
    size_skew: float = 1.6  # > 1: most stones are at the small end of the range
    usd_per_ct: tuple[str, str] = ("20", "400")
    shapes: Weighted = (("oval", 3), ("cushion", 2), ("round", 1), ("pear", 1), ("emerald", 1))
    treatments: Weighted = (("N", 1),)
    nature: str = vocab.NATURAL
    colours: tuple[str, ...] = ()  # defaults to the variety's colour family
    trade_colours: tuple[str, ...] = ()
    phenomena: str = ""
    lot: LotRule | None = None
    certified_share: float = 0.08
    labs: Weighted = (("PGTL", 4), ("GRS", 2), ("AIGS", 2), ("GIA", 1))
    material_note: str = ""  # for synthetics, imitations and composites: what the thing really is
    # An imitation's species is its material (vocab.IMITATION_MATERIALS or another gem); the
    # profile's species and variety are then what it imitates.
    material: str = ""

    @property
    def colour_family(self) -> tuple[str, ...]:
        if self.colours:
            return self.colours
        variety = vocab.VARIETIES_BY_CODE.get(self.variety)
        species = vocab.SPECIES_BY_CODE[self.species]
        return ((variety.colour if variety else "") or species.colour,)

    @property
    def clarity_type(self) -> str:
        variety = vocab.VARIETIES_BY_CODE.get(self.variety)
        return variety.clarity_type if variety else vocab.SPECIES_BY_CODE[self.species].clarity_type

    @property
    def price_range(self) -> tuple[Decimal, Decimal]:
        return Decimal(self.usd_per_ct[0]), Decimal(self.usd_per_ct[1])


_P = GemProfile
_MELEE = LotRule(0.25, (10, 60), ("0.02", "0.12"), (("round", 3), ("oval", 1)), "0.35")
_ROUGH = LotRule(0.15, (3, 30), ("1", "12"), (("rough", 1),), "0.15")
_CUTTERS = (("PGTL", 4), ("GRS", 3), ("AIGS", 2), ("GIA", 2), ("SSEF", 1), ("GUBELIN", 1))

PAKISTAN_AND_AFGHANISTAN: tuple[GemProfile, ...] = (
    _P("emerald-swat", "beryl", "emerald", 140,
       (("swat_mingora", 6), ("swat_shamozai", 3), ("swat_charbagh", 2), ("swat_makhad", 1),
        ("swat_gujar_killi", 2), ("swat_alpurai", 1), ("shangla_bazar_kot", 3), ("mohmand", 1), ("bajaur", 1)),
       carat=("0.10", "2.00"), size_skew=2.2, usd_per_ct=("50", "3000"),
       shapes=(("oval", 4), ("emerald", 4), ("round", 2), ("cushion", 2), ("pear", 2), ("octagon", 1),
               ("cabochon", 1), ("specimen", 1)),
       treatments=(("O", 75), ("N", 15), ("E", 10)),
       trade_colours=("bluish green", "deep green", "vivid green"),
       lot=_MELEE, certified_share=0.18, labs=_CUTTERS),
    _P("emerald-panjshir", "beryl", "emerald", 30, (("panjshir", 1),), carat=("0.30", "5.00"),
       usd_per_ct=("80", "3000"), shapes=(("emerald", 4), ("oval", 3), ("cushion", 2), ("pear", 1), ("rough", 1)),
       treatments=(("O", 65), ("N", 25), ("E", 10)), trade_colours=("vivid green", "deep green"),
       lot=_ROUGH, certified_share=0.2, labs=_CUTTERS),
    _P("emerald-khaltaro", "beryl", "emerald", 5, (("khaltaro", 1),), carat=("0.20", "2.00"),
       usd_per_ct=("40", "800"), shapes=(("specimen", 2), ("oval", 1), ("cabochon", 1)),
       treatments=(("O", 2), ("N", 1))),
    _P("ruby-hunza", "corundum", "ruby", 80,
       (("hunza_karimabad", 4), ("hunza_aliabad", 2), ("hunza_ganesh", 2), ("hunza_hachinder", 1),
        ("hunza_dorkhan", 1), ("nagar", 2)),
       carat=("0.50", "10.00"), size_skew=1.8, usd_per_ct=("10", "2000"),
       shapes=(("cabochon", 5), ("specimen", 4), ("oval", 3), ("cushion", 2), ("round", 1), ("pear", 1)),
       treatments=(("N", 60), ("H", 40)), trade_colours=("pinkish red", "purplish red", "pigeon's blood"),
       lot=LotRule(0.15, (5, 40), ("0.5", "4"), (("rough", 2), ("cabochon", 1)), "0.2"),
       certified_share=0.12, labs=_CUTTERS),
    _P("ruby-kashmir", "corundum", "ruby", 25, (("nangimali", 2), ("chitta_katha", 1)), carat=("0.50", "6.00"),
       usd_per_ct=("20", "2000"), shapes=(("cabochon", 3), ("specimen", 2), ("oval", 2), ("cushion", 1)),
       treatments=(("N", 60), ("H", 40)), trade_colours=("pinkish red", "purplish red"),
       certified_share=0.12, labs=_CUTTERS),
    _P("ruby-jegdalek", "corundum", "ruby", 15, (("jegdalek", 1),), carat=("0.50", "8.00"),
       usd_per_ct=("10", "1200"), shapes=(("cabochon", 4), ("specimen", 2), ("oval", 1)),
       treatments=(("N", 55), ("H", 45)), trade_colours=("pinkish red",)),
    _P("sapphire-pink-kashmir", "corundum", "pink_sapphire", 15, (("nangimali", 2), ("chitta_katha", 1)),
       carat=("0.50", "5.00"), usd_per_ct=("30", "800"), shapes=(("oval", 3), ("cushion", 2), ("cabochon", 2)),
       treatments=(("N", 60), ("H", 40)), trade_colours=("hot pink", "light pink")),
    _P("spinel-hunza", "spinel", "", 45,
       (("hunza_karimabad", 3), ("hunza_aliabad", 2), ("hunza_ganesh", 2), ("hunza_dorkhan", 1), ("nagar", 1)),
       carat=("0.50", "5.00"), usd_per_ct=("50", "800"),
       shapes=(("oval", 3), ("cushion", 3), ("round", 1), ("specimen", 2), ("pear", 1)),
       colours=("pink", "red", "red"), trade_colours=("hot pink", "red", "pinkish red"),
       lot=LotRule(0.1, (5, 30), ("0.3", "2"), (("rough", 1),), "0.2")),
    _P("pargasite-hunza", "pargasite", "", 8, (("hunza_karimabad", 2), ("hunza_hachinder", 1)),
       carat=("1", "20"), usd_per_ct=("5", "60"), shapes=(("cabochon", 3), ("specimen", 2)),
       trade_colours=("forest green",)),
    _P("topaz-pink-katlang", "topaz", "pink_topaz", 55, (("katlang_ghundao", 1),), carat=("0.50", "5.00"),
       usd_per_ct=("100", "1500"), shapes=(("oval", 3), ("pear", 2), ("cushion", 2), ("specimen", 2)),
       trade_colours=("pink", "salmon pink", "violetish pink"), lot=_ROUGH, certified_share=0.12),
    _P("topaz-imperial-katlang", "topaz", "imperial_topaz", 20, (("katlang_ghundao", 1),), carat=("1", "10"),
       usd_per_ct=("50", "800"), shapes=(("oval", 3), ("pear", 2), ("emerald", 1), ("specimen", 1)),
       trade_colours=("golden orange", "peach")),
    _P("topaz-sherry-shigar", "topaz", "sherry_topaz", 25,
       (("shigar", 3), ("dassu", 2), ("haramosh_shengus", 2)), carat=("1", "10"), usd_per_ct=("50", "800"),
       shapes=(("oval", 2), ("emerald", 2), ("specimen", 2), ("cushion", 1)), trade_colours=("sherry", "golden")),
    _P("peridot-sapat-gali", "olivine", "peridot", 80, (("sapat_gali", 1),), carat=("1", "30"), size_skew=1.4,
       usd_per_ct=("20", "300"),
       shapes=(("oval", 4), ("cushion", 3), ("emerald", 2), ("round", 1), ("pear", 1), ("trillion", 1)),
       trade_colours=("apple green", "olive green", "lime green"),
       lot=LotRule(0.2, (5, 40), ("2", "20"), (("rough", 1),), "0.12")),
    _P("aquamarine-shigar", "beryl", "aquamarine", 70,
       (("shigar", 3), ("dassu", 3), ("yuno", 1), ("braldu", 2), ("haramosh_shengus", 2), ("stak_nala", 1),
        ("dunganar", 1), ("khaltaro", 1)),
       carat=("1", "30"), size_skew=1.4, usd_per_ct=("20", "400"),
       shapes=(("emerald", 3), ("oval", 3), ("pear", 2), ("cushion", 1), ("specimen", 2)),
       treatments=(("H", 55), ("N", 45)), trade_colours=("sky blue", "sea blue", "santa maria blue"),
       lot=_ROUGH),
    _P("aquamarine-nuristan", "beryl", "aquamarine", 15, (("nuristan", 1),), carat=("2", "30"),
       usd_per_ct=("20", "300"), shapes=(("emerald", 2), ("oval", 2), ("specimen", 1)),
       treatments=(("H", 50), ("N", 50))),
    _P("tourmaline-green", "tourmaline", "green_tourmaline", 35,
       (("stak_nala", 3), ("shigar", 2), ("dassu", 1), ("yuno", 1), ("dunganar", 1), ("nuristan", 2)),
       carat=("1", "15"), usd_per_ct=("20", "400"),
       shapes=(("emerald", 3), ("oval", 2), ("cushion", 1), ("specimen", 1)),
       treatments=(("N", 65), ("H", 35)), trade_colours=("mint green", "olive green"), lot=_ROUGH),
    _P("indicolite-stak-nala", "tourmaline", "indicolite", 12, (("stak_nala", 2), ("nuristan", 1)),
       carat=("1", "10"), usd_per_ct=("40", "400"), shapes=(("emerald", 2), ("oval", 2)),
       treatments=(("N", 60), ("H", 40)), trade_colours=("teal blue", "greenish blue")),
    _P("rubellite-nuristan", "tourmaline", "rubellite", 15, (("nuristan", 2), ("stak_nala", 1)),
       carat=("1", "15"), usd_per_ct=("40", "400"), shapes=(("oval", 2), ("cushion", 2), ("pear", 1)),
       treatments=(("N", 70), ("H", 30)), trade_colours=("hot pink", "raspberry")),
    _P("kunzite-nuristan", "spodumene", "kunzite", 30, (("nuristan", 1),), carat=("3", "50"), size_skew=1.3,
       usd_per_ct=("10", "200"), shapes=(("emerald", 3), ("oval", 2), ("pear", 2), ("cushion", 1), ("rough", 1)),
       treatments=(("N", 80), ("R", 20)), trade_colours=("lilac pink", "violetish pink")),
    _P("morganite-nuristan", "beryl", "morganite", 20, (("nuristan", 1),), carat=("3", "50"), size_skew=1.3,
       usd_per_ct=("10", "200"), shapes=(("oval", 3), ("cushion", 2), ("pear", 1), ("emerald", 1)),
       treatments=(("N", 75), ("H", 25)), trade_colours=("peach", "light pink")),
    _P("garnet-spessartine", "garnet", "spessartine", 25,
       (("dassu", 2), ("braldu", 2), ("haramosh_shengus", 1), ("bajaur", 1)), carat=("1", "10"),
       usd_per_ct=("10", "300"), shapes=(("oval", 2), ("round", 2), ("cushion", 2), ("specimen", 1)),
       trade_colours=("mandarin orange", "fanta orange")),
    _P("garnet-almandine", "garnet", "almandine", 15, (("dassu", 1), ("braldu", 1), ("bajaur", 1)),
       carat=("1", "10"), usd_per_ct=("10", "150"), shapes=(("oval", 2), ("round", 1), ("cabochon", 1))),
    _P("lapis-sar-e-sang", "lapis_lazuli", "", 45, (("sar_e_sang", 1),), carat=("5", "100"), size_skew=1.3,
       usd_per_ct=("1", "10"), shapes=(("cabochon", 4), ("bead", 2), ("carving", 1), ("rough", 1)),
       treatments=(("N", 50), ("W", 35), ("D", 15)),
       lot=LotRule(0.3, (40, 120), ("2", "8"), (("bead", 2), ("rough", 1)), "0.4"), certified_share=0.0),
    _P("diopside-chilas", "diopside", "", 8, (("chilas", 1),), carat=("1", "10"), usd_per_ct=("10", "80"),
       shapes=(("oval", 2), ("cushion", 1), ("round", 1))),
    _P("zircon-chilas", "zircon", "", 6, (("chilas", 1),), carat=("1", "10"), usd_per_ct=("10", "150"),
       colours=("brown", "yellow"), shapes=(("oval", 2), ("round", 2)), treatments=(("N", 2), ("H", 1))),
    _P("scapolite-bajaur", "scapolite", "", 5, (("bajaur", 1),), carat=("1", "10"), usd_per_ct=("10", "80"),
       colours=("yellow", "violet"), shapes=(("oval", 2), ("emerald", 1))),
    _P("corundum-dir", "corundum", "", 6, (("dir", 1), ("mansehra", 1)), carat=("2", "30"),
       usd_per_ct=("2", "40"), colours=("blue", "grey"), shapes=(("specimen", 2), ("rough", 1), ("cabochon", 1))),
    _P("quartz-mansehra", "quartz", "rock_crystal", 8, (("mansehra", 1), ("dir", 1)), carat=("10", "300"),
       usd_per_ct=("1", "15"), shapes=(("specimen", 3), ("rough", 1), ("oval", 1))),
    _P("smoky-quartz-dir", "quartz", "smoky_quartz", 5, (("dir", 1), ("mansehra", 1)), carat=("5", "60"),
       usd_per_ct=("1", "12"), shapes=(("oval", 2), ("cushion", 1), ("specimen", 1))),
)
