"""Council staff can work in the admin: every model has a changelist with search and filters."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from gembazaar.accounts.models import COUNCIL_STAFF_GROUP, User
from gembazaar.catalogue.bulk.services import listings_bulk_apply
from gembazaar.catalogue.models import BulkJob, GemSpec, Listing, ListingPrice
from gembazaar.payments.models import (
    Dispute,
    DisputeEvent,
    DisputeOffer,
    DisputePhoto,
    Invoice,
    InvoiceCounter,
    Payment,
    PaymentEntry,
    Payout,
    PayoutAccount,
    PayoutEntry,
    PayoutRelease,
    Refund,
)
from gembazaar.sellers.models import SellerApiKey
from gembazaar.shipping.models import DutyRate, DutyRateChange
from gembazaar.testing import make_gem_listing, make_jewelry_listing

pytestmark = pytest.mark.django_db

APPS = ("accounts", "sellers", "catalogue", "search", "shipping", "payments")


@pytest.fixture
def council_client(client):
    group = Group.objects.create(name=COUNCIL_STAFF_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=APPS))
    user = User.objects.create_user(username="council", email="council@example.org", password="pw", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    return client


def project_models():
    return [model for model in admin.site._registry if model._meta.app_label in APPS]


def test_every_project_model_is_in_the_admin():
    from django.apps import apps

    registered = set(project_models())
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            assert model in registered, f"{model.__name__} has no admin"


def test_every_changelist_renders_with_search_and_filters(council_client):
    make_gem_listing()
    make_jewelry_listing()
    for model in project_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = council_client.get(url, {"q": "a"})
        assert response.status_code == 200, url
        change = council_client.get(reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))
        # Seller API keys are made only by the seller's owner (the plaintext is shown to them once);
        # bulk actions only by the bulk service, and their record is read only; payments and their
        # ledger only by the payments services.
        read_only = (SellerApiKey, BulkJob, Payment, PaymentEntry, Refund, Invoice, InvoiceCounter, Payout,
                     PayoutAccount, PayoutEntry, PayoutRelease, Dispute, DisputeEvent, DisputeOffer, DisputePhoto,
                     DutyRate, DutyRateChange)
        assert change.status_code == (403 if model in read_only else 200), url


def test_listing_change_page_shows_the_right_spec(council_client):
    listing = make_gem_listing()
    response = council_client.get(reverse("admin:catalogue_listing_change", args=[listing.pk]))
    assert response.status_code == 200
    assert b"Gem spec" in response.content or b"gem spec" in response.content.lower()


def test_admin_spec_form_applies_the_domain_rules(council_client):
    listing = make_gem_listing()
    url = reverse("admin:catalogue_gemspec_change", args=[listing.pk])
    spec = GemSpec.objects.get(pk=listing.pk)
    data = {f.name: getattr(spec, f.attname) or "" for f in GemSpec._meta.fields}
    data.update({"listing": listing.pk, "species": "corundum", "variety": "emerald"})
    response = council_client.post(url, data)
    assert response.status_code == 200  # the form comes back with the error
    assert "is a variety of" in response.content.decode()
    assert GemSpec.objects.get(pk=listing.pk).species == "beryl"


def test_publish_action_goes_through_the_service(council_client):
    listing = make_gem_listing(publish=False)
    response = council_client.post(reverse("admin:catalogue_listing_changelist"),
                                   {"action": "publish_selected", "_selected_action": [listing.pk]})
    assert response.status_code == 302
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.ACTIVE


def test_a_buyer_cannot_reach_the_admin(client):
    user = User.objects.create_user(username="buyer", email="buyer@example.org", password="pw")
    client.force_login(user)
    response = client.get(reverse("admin:catalogue_listing_changelist"))
    assert response.status_code == 302 and "/login" in response["Location"]


def _post_data(response) -> dict:
    """What the browser would post back unchanged from an admin change page (form and inlines)."""
    from django import forms as django_forms

    def add_form(data, form):
        for bound in form:
            value, widget = bound.value(), bound.field.widget
            if isinstance(widget, django_forms.MultiWidget):
                for i, part in enumerate(widget.decompress(value)):
                    data[f"{bound.html_name}_{i}"] = "" if part is None else part
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif value is not None:
                data[bound.html_name] = value

    data: dict = {}
    add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add_form(data, inline.formset.management_form)
        for form in inline.formset.forms:
            add_form(data, form)
    return data


def test_a_price_edited_on_the_listing_page_recomputes_the_reference_and_is_audited(council_client):
    from gembazaar.core import fx
    from gembazaar.pricing.models import ListingPriceChange

    listing = make_gem_listing(publish=False, price=Decimal("280000"), currency="PKR")
    old_reference = listing.reference_price
    url = reverse("admin:catalogue_listing_change", args=[listing.pk])
    data = _post_data(council_client.get(url))
    assert data["pricing-0-price"] == Decimal("280000")
    data["pricing-0-price"] = "560000"
    response = council_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    row = ListingPrice.objects.get(listing=listing)
    assert row.price == Decimal("560000")
    assert row.reference_price == fx.to_reference(Decimal("560000"), "PKR") != old_reference
    change = ListingPriceChange.objects.get(listing=listing)
    assert (change.old_price, change.new_price, change.old_reference) == (Decimal("280000"), row.price, old_reference)


def test_a_currency_edited_on_the_listing_page_recomputes_the_reference(council_client):
    from gembazaar.core import fx

    listing = make_gem_listing(publish=False, price=Decimal("280000"), currency="USD")
    url = reverse("admin:catalogue_listing_change", args=[listing.pk])
    data = _post_data(council_client.get(url))
    data["currency"] = "PKR"
    assert council_client.post(url, data).status_code == 302
    assert ListingPrice.objects.get(listing=listing).reference_price == fx.to_reference(Decimal("280000"), "PKR")


def test_a_price_saved_in_the_price_admin_recomputes_the_reference(council_client):
    from gembazaar.core import fx

    listing = make_gem_listing(publish=False, price=Decimal("280000"), currency="PKR")
    url = reverse("admin:catalogue_listingprice_change", args=[listing.pk])
    assert council_client.get(url).status_code == 200
    assert council_client.post(url, {"price": "140000"}).status_code == 302
    row = ListingPrice.objects.get(listing=listing)
    assert (row.price, row.reference_price) == (Decimal("140000"), fx.to_reference(Decimal("140000"), "PKR"))


def test_the_listing_changelist_sorts_by_price(council_client):
    cheap = make_gem_listing(price=Decimal("10"))
    dear = make_gem_listing(price=Decimal("5000"))
    response = council_client.get(reverse("admin:catalogue_listing_changelist"), {"o": "6"})  # price_display
    assert response.status_code == 200
    shown = [listing.pk for listing in response.context["cl"].result_list]
    assert shown.index(cheap.pk) < shown.index(dear.pk)


@pytest.mark.parametrize("page", ["listing", "spec"])
def test_a_metal_linked_spec_edited_in_the_admin_is_repriced_by_the_engine(council_client, page):
    """Staff correct the net weight of a 22K piece: its price follows the day's rate for the new
    weight, and the change is in the price history (on the listing's page and on the spec's own)."""
    from gembazaar.pricing import selectors
    from gembazaar.pricing.models import ListingPriceChange
    from gembazaar.pricing.tests.conftest import record_gold

    record_gold()
    listing = make_jewelry_listing(price_mode="metal_linked", jewelry={
        "karat": 22, "fineness": 916, "net_metal_weight_g": Decimal("10"), "gross_weight_g": Decimal("10"),
        "making_charge_mode": "percent", "making_charge_value": Decimal("10")})
    before = listing.price
    if page == "listing":
        url = reverse("admin:catalogue_listing_change", args=[listing.pk])
        data = _post_data(council_client.get(url))
        data["jewelry-0-net_metal_weight_g"] = data["jewelry-0-gross_weight_g"] = "20.000"
    else:
        url = reverse("admin:catalogue_jewelryspec_change", args=[listing.pk])
        data = _post_data_of_form(council_client.get(url))
        data["net_metal_weight_g"] = "20.000"
        data["gross_weight_g"] = "20.000"
    response = council_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    listing = Listing.objects.get(pk=listing.pk)
    assert listing.jewelry.net_metal_weight_g == Decimal("20")
    assert listing.price == selectors.quote_listing(listing).amount > before * Decimal("1.9")
    change = ListingPriceChange.objects.get(listing=listing)
    assert (change.old_price, change.new_price, change.cause) == (before, listing.price, "listing_edit")


def _post_data_of_form(response) -> dict:
    data = _post_data(response)
    return {key: value for key, value in data.items() if "-" not in key or key.startswith("initial-")}


def test_bulk_jobs_are_a_read_only_record(council_client):
    listing = make_gem_listing(publish=False)
    job = listings_bulk_apply(seller=listing.seller, action="publish", listing_ids=[listing.pk])
    url = reverse("admin:catalogue_bulkjob_change", args=[job.pk])
    page = council_client.get(url)
    assert page.status_code == 200 and b'name="action"' not in page.content  # no editable field
    assert council_client.post(url, {"action": "archive"}).status_code == 403
    assert council_client.post(reverse("admin:catalogue_bulkjob_delete", args=[job.pk]), {"post": "yes"}
                               ).status_code == 403
    assert BulkJob.objects.get(pk=job.pk).action == "publish"
