"""Recording rates (validation, jump confirmation) and set-based repricing with history."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gembazaar.catalogue.models import Listing
from gembazaar.core import fx
from gembazaar.pricing import engine, selectors, services, units
from gembazaar.pricing.models import FXRate, ListingPriceChange, MetalRate
from gembazaar.testing import make_gem_listing, make_jewelry_listing, make_seller

from .conftest import LAHORE_24K_TOLA, record_gold

pytestmark = pytest.mark.django_db


def linked(**jewelry):
    spec = {"karat": 22, "fineness": 916, "net_metal_weight_g": Decimal("23.328"), "gross_weight_g": Decimal("25"),
            "making_charge_mode": "percent", "making_charge_value": Decimal("10")}
    spec.update(jewelry)
    return make_jewelry_listing(price_mode="metal_linked", jewelry=spec)


def expected_total(listing: Listing) -> Decimal:
    rate = selectors.resolve_rate(metal=listing.jewelry.metal, fineness=listing.jewelry.fineness,
                                  currency=listing.currency)
    return engine.price(selectors.inputs_for(spec=listing.jewelry, currency=listing.currency, rate=rate)).total


def test_a_metal_linked_listing_is_priced_by_the_engine_when_created_with_a_fresh_rate():
    record_gold()
    listing = linked(wastage_percent="5", stone_value="15000", margin_percent="3")
    assert listing.price == expected_total(listing)
    assert listing.reference_price == fx.to_reference(listing.price, "PKR")


def test_a_new_rate_reprices_exactly_the_metal_linked_listings_and_writes_history():
    record_gold()
    gold = [linked(), linked(net_metal_weight_g=Decimal("10"), gross_weight_g=Decimal("10"))]
    fixed = make_jewelry_listing()  # fixed price, gold
    silver = linked(metal="silver", karat=None, fineness=925)  # no silver rate: keeps its price
    gem = make_gem_listing()
    before = {x.pk: (x.price, x.reference_price) for x in [fixed, silver, gem]}

    rate = record_gold(price=Decimal("460000"))

    for listing in gold:
        listing.refresh_from_db()
        assert listing.price == expected_total(listing)
        change = ListingPriceChange.objects.get(listing=listing, metal_rate=rate)
        assert change.new_price == listing.price and change.old_price < change.new_price
        assert change.new_reference == listing.reference_price == fx.to_reference(listing.price, "PKR")
        assert change.cause == "metal_rate"
    for x in [fixed, silver, gem]:
        x.refresh_from_db()
        assert (x.price, x.reference_price) == before[x.pk]
    assert ListingPriceChange.objects.filter(metal_rate=rate).count() == 2


def test_recording_the_same_rate_again_changes_nothing_and_writes_no_history():
    record_gold()
    linked()
    count = ListingPriceChange.objects.count()
    record_gold()
    assert ListingPriceChange.objects.count() == count


def test_sold_and_archived_listings_keep_their_price():
    record_gold()
    listing, archived, active = linked(), linked(), linked()
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.SOLD)
    Listing.objects.filter(pk=archived.pk).update(status=Listing.Status.ARCHIVED)
    record_gold(price=Decimal("470000"))
    for kept in (listing, archived):
        old = kept.price
        kept.refresh_from_db()
        assert kept.price == old and not kept.price_changes.exists()
    assert active.price_changes.count() == 1


def test_a_rate_for_the_pieces_own_fineness_wins_over_the_derived_one():
    record_gold()
    listing = linked()
    record_gold(fineness=916, price=Decimal("400000"))  # 22K per tola entered directly
    listing.refresh_from_db()
    assert listing.price == engine.price(engine.PriceInputs(
        metal="gold", fineness=916, net_weight_g=Decimal("23.328"), making_mode="percent",
        making_value=Decimal(10), currency="PKR", rate_per_gram=units.per_gram(Decimal(400000), "tola"),
        rate_fineness=916)).total


def test_stale_rates_put_metal_linked_listings_on_request(settings):
    record_gold(effective_at=timezone.now() - timedelta(hours=40))
    listing = linked()
    fixed = make_jewelry_listing()
    assert selectors.listing_price_on_request(listing)
    quote = selectors.quote_listing(listing)
    assert quote.on_request and quote.amount is None and quote.breakdown is None
    assert not selectors.listing_price_on_request(fixed)
    assert selectors.quote_listing(fixed).amount == fixed.price
    settings.PRICING_STALE_AFTER_HOURS = 48
    assert not selectors.listing_price_on_request(listing)
    assert not selectors.rates_are_fresh("silver")


def test_a_quote_carries_the_breakdown_and_the_price_lock(settings):
    settings.PRICE_LOCK_MINUTES = 15
    rate = record_gold()
    listing = linked(stone_value="1000")
    quote = selectors.quote_listing(listing)
    assert not quote.on_request and quote.amount == listing.price == quote.breakdown.total
    assert quote.breakdown.stones == Decimal("1000.00") and quote.metal_rate_id == rate.pk
    assert quote.valid_until - quote.quoted_at == timedelta(minutes=15)


@pytest.mark.parametrize(("field", "overrides"), [
    ("price", {"price": "0"}),
    ("price", {"price": "-5"}),
    ("price", {"price": 452300.5}),
    ("price", {"price": "abc"}),
    ("currency", {"currency": "XYZ"}),
    ("fineness", {"fineness": 990}),
    ("metal", {"metal": "copper"}),
    ("unit", {"unit": "seer"}),
    ("source", {"source": ""}),
    ("effective_at", {"effective_at": "tomorrow"}),
])
def test_bad_rates_are_refused_naming_the_field_and_nothing_is_applied(field, overrides):
    record_gold()
    listing = linked()
    price, rates, changes = listing.price, MetalRate.objects.count(), ListingPriceChange.objects.count()
    with pytest.raises(ValidationError) as caught:
        record_gold(**overrides)
    assert field in caught.value.message_dict
    listing.refresh_from_db()
    assert (listing.price, MetalRate.objects.count(), ListingPriceChange.objects.count()) == (price, rates, changes)


def test_a_jump_of_more_than_half_needs_confirmation():
    record_gold()
    listing = linked()
    price = listing.price
    with pytest.raises(ValidationError) as caught:
        record_gold(price=LAHORE_24K_TOLA * 2, confirm=False)
    assert "confirm" in caught.value.message_dict
    with pytest.raises(ValidationError):
        record_gold(price=LAHORE_24K_TOLA / 3, confirm=False)
    listing.refresh_from_db()
    assert listing.price == price and MetalRate.objects.count() == 1
    record_gold(price=LAHORE_24K_TOLA * Decimal("1.4"), confirm=False)  # within 50 %: no confirmation
    record_gold(price=LAHORE_24K_TOLA * 3, confirm=True)
    listing.refresh_from_db()
    assert listing.price > price * 2


def test_an_fx_change_recomputes_reference_prices_of_that_currency_only():
    record_gold()
    pkr = linked()
    usd_gem = make_gem_listing()  # USD
    pkr_fixed = make_jewelry_listing()
    old_usd_ref = usd_gem.reference_price
    rate = services.record_fx_rate(currency="PKR", per_usd="300", source="State Bank of Pakistan")
    assert fx.rate_per_usd("PKR") == Decimal("300")
    for listing in (pkr, pkr_fixed):
        old_price = listing.price
        listing.refresh_from_db()
        assert listing.price == old_price
        assert listing.reference_price == (old_price / 300).quantize(Decimal("0.01"))
        assert ListingPriceChange.objects.get(listing=listing, fx_rate=rate).new_reference == listing.reference_price
    usd_gem.refresh_from_db()
    assert usd_gem.reference_price == old_usd_ref


def test_a_price_worth_less_than_a_cent_keeps_the_smallest_reference_price_through_an_fx_change():
    one_rupee = make_gem_listing(price=Decimal("1"), currency="PKR")
    services.record_fx_rate(currency="PKR", per_usd="300", source="State Bank of Pakistan")
    one_rupee.refresh_from_db()
    assert one_rupee.reference_price == Decimal("0.01")  # 1/300 USD rounds to 0.00: floored, not refused


def test_fx_validation_and_jump_confirmation():
    with pytest.raises(ValidationError) as caught:
        services.record_fx_rate(currency="USD", per_usd="1", source="x")
    assert "currency" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.record_fx_rate(currency="PKR", per_usd="0", source="x")
    assert "per_usd" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.record_fx_rate(currency="PKR", per_usd="600", source="x")
    assert "confirm" in caught.value.message_dict
    assert FXRate.objects.filter(currency="PKR").count() == 1  # the seed only
    assert fx.rate_per_usd("PKR") == Decimal("281.50")


def test_a_listing_in_another_currency_uses_the_rate_converted_by_fx():
    record_gold()  # PKR only
    listing = linked()
    usd = make_jewelry_listing(price_mode="metal_linked", currency="USD", price=Decimal("3000"),
                               jewelry={"net_metal_weight_g": Decimal("10"), "gross_weight_g": Decimal("10")})
    rate = selectors.resolve_rate(metal="gold", fineness=916, currency="USD")
    assert rate.converted
    assert usd.price == expected_total(usd)
    assert abs(usd.price - listing.price / Decimal("23.328") * 10 / Decimal("281.5")) < 1  # same metal, in USD


def test_an_fx_rate_reprices_only_the_pieces_converted_through_its_currency():
    """PKR moves: a USD piece priced from the PKR gold rate changes price; a PKR piece priced from
    the same rate keeps its price (only its USD reference moves); an AED change touches neither
    (repricing skips every combination that does not convert through the changed currency)."""
    record_gold()  # PKR only
    pkr = linked()
    usd = make_jewelry_listing(price_mode="metal_linked", currency="USD", price=Decimal("3000"),
                               jewelry={"net_metal_weight_g": Decimal("10"), "gross_weight_g": Decimal("10")})
    before = {x.pk: (x.price, x.reference_price) for x in (pkr, usd)}

    services.record_fx_rate(currency="AED", per_usd="3.70", source="Central Bank of the UAE", confirm=True)
    assert not ListingPriceChange.objects.filter(listing__in=[pkr, usd], cause="fx_rate").exists()

    rate = services.record_fx_rate(currency="PKR", per_usd="290", source="State Bank of Pakistan", confirm=True)
    pkr.refresh_from_db()
    usd.refresh_from_db()
    assert pkr.price == before[pkr.pk][0] and pkr.reference_price == (pkr.price / 290).quantize(Decimal("0.01"))
    assert usd.price == expected_total(usd) < before[usd.pk][0]  # more rupees per dollar: cheaper in USD
    assert ListingPriceChange.objects.filter(listing=usd, fx_rate=rate).get().new_price == usd.price
    assert ListingPriceChange.objects.filter(listing=pkr, fx_rate=rate).get().old_price == pkr.price


def test_todays_rates_derive_22k_per_10g_as_24k_times_22_over_24():
    record_gold()
    rows = {(r.fineness, r.currency): r for r in selectors.todays_rates()}
    pure, k22 = rows[(999, "PKR")], rows[(916, "PKR")]
    assert pure.per_tola == LAHORE_24K_TOLA
    assert k22.per_10g == (pure.per_10g * 22 / 24).quantize(Decimal("0.01")) and k22.derived
    assert rows[(999, "USD")].per_gram == (LAHORE_24K_TOLA / Decimal("11.6638038") / Decimal("281.5")).quantize(
        Decimal("0.01"))


def test_history_gives_the_last_rate_of_each_day():
    now = timezone.now()
    # Midday two local days ago, and three hours before it: the same day whatever the clock says
    # (now − 2 days − 3 h crossed local midnight when the suite ran between 00:00 and 03:00).
    midday = timezone.localtime(now).replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=2)
    record_gold(price=Decimal("440000"), effective_at=midday - timedelta(hours=3))
    record_gold(price=Decimal("445000"), effective_at=midday)
    record_gold(price=Decimal("450000"), effective_at=now - timedelta(days=40))
    record_gold()
    points = selectors.rate_history(metal="gold", fineness=999, currency="PKR", days=30)
    assert [p.price for p in points][-1] == LAHORE_24K_TOLA
    assert Decimal("440000") not in [p.price for p in points] and Decimal("450000") not in [p.price for p in points]
    k22 = selectors.rate_history(metal="gold", fineness=916, currency="PKR", days=30)
    assert k22[-1].price == (LAHORE_24K_TOLA * 22 / 24).quantize(Decimal("0.01"))


def test_repricing_matches_the_engine_for_many_different_listings():
    record_gold()
    seller = make_seller()
    listings = []
    for n, (mode, value) in enumerate([("percent", "12.5"), ("per_gram", "850"), ("per_tola", "7000"),
                                       ("fixed", "2500"), ("percent", "0")]):
        for currency in ("PKR", "AED", "JPY"):
            listings.append(make_jewelry_listing(
                seller=seller, price_mode="metal_linked", currency=currency, price=Decimal("1000"),
                jewelry={"karat": [24, 22, 21, 18, 22][n], "fineness": None,
                         "net_metal_weight_g": Decimal("3.217") + n, "gross_weight_g": Decimal("20"),
                         "making_charge_mode": mode, "making_charge_value": Decimal(value),
                         "wastage_percent": Decimal("1.75") * n, "stone_value": Decimal(n * 333),
                         "margin_percent": Decimal("2.5")}))
    record_gold(price=Decimal("461234.5"))
    for listing in listings:
        listing.refresh_from_db()
        assert listing.price == expected_total(listing), listing.jewelry.__dict__
        assert listing.reference_price == fx.to_reference(listing.price, listing.currency)


def test_a_platinum_piece_is_priced_from_the_rate_of_another_platinum_fineness():
    """Platinum is quoted for Pt 950 only here: a Pt 900 ring takes 950's rate × 900/950, and a new
    950 rate reprices it (no rate for 900 or 999 is ever recorded)."""
    services.record_metal_rate(metal="platinum", fineness=950, unit="gram", price="9500", currency="PKR",
                               source="Karachi Sarafa")
    ring = linked(metal="platinum", karat=None, fineness=900, net_metal_weight_g=Decimal("10"),
                  gross_weight_g=Decimal("10"), making_charge_mode="fixed", making_charge_value=Decimal("0"))
    rate = selectors.resolve_rate(metal="platinum", fineness=900, currency="PKR")
    assert (rate.per_gram, rate.derived, rate.converted) == (Decimal("9000"), True, False)
    assert ring.price == Decimal("90000")  # 10 g × Rs 9,500 × 900/950

    services.record_metal_rate(metal="platinum", fineness=950, unit="gram", price="9975", currency="PKR",
                               source="Karachi Sarafa")
    ring.refresh_from_db()
    assert ring.price == Decimal("94500")  # 10 g × Rs 9,975 × 900/950
    assert ListingPriceChange.objects.filter(listing=ring, cause="metal_rate").count() == 1
    assert selectors.resolve_rate(metal="palladium", fineness=500, currency="PKR") is None  # no palladium rate


def test_two_tola_written_in_tola_prices_at_exactly_the_sarafa_figure_and_reprices_exactly():
    # 2 tola × 452,300 × 22/24 = Rs 829,216.67; 23.328 g (the nearest 3-place gram weight) is not 2 tola.
    record_gold()
    ring = linked(net_metal_weight_g="2 tola", gross_weight_g="2 tola 2 masha", making_charge_value=Decimal(0))
    ring.jewelry.refresh_from_db()
    assert ring.jewelry.net_metal_weight_g == Decimal("23.3276076") and ring.jewelry.weight_unit == "tola"
    assert ring.price == Decimal("829216.67")
    record_gold(price=Decimal("460000"))  # the set-based SQL repricer reads the same exact weight
    assert Listing.objects.get(pk=ring.pk).price == Decimal("843333.33")
    grams = linked(net_metal_weight_g=Decimal("23.328"), making_charge_value=Decimal(0))
    assert grams.price != Decimal("843333.33")
