"""What demo jewelry is made of: pieces per metal with their weights, styles, sizes and set stones.

Weights follow shared/DOMAIN.md §5 (rings 3–8 g, earrings 4–15 g, pendants 3–12 g, bangles
10–30 g each in sets of 2–6, necklace sets 20–100 g, silver 925 pieces 5–60 g). Gold is worn by
women here; men's rings and cufflinks are silver or platinum, as in the Pakistani market.
"""

from __future__ import annotations

from dataclasses import dataclass

from gembazaar.catalogue import vocab

Weighted = tuple[tuple[str, int], ...]
WOMEN, MEN, UNISEX = "female", "male", "unisex"


@dataclass(frozen=True)
class JewelryForm:
    jewelry_type: str
    metal: str
    frequency: int
    grams: tuple[str, str]  # gross weight of one piece
    nouns: tuple[str, ...]  # how the trade names the piece in a title
    stones: Weighted = (("none", 1),)
    count: tuple[int, int] = (1, 1)  # pieces sold together (bangles come in sets)
    sizes: tuple[str, ...] = ()
    gender: str = WOMEN


@dataclass(frozen=True)
class StoneSetting:
    text: str  # the stones line of the spec
    title: str  # what the title says after "with"
    carat: tuple[str, str] | None  # total weight set, None when not weighed in carats
    pkr_per_ct: tuple[str, str] = ("0", "0")
    pkr_fixed: tuple[str, str] = ("0", "0")  # for work priced by the piece (kundan, pearls)
    non_metal_share: tuple[str, str] = ("0", "0")  # lac, glass, pearls: part of the gross weight


STONES: dict[str, StoneSetting] = {
    "none": StoneSetting("", "", None),
    "cz": StoneSetting("Cubic zirconia (synthetic)", "Cubic Zirconia", ("0.5", "4"), ("60", "250")),
    "kundan": StoneSetting("Kundan-set glass stones with cultured freshwater pearls (not diamonds)", "",
                           None, pkr_fixed=("3000", "25000"), non_metal_share=("0.12", "0.25")),
    "polki": StoneSetting("Polki: natural uncut diamonds, about {ct} ct in total", "Polki Diamonds",
                          ("1", "4"), ("60000", "150000"), non_metal_share=("0.05", "0.12")),
    "pearls": StoneSetting("Cultured freshwater pearls", "Pearls", None, pkr_fixed=("3000", "20000"),
                           non_metal_share=("0.05", "0.12")),
    "emerald_swat": StoneSetting("Natural emeralds from Swat, {ct} ct in total, oiled (O)", "Emeralds from Swat",
                                 ("0.3", "3"), ("15000", "150000")),
    "ruby_hunza": StoneSetting("Natural rubies from Hunza, {ct} ct in total, unheated (N)", "Rubies from Hunza",
                               ("0.3", "3"), ("8000", "80000")),
    "diamonds": StoneSetting("Natural diamonds, {ct} ct in total, G–H colour, VS clarity", "Diamonds",
                             ("0.10", "1.00"), ("400000", "1200000")),
    "aqeeq": StoneSetting("Agate (aqeeq) cabochon from Yemen, {ct} ct, untreated (N)", "Agate (Aqeeq)",
                          ("5", "20"), ("100", "800")),
    "feroza": StoneSetting("Natural turquoise (feroza) cabochon from Iran, {ct} ct, stabilised (S)",
                           "Turquoise (Feroza)", ("3", "12"), ("300", "3000")),
    "lapis": StoneSetting("Lapis lazuli cabochon from Sar-e-Sang, {ct} ct, waxed (W)", "Lapis Lazuli",
                          ("3", "12"), ("300", "2000")),
}

_G, _S, _P = vocab.GOLD, vocab.SILVER, vocab.PLATINUM
_WOMEN_RING = ("US 5", "US 6", "US 7", "US 8")
_MEN_RING = ("US 8", "US 9", "US 10", "US 11", "US 12")
_GOLD_STONES = (("none", 40), ("cz", 20), ("emerald_swat", 12), ("ruby_hunza", 10), ("diamonds", 8))

