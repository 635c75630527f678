"""Demo stones from abroad, and the man-made ones that exercise honest disclosure.

A small share of the market: Sri Lankan sapphire, Colombian emerald, Iranian turquoise and the like,
plus laboratory-grown stones, imitations and lead-glass composites, each named for what it is.
"""

from __future__ import annotations

from gembazaar.catalogue import vocab

from .gem_profiles import PAKISTAN_AND_AFGHANISTAN, GemProfile

_P = GemProfile
_INTERNATIONAL_LABS = (("GRS", 3), ("GIA", 3), ("SSEF", 2), ("GUBELIN", 2), ("AIGS", 2), ("LOTUS", 1))
_DIAMOND_LABS = (("GIA", 5), ("IGI", 3), ("HRD", 2))

FROM_ABROAD: tuple[GemProfile, ...] = (
    _P("sapphire-blue-ceylon", "corundum", "blue_sapphire", 25, country="LK", carat=("0.50", "8.00"),
       usd_per_ct=("200", "3000"), shapes=(("oval", 4), ("cushion", 3), ("round", 1), ("pear", 1)),
       treatments=(("H", 60), ("N", 40)), trade_colours=("cornflower blue", "royal blue"),
       certified_share=0.45, labs=_INTERNATIONAL_LABS),
    _P("padparadscha-ceylon", "corundum", "padparadscha", 4, country="LK", carat=("0.50", "3.00"),
       usd_per_ct=("1000", "6000"), shapes=(("oval", 2), ("cushion", 1)), treatments=(("N", 50), ("H", 50)),
       trade_colours=("lotus pink-orange",), certified_share=0.8, labs=_INTERNATIONAL_LABS),
    _P("star-sapphire-ceylon", "corundum", "star_sapphire", 4, country="LK", carat=("2", "15"),
       usd_per_ct=("50", "600"), shapes=(("cabochon", 1),), treatments=(("N", 70), ("H", 30)),
       phenomena="asterism", certified_share=0.3, labs=_INTERNATIONAL_LABS),
    _P("moonstone-ceylon", "feldspar", "moonstone", 6, country="LK", carat=("2", "15"), usd_per_ct=("5", "60"),
       shapes=(("cabochon", 1),), phenomena="adularescence", trade_colours=("blue sheen",)),
    _P("emerald-colombia", "beryl", "emerald", 15, country="CO", carat=("0.30", "5.00"),
       usd_per_ct=("300", "6000"), shapes=(("emerald", 4), ("oval", 1), ("pear", 1)),
       treatments=(("O", 70), ("N", 10), ("E", 20)), trade_colours=("vivid green",),
       certified_share=0.5, labs=_INTERNATIONAL_LABS),
    _P("ruby-mozambique", "corundum", "ruby", 8, country="MZ", carat=("0.50", "5.00"),
       usd_per_ct=("200", "3000"), shapes=(("oval", 3), ("cushion", 2)), treatments=(("H", 60), ("N", 40)),
       certified_share=0.5, labs=_INTERNATIONAL_LABS),
    _P("tanzanite", "zoisite", "tanzanite", 10, country="TZ", carat=("1", "10"), usd_per_ct=("150", "800"),
       shapes=(("oval", 2), ("cushion", 2), ("trillion", 1), ("pear", 1)), treatments=(("H", 1),),
       trade_colours=("violetish blue",), certified_share=0.2, labs=_INTERNATIONAL_LABS),
    _P("turquoise-iran", "turquoise", "", 12, country="IR", carat=("3", "40"), usd_per_ct=("1", "20"),
       shapes=(("cabochon", 4), ("bead", 1)), treatments=(("N", 60), ("I", 30), ("W", 10)),
       trade_colours=("robin's egg blue", "sky blue")),
    _P("agate-yemen", "chalcedony", "agate", 8, country="YE", carat=("5", "40"), usd_per_ct=("1", "5"),
       shapes=(("cabochon", 3), ("bead", 1)), treatments=(("N", 60), ("H", 30), ("D", 10))),
    _P("carnelian-yemen", "chalcedony", "carnelian", 6, country="YE", carat=("5", "40"), usd_per_ct=("1", "6"),
       shapes=(("cabochon", 3), ("bead", 1)), treatments=(("N", 50), ("H", 50))),
    _P("amethyst-brazil", "quartz", "amethyst", 6, country="BR", carat=("2", "30"), usd_per_ct=("3", "40"),
       shapes=(("oval", 2), ("cushion", 2), ("trillion", 1))),
    _P("citrine-brazil", "quartz", "citrine", 4, country="BR", carat=("2", "30"), usd_per_ct=("2", "30"),
       shapes=(("oval", 2), ("cushion", 1)), treatments=(("H", 1),)),
    _P("topaz-blue-brazil", "topaz", "blue_topaz", 4, country="BR", carat=("2", "20"), usd_per_ct=("3", "30"),
       shapes=(("oval", 2), ("cushion", 1), ("emerald", 1)), treatments=(("R", 1),),
       trade_colours=("swiss blue", "london blue")),
    # Coated pink topaz: the "treated look-alike" buyers confuse with Katlang stones, labelled as such.
    _P("topaz-pink-coated", "topaz", "pink_topaz", 3, country="BR", carat=("1", "6"), usd_per_ct=("5", "30"),
       shapes=(("oval", 2), ("pear", 1)), treatments=(("C", 1),)),
    _P("diamond-natural", "diamond", "", 12, carat=("0.30", "3.00"), size_skew=2.0, usd_per_ct=("1500", "12000"),
       shapes=(("round", 6), ("oval", 1), ("emerald", 1), ("princess", 1), ("pear", 1)),
       certified_share=0.85, labs=_DIAMOND_LABS),
)

