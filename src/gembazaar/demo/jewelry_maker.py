"""One demo piece of jewelry, priced the Sarafa way from the fixed demo metal rates.

price = net metal g × purity × rate per g of pure metal + making charge + set stones, in PKR
(shared/DOMAIN.md §3). The price is computed in Decimal and rounded the way shops write it.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import Listing

from .constants import GOLD_24K_PKR_PER_TOLA, PKR_PER_GRAM_PURE, PLATINUM_PKR_PER_GRAM, SILVER_999_PKR_PER_TOLA
from .drafts import ListingDraft, WeightedChoice, decimal_places, log_uniform, nice_price
from .jewelry_table import (
    FINENESS,
    FORMS,
    GOLD_KARATS,
    HALLMARKS,
    MAKING_PERCENT,
    MAKING_PKR_PER_GRAM,
    METAL_NAMES,
    STONES,
    JewelryForm,
    StoneSetting,
)

GRAMS_PER_CARAT = vocab.GRAMS_PER_CARAT
RUPEE = Decimal(1)
RATE_TEXT = {
    vocab.GOLD: f"the demo 24K gold rate of Rs {GOLD_24K_PKR_PER_TOLA:,} per tola",
    vocab.SILVER: f"the demo silver rate of Rs {SILVER_999_PKR_PER_TOLA:,} per tola",
    vocab.PLATINUM: f"the demo platinum rate of Rs {PLATINUM_PKR_PER_GRAM:,} per gram",
}
METAL_LINKED_SHARE = 0.25  # plain gold whose price follows the day's rate (repricing is a later issue)


def _draw_decimal(rng: random.Random, bounds: tuple[str, str], places: int) -> Decimal:
    return decimal_places(rng.uniform(float(bounds[0]), float(bounds[1])), places)


def metal_label(metal: str, karat: int | None, fineness: int) -> str:
    if metal == vocab.GOLD:
        return f"{karat}K Gold"
    return f"{fineness} Silver" if metal == vocab.SILVER else f"Platinum {fineness}"


class JewelryMaker:
    """Draws demo jewelry; the tables per metal are prepared once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.forms_by_metal = {
            metal: WeightedChoice((form, form.frequency) for form in FORMS if form.metal == metal)
            for metal in (vocab.GOLD, vocab.SILVER, vocab.PLATINUM)
        }
        self.stones_by_form = {id(form): WeightedChoice(form.stones) for form in FORMS}
        self.karats = WeightedChoice(GOLD_KARATS)

    def make(self, *, metal: str, city: str) -> ListingDraft:
        rng = self.rng
        form: JewelryForm = self.forms_by_metal[metal].pick(rng)
        stone_key = self.stones_by_form[id(form)].pick(rng)
        karat = int(self.karats.pick(rng)) if metal == vocab.GOLD else None
        if karat == 24:
            stone_key = "none"
        if stone_key == "diamonds" and metal == vocab.GOLD:
            karat = 18  # diamonds are set in 18K
        fineness = vocab.KARAT_TO_FINENESS[karat] if karat else FINENESS[metal]
        setting = STONES[stone_key]

        count = rng.randint(*form.count)
        gross = sum((_draw_decimal(rng, form.grams, 2) for _ in range(count)), Decimal(0))
        stone_ct = _draw_decimal(rng, setting.carat, 2) if setting.carat else None
        non_metal = gross * _draw_decimal(rng, setting.non_metal_share, 3)
        if stone_ct is not None:
            non_metal += stone_ct * GRAMS_PER_CARAT
        net = max(gross - non_metal, gross * Decimal("0.5")).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)

        metal_value = net * vocab.purity(fineness) * PKR_PER_GRAM_PURE[metal]
        if rng.random() < 0.7:
            half_percents = rng.randint(MAKING_PERCENT[0] * 2, MAKING_PERCENT[1] * 2)  # 6, 6.5, 7 … 14 %
            making_mode, making_value = "percent", Decimal(half_percents) / 2
            making = metal_value * making_value / 100
        else:
            low, high = MAKING_PKR_PER_GRAM[metal]
            making_mode, making_value = "per_gram", Decimal(rng.randint(low // 50, high // 50) * 50)
            making = net * making_value
        stone_value = Decimal(0)
        if stone_ct is not None:
            stone_value = stone_ct * Decimal(round(log_uniform(rng, *map(float, setting.pkr_per_ct), 1.2)))
        elif setting.pkr_fixed != ("0", "0"):
            stone_value = Decimal(rng.randint(int(setting.pkr_fixed[0]), int(setting.pkr_fixed[1])))
        price = nice_price(metal_value + making + stone_value, "PKR")
        price_mode = Listing.PriceMode.FIXED
        if metal == vocab.GOLD and stone_key == "none" and rng.random() < METAL_LINKED_SHARE:
            price_mode = Listing.PriceMode.METAL_LINKED

        gender = form.gender
        size = form.sizes[rng.randrange(len(form.sizes))] if form.sizes else ""
        noun = form.nouns[rng.randrange(len(form.nouns))]
        hallmark = HALLMARKS.get(metal, "")
        if metal == vocab.GOLD:
            hallmark = f"PGJDC {karat}K" if rng.random() < 0.2 else str(fineness)
        spec = {
            "jewelry_type": form.jewelry_type, "metal": metal, "karat": karat, "fineness": fineness,
            "gross_weight_g": gross, "net_metal_weight_g": net, "making_charge_mode": making_mode,
            "making_charge_value": making_value,
            "stones": setting.text.format(ct=stone_ct) if setting.text else "",
            "stone_weight_ct": stone_ct, "size": size, "hallmark": hallmark, "gender": gender,
        }
        label = metal_label(metal, karat, fineness)
        prefix = f"Set of {count} " if count > 1 else ""
        with_stones = f" with {setting.title}" if setting.title else ""
        colour = "gold" if metal == vocab.GOLD else "white"
        picture = f"{form.jewelry_type.replace('_', '-')}-{colour}"
        return ListingDraft(
            kind=Listing.Kind.JEWELRY,
            title=f"{prefix}{label} {noun}{with_stones}, {gross:.2f} g",
            description=self._description(spec, setting, city=city, label=label, metal_value=metal_value,
                                          making=making, stone_value=stone_value, price_mode=price_mode),
            price=price,
            currency="PKR",
            spec=spec,
            pictures=(f"{picture}-velvet", f"{picture}-light"),
            picture_subject=f"{noun.lower()}, {METAL_NAMES[metal].lower()}",
            quantity=rng.randint(1, 3) if stone_key in {"none", "cz"} else 1,
            price_mode=price_mode,
            origin_country="PK",
        )

    @staticmethod
    def _description(spec: dict, setting: StoneSetting, *, city: str, label: str, metal_value: Decimal,
                     making: Decimal, stone_value: Decimal, price_mode: str) -> str:
        metal = METAL_NAMES[spec["metal"]].lower()
        making_text = (f"{spec['making_charge_value']}% of metal value" if spec["making_charge_mode"] == "percent"
                       else f"Rs {spec['making_charge_value']:,} per gram")
        sentences = [
            f"Handmade in {city}. {label} ({spec['fineness']} fine), gross weight {spec['gross_weight_g']:.2f} g, "
            f"net {metal} {spec['net_metal_weight_g']:.3f} g.",
            f"Set stones: {spec['stones']}." if spec["stones"] else "",
            f"Size {spec['size']}." if spec["size"] else "",
            f"Hallmark: {spec['hallmark']}." if spec["hallmark"] else "",
            f"Making charge: {making_text}.",
            f"Price build-up: metal Rs {metal_value.quantize(RUPEE):,} + making Rs {making.quantize(RUPEE):,}"
            + (f" + stones Rs {stone_value.quantize(RUPEE):,}" if stone_value else "")
            + f", at {RATE_TEXT[spec['metal']]}.",
        ]
        if price_mode == Listing.PriceMode.METAL_LINKED:
            sentences.append("The price follows the day's gold rate.")
        return " ".join(s for s in sentences if s)