FORMS: tuple[JewelryForm, ...] = (
    JewelryForm("ring", _G, 18, ("3", "8"), ("Ring", "Floral Ring", "Cocktail Ring", "Band"), _GOLD_STONES,
                sizes=_WOMEN_RING),
    JewelryForm("earrings", _G, 18, ("4", "15"), ("Jhumka Earrings", "Bali Earrings", "Tops", "Chandbali Earrings"),
                (("none", 40), ("cz", 20), ("kundan", 15), ("pearls", 10), ("ruby_hunza", 8), ("emerald_swat", 7))),
    JewelryForm("pendant", _G, 10, ("3", "12"), ("Pendant", "Ayat-ul-Kursi Pendant", "Heart Locket"),
                _GOLD_STONES),
    JewelryForm("bangles", _G, 14, ("10", "30"), ("Bangles (Churiyan)", "Kangan Bangles", "Karra Bangles"),
                (("none", 70), ("cz", 15), ("kundan", 15)), count=(2, 6), sizes=("2.4", "2.6", "2.8", "2.10")),
    JewelryForm("necklace_set", _G, 14, ("20", "100"),
                ("Kundan Necklace Set", "Jadau Necklace Set", "Turkish Necklace Set", "Antique Necklace Set"),
                (("kundan", 35), ("polki", 15), ("none", 25), ("cz", 15), ("pearls", 10))),
    JewelryForm("necklace", _G, 5, ("15", "60"), ("Choker", "Rani Haar", "Necklace"),
                (("none", 40), ("kundan", 30), ("pearls", 30))),
    JewelryForm("chain", _G, 8, ("5", "40"), ("Rope Chain", "Box Chain", "Singapore Chain"),
                sizes=("18 in", "20 in", "22 in"), gender=WOMEN),
    JewelryForm("bracelet", _G, 6, ("8", "25"), ("Bracelet", "Link Bracelet"), (("none", 60), ("cz", 40)),
                sizes=("6.5 in", "7 in")),
    JewelryForm("tikka", _G, 4, ("5", "15"), ("Maang Tikka",), (("kundan", 50), ("none", 30), ("pearls", 20))),
    JewelryForm("nose_pin", _G, 3, ("0.5", "2"), ("Nose Pin (Laung)",), (("none", 50), ("cz", 50))),
    JewelryForm("bridal_set", _G, 3, ("60", "150"), ("Bridal Set (Necklace, Earrings, Tikka)",),
                (("kundan", 50), ("polki", 30), ("none", 20))),
    JewelryForm("ring", _S, 30, ("5", "20"), ("Men's Ring",), (("aqeeq", 40), ("feroza", 35), ("lapis", 25)),
                sizes=_MEN_RING, gender=MEN),
    JewelryForm("bracelet", _S, 10, ("10", "45"), ("Bracelet", "Kara"), sizes=("7 in", "8 in"), gender=UNISEX),
    JewelryForm("necklace", _S, 8, ("20", "60"), ("Oxidised Necklace", "Tribal Necklace"),
                (("none", 50), ("feroza", 25), ("lapis", 25))),
    JewelryForm("pendant", _S, 10, ("5", "20"), ("Pendant", "Ayat-ul-Kursi Pendant"),
                (("none", 50), ("feroza", 25), ("lapis", 25)), gender=UNISEX),
    JewelryForm("earrings", _S, 10, ("5", "20"), ("Jhumka Earrings", "Oxidised Earrings"),
                (("none", 60), ("feroza", 20), ("lapis", 20))),
    JewelryForm("anklet", _S, 8, ("15", "60"), ("Payal Anklets (Pair)",), sizes=("10 in", "11 in")),
    JewelryForm("cufflinks", _S, 4, ("8", "20"), ("Cufflinks",), (("none", 60), ("lapis", 40)), gender=MEN),
    JewelryForm("chain", _S, 8, ("10", "50"), ("Curb Chain", "Rope Chain"), sizes=("20 in", "22 in", "24 in"),
                gender=UNISEX),
    JewelryForm("ring", _P, 60, ("4", "10"), ("Band", "Solitaire Ring"), (("none", 50), ("diamonds", 50)),
                sizes=_MEN_RING, gender=UNISEX),
    JewelryForm("pendant", _P, 15, ("3", "8"), ("Pendant",), (("none", 40), ("diamonds", 60))),
    JewelryForm("earrings", _P, 15, ("3", "8"), ("Stud Earrings",), (("diamonds", 1),)),
    JewelryForm("chain", _P, 10, ("5", "20"), ("Chain",), sizes=("18 in", "20 in", "22 in"), gender=UNISEX),
)

# 22K and 21K dominate domestic gold; 24K is kept for plain pieces (too soft to hold stones).
GOLD_KARATS: Weighted = (("22", 45), ("21", 35), ("18", 12), ("24", 8))
FINENESS = {vocab.SILVER: 925, vocab.PLATINUM: 950}
HALLMARKS = {vocab.SILVER: "925", vocab.PLATINUM: "Pt950"}
METAL_NAMES = {vocab.GOLD: "Gold", vocab.SILVER: "Silver", vocab.PLATINUM: "Platinum"}
# Making charges: a share of metal value (6–14 %) or rupees per gram of metal.
MAKING_PERCENT = (6, 14)
MAKING_PKR_PER_GRAM = {vocab.GOLD: (2000, 5000), vocab.SILVER: (150, 400), vocab.PLATINUM: (3000, 6000)}