MAN_MADE: tuple[GemProfile, ...] = (
    # Man-made stones have a maker and a process, never a place of origin (CIBJO).
    _P("diamond-lab-grown", "diamond", "", 10, carat=("0.50", "4.00"), usd_per_ct=("100", "600"),
       shapes=(("round", 4), ("oval", 2), ("emerald", 1), ("pear", 1), ("radiant", 1)),
       treatments=(("N", 70), ("HP", 30)), nature=vocab.SYNTHETIC, certified_share=0.8, labs=(("IGI", 1),),
       material_note="CVD-grown"),
    _P("emerald-lab-grown", "beryl", "emerald", 5, carat=("0.50", "5.00"), usd_per_ct=("20", "120"),
       shapes=(("emerald", 2), ("oval", 1)), nature=vocab.SYNTHETIC, material_note="hydrothermal"),
    _P("ruby-lab-grown", "corundum", "ruby", 4, carat=("1", "10"), usd_per_ct=("2", "60"),
       shapes=(("oval", 2), ("cushion", 1), ("round", 1)), nature=vocab.SYNTHETIC, material_note="flux-grown"),
    _P("sapphire-lab-grown", "corundum", "blue_sapphire", 3, carat=("1", "10"), usd_per_ct=("2", "40"),
       shapes=(("oval", 2), ("cushion", 1)), nature=vocab.SYNTHETIC, material_note="Verneuil (flame fusion)"),
    # Lead-glass filled corundum is a composite, never "treated ruby" (see validation.clean_gem).
    _P("ruby-composite", "corundum", "ruby", 4, carat=("1", "10"), usd_per_ct=("1", "15"),
       shapes=(("oval", 2), ("cushion", 1), ("pear", 1)), treatments=(("F", 1),), nature=vocab.COMPOSITE,
       material_note="lead-glass filled corundum"),
    _P("emerald-imitation", "beryl", "emerald", 2, carat=("2", "10"), usd_per_ct=("0.5", "5"),
       shapes=(("emerald", 2), ("octagon", 1)), nature=vocab.IMITATION, material="glass",
       material_note="green glass"),
    _P("turquoise-imitation", "turquoise", "", 3, carat=("5", "30"), usd_per_ct=("0.2", "2"),
       shapes=(("cabochon", 2), ("bead", 1)), treatments=(("D", 1),), nature=vocab.IMITATION,
       material="howlite", material_note="dyed howlite"),
)

ALL_PROFILES: tuple[GemProfile, ...] = PAKISTAN_AND_AFGHANISTAN + FROM_ABROAD + MAN_MADE
PROFILES_BY_KEY = {p.key: p for p in ALL_PROFILES}
