"""Origins are checked (issue 14, point 2): a synthetic has none; a place not known for the stone
is listed but held for the council; an origin is always the seller's claim on the listing page.

Through every door: the service (seller centre, seller API), the import, and the council console.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from gembazaar.catalogue import services
from gembazaar.catalogue.models import Listing
from gembazaar.imports.columns import GEM
from gembazaar.imports.rows import RowChecker
from gembazaar.sellers.tests.conftest import council_user as council_user  # a fixture
from gembazaar.sellers.tests.conftest import make_user
from gembazaar.testing import gem_data, make_gem_listing, make_seller

pytestmark = pytest.mark.django_db

RUBY = {"species": "corundum", "variety": "ruby", "colour": "red", "clarity": "", "treatments": "H"}


def create(*, gem: dict, **origin):
    return services.listing_create(seller=make_seller(), kind="gemstone", sku="S-1", title="A stone",
                                   price=Decimal("100.00"), currency="USD", gem=gem_data(**gem), **origin)


@pytest.mark.parametrize("origin", [{"origin_locality": "hunza_karimabad"}, {"origin_country": "LK"},
                                    {"origin_locality": "jegdalek", "origin_country": "AF"}])
@pytest.mark.parametrize("gem", [{**RUBY, "nature": "synthetic", "treatments": "N"},
                                 {"species": "glass", "variety": "", "nature": "imitation", "imitates": "ruby",
                                  "clarity": "EC", "treatments": "N"}])
def test_a_man_made_stone_has_no_geographic_origin(gem, origin):
    with pytest.raises(ValidationError) as exc:
        create(gem=gem, **origin)
    # A locality sets the country, so both are named when a locality is given.
    assert set(exc.value.message_dict) == {"origin_country", *origin}
    assert "no geographic origin" in exc.value.message_dict["origin_country"][0]
    assert not Listing.objects.exists()


def test_a_ruby_from_hunza_is_usual_and_a_ruby_from_mingora_is_held():
    usual = create(gem=RUBY, origin_locality="hunza_karimabad")
    assert usual.origin_review == ""
    Listing.objects.all().delete()
    held = create(gem=RUBY, origin_locality="swat_mingora")
    assert held.origin_review == "held"  # listed, not refused


@pytest.mark.parametrize(("gem", "locality", "held"), [
    ({"species": "topaz", "variety": "pink_topaz", "colour": "pink", "clarity": "", "treatments": "N"},
     "katlang_ghundao", False),
    ({"species": "topaz", "variety": "pink_topaz", "colour": "pink", "clarity": "", "treatments": "N"},
     "swat_mingora", True),
    ({**RUBY, "variety": "star_ruby", "shape": "cabochon"}, "hunza_ganesh", False),  # a star ruby is a ruby
    ({"species": "corundum", "variety": "blue_sapphire", "colour": "blue", "clarity": "", "treatments": "H"},
     "dir", False),  # Dir is known for corundum
    ({"species": "tourmaline", "variety": "green_tourmaline", "colour": "green", "clarity": "", "treatments": "N"},
     "shigar", False),
    ({"species": "spinel", "variety": "", "colour": "red", "clarity": "", "treatments": "N"}, "kuh_i_lal", False),
])
def test_plausibility_follows_the_locality_vocabulary(gem, locality, held):
    assert (create(gem=gem, origin_locality=locality).origin_review == "held") is held


def test_an_accepted_origin_stays_accepted_until_the_claim_changes():
    listing = create(gem=RUBY, origin_locality="swat_mingora")
    services.listing_origin_accept(listing=listing)
    listing = services.listing_update(listing=listing, title="A ruby, re-titled")
    assert listing.origin_review == "accepted"
    listing = services.listing_update(listing=listing, origin_locality="swat_charbagh")
    assert listing.origin_review == "held"
    listing = services.listing_update(listing=listing, origin_locality="hunza_aliabad")
    assert listing.origin_review == ""


def test_the_listing_page_says_whose_claim_the_origin_is(client):
    held = make_gem_listing(gem=RUBY, origin_locality="swat_mingora")
    usual = make_gem_listing(origin_locality="swat_mingora")  # an emerald
    held_page = client.get(held.get_absolute_url()).content.decode()
    usual_page = client.get(usual.get_absolute_url()).content.decode()
    assert 'data-testid="origin-held"' in held_page and "under council review" in held_page
    assert 'data-testid="origin-claim"' in usual_page and "As declared by the seller" in usual_page
    api = client.get(f"/api/v1/listings/{held.pk}").json()
    assert api["origin_review"] == "held"


def test_the_council_accepts_or_removes_a_held_origin(client, council_user):
    accepted = make_gem_listing(gem=RUBY, origin_locality="swat_mingora")
    removed = make_gem_listing(gem=RUBY, origin_locality="swat_shamozai", title="Oval ruby")
    make_gem_listing(origin_locality="swat_mingora")  # a usual emerald: not in the queue
    client.force_login(council_user)

    page = client.get(reverse("council:origins")).content.decode()
    assert page.count('data-testid="origin-row"') == 2 and "Emerald" in page  # "known for: Emerald"

    client.post(reverse("council:origin_action", args=[accepted.pk]), {"action": "accept"})
    client.post(reverse("council:origin_action", args=[removed.pk]), {"action": "remove"})
    accepted.refresh_from_db()
    removed.refresh_from_db()
    assert accepted.origin_review == "accepted" and accepted.origin_locality == "swat_mingora"
    assert (removed.origin_review, removed.origin_locality, str(removed.origin_country)) == ("", "", "")
    assert "Shamozai" not in removed.search_text  # no longer found by the place
    assert 'data-testid="origin-row"' not in client.get(reverse("council:origins")).content.decode()


def test_council_origin_actions_refuse_bad_input(client, council_user):
    listing = make_gem_listing(gem=RUBY, origin_locality="swat_mingora")
    usual = make_gem_listing()
    client.force_login(council_user)
    assert client.post(reverse("council:origin_action", args=[listing.pk]), {"action": "burn"}).status_code == 400
    assert client.post(reverse("council:origin_action", args=[usual.pk]), {"action": "accept"}).status_code == 404
    for hostile in (0, 9_999_999, 2**62):
        assert client.post(reverse("council:origin_action", args=[hostile]), {"action": "accept"}).status_code == 404
    buyer = make_user("nosy")
    client.force_login(buyer)
    assert client.post(reverse("council:origin_action", args=[listing.pk]), {"action": "accept"}).status_code == 403
    listing.refresh_from_db()
    assert listing.origin_review == "held"


def _import_row(seller, values: dict):
    header = list(values)
    checker = RowChecker(seller=seller, kind=GEM, mode="create", keys=header, existing={}, taken_skus=set())
    return checker.check(2, [values[key] for key in header])


def test_the_import_refuses_a_synthetics_origin_and_holds_an_unusual_one():
    seller = make_seller()
    row = {"sku": "IMP-1", "title": "Ruby", "price": "100", "currency": "USD", "species": "corundum",
           "variety": "ruby", "nature": "synthetic", "carat": "1.2", "shape": "oval", "treatments": "N",
           "origin_locality": "hunza_karimabad"}
    errors = _import_row(seller, row)
    assert isinstance(errors, list) and {error.column for error in errors} == {"origin_locality", "origin_country"}
    held = _import_row(seller, {**row, "nature": "natural", "treatments": "H", "origin_locality": "swat_mingora"})
    assert held.listing["origin_review"] == "held"


@pytest.mark.django_db(transaction=True)
def test_migrating_holds_the_unusual_origins_already_listed():
    ruby = make_gem_listing(gem=RUBY, origin_locality="hunza_karimabad")
    emerald = make_gem_listing(origin_locality="swat_mingora")
    call_command("migrate", "catalogue", "0012", verbosity=0)
    call_command("migrate", verbosity=0)
    assert Listing.objects.get(pk=ruby.pk).origin_review == ""
    Listing.objects.filter(pk=ruby.pk).update(origin_locality="swat_mingora")
    call_command("migrate", "catalogue", "0012", verbosity=0)
    call_command("migrate", verbosity=0)
    assert Listing.objects.get(pk=ruby.pk).origin_review == "held"
    assert Listing.objects.get(pk=emerald.pk).origin_review == ""


def test_an_origin_edited_outside_the_services_is_rechecked():
    """The admin saves fields directly, then asks listing_origin_recheck (ListingAdmin.save_related)."""
    listing = make_gem_listing(gem=RUBY, origin_locality="hunza_karimabad")
    Listing.objects.filter(pk=listing.pk).update(origin_locality="swat_mingora")
    listing.refresh_from_db()
    assert services.listing_origin_recheck(listing=listing).origin_review == "held"
    Listing.objects.filter(pk=listing.pk).update(origin_locality="nagar")
    listing.refresh_from_db()
    assert services.listing_origin_recheck(listing=listing).origin_review == ""
