"""Creating and editing listings in the seller centre, with dependent species → variety choices."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from gembazaar.catalogue.models import Listing
from gembazaar.pricing.models import ListingPriceChange
from gembazaar.testing import make_gem_listing

pytestmark = pytest.mark.django_db

GEM_POST = {
    "sku": "EM-100", "title": "Swat emerald", "description": "", "price": "900", "currency": "USD",
    "quantity": "1", "moq": "1", "price_mode": "fixed", "origin_country": "", "origin_locality": "swat_mingora",
    "hs_code": "", "species": "beryl", "variety": "emerald", "nature": "natural", "carat": "1.25", "pieces": "1",
    "shape": "oval", "treatments": "O",
}
JEWELRY_POST = {
    "sku": "RING-1", "title": "22K ring", "price": "185000", "currency": "PKR", "quantity": "1", "moq": "1",
    "price_mode": "fixed", "jewelry_type": "ring", "metal": "gold", "karat": "22", "gross_weight_g": "5.2",
    "net_metal_weight_g": "4.8", "making_charge_mode": "percent", "making_charge_value": "10", "gender": "female",
}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_creating_a_gemstone_saves_a_draft_and_opens_the_edit_page(seller_client, seller):
    response = seller_client.post(reverse("sellercentre:listing_new") + "?kind=gemstone", GEM_POST)
    listing = Listing.objects.get(seller=seller, sku="EM-100")
    assert response.url == reverse("sellercentre:listing_edit", args=[listing.pk])
    assert listing.status == Listing.Status.DRAFT and listing.gem.variety == "emerald"


def test_creating_jewelry(seller_client, seller):
    seller_client.post(reverse("sellercentre:listing_new") + "?kind=jewelry", JEWELRY_POST)
    assert Listing.objects.get(seller=seller, sku="RING-1").jewelry.fineness == 916


def test_without_a_kind_the_seller_chooses_one(seller_client):
    response = seller_client.get(reverse("sellercentre:listing_new"))
    assert b"?kind=jewelry" in response.content


def test_service_errors_land_on_their_fields(seller_client):
    data = {**GEM_POST, "carat": "0", "species": "corundum", "variety": "emerald"}
    response = seller_client.post(reverse("sellercentre:listing_new") + "?kind=gemstone", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "carat" in form.errors
    assert not Listing.objects.exists()


def test_without_javascript_a_mismatched_variety_is_refused_by_the_server(seller_client):
    data = {**GEM_POST, "species": "corundum", "variety": "emerald"}
    response = seller_client.post(reverse("sellercentre:listing_new") + "?kind=gemstone", data)
    assert "variety" in response.context["form"].errors


def test_the_variety_options_follow_the_species(seller_client):
    response = seller_client.get(reverse("sellercentre:varieties"), {"species": "corundum"})
    body = response.content.decode()
    assert 'value="ruby"' in body and 'value="emerald"' not in body


def test_the_species_select_asks_for_varieties_with_htmx(seller_client):
    response = seller_client.get(reverse("sellercentre:listing_new") + "?kind=gemstone")
    assert reverse("sellercentre:varieties") in response.content.decode()


def test_editing_saves_and_refreshes_search_text(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False)
    edit = reverse("sellercentre:listing_edit", args=[listing.pk])
    form = seller_client.get(edit).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(title="Renamed Hunza stone", treatments="O")
    response = seller_client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    listing.refresh_from_db()
    assert listing.title == "Renamed Hunza stone" and "hunza" in listing.search_text.lower()


def test_a_price_edit_is_kept_in_the_price_history_with_the_member_who_made_it(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False, price=Decimal("900"), currency="USD")
    edit = reverse("sellercentre:listing_edit", args=[listing.pk])
    form = seller_client.get(edit).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data.update(price="975.00", treatments="O")
    response = seller_client.post(edit, data)
    assert response.status_code == 302, response.context["form"].errors
    change = ListingPriceChange.objects.get(listing=listing)
    assert change.cause == "listing_edit" and change.changed_by.username == "alice"
    assert (change.old_price, change.new_price) == (Decimal("900"), Decimal("975"))
    page = seller_client.get(edit).content.decode()  # and the seller sees it on the edit page
    history = page[page.index('data-testid="price-history"'):]
    assert 'data-cause="listing_edit"' in history and "$975.00" in history


def test_editing_with_a_duplicate_sku_shows_the_error_on_sku(seller_client, seller):
    make_gem_listing(seller=seller, sku="TAKEN")
    listing = make_gem_listing(seller=seller, publish=False)
    edit = reverse("sellercentre:listing_edit", args=[listing.pk])
    data = {**GEM_POST, "sku": "TAKEN"}
    assert "sku" in seller_client.post(edit, data).context["form"].errors


def test_uploading_several_pictures_then_reordering(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False)
    files = [SimpleUploadedFile(f"p{i}.png", png(), "image/png") for i in range(3)]
    seller_client.post(reverse("sellercentre:image_upload", args=[listing.pk]), {"images": files})
    ids = list(listing.images.values_list("id", flat=True))
    assert len(ids) == 3
    response = seller_client.post(reverse("sellercentre:image_reorder", args=[listing.pk]),
                                  {"image_ids": ids[::-1]}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 204
    assert list(listing.images.order_by("position").values_list("id", flat=True)) == ids[::-1]


def test_a_bad_reorder_is_refused(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False)
    response = seller_client.post(reverse("sellercentre:image_reorder", args=[listing.pk]), {"image_ids": ["x"]})
    assert response.status_code == 400


def test_when_every_file_is_refused_the_upload_answers_400_with_the_reasons_in_place(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False)
    bad = SimpleUploadedFile("notes.txt", b"hello", "text/plain")
    response = seller_client.post(reverse("sellercentre:image_upload", args=[listing.pk]), {"images": [bad]})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="picture-errors"' in page and "notes.txt: The file is not a readable picture." in page
    assert not listing.images.exists()


def test_an_upload_without_files_answers_400(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False)
    response = seller_client.post(reverse("sellercentre:image_upload", args=[listing.pk]), {})
    assert response.status_code == 400 and "Choose one or more pictures" in response.content.decode()


def test_when_some_files_go_in_the_refused_ones_are_named_on_the_next_page(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False)
    files = [SimpleUploadedFile("good.png", png(), "image/png"), SimpleUploadedFile("bad.txt", b"x", "text/plain")]
    response = seller_client.post(reverse("sellercentre:image_upload", args=[listing.pk]), {"images": files})
    assert response.status_code == 302
    page = seller_client.get(response.url).content.decode()
    assert "1 picture(s) added." in page and "bad.txt" in page
    assert listing.images.count() == 1


def test_moving_a_picture_up_without_javascript(seller_client, seller):
    listing = make_gem_listing(seller=seller, publish=False)
    files = [SimpleUploadedFile(f"p{i}.png", png(), "image/png") for i in range(2)]
    seller_client.post(reverse("sellercentre:image_upload", args=[listing.pk]), {"images": files})
    first, second = listing.images.order_by("position").values_list("id", flat=True)
    seller_client.post(reverse("sellercentre:image_move", args=[listing.pk, second]), {"direction": "up"})
    assert list(listing.images.order_by("position").values_list("id", flat=True)) == [second, first]
    page = seller_client.get(reverse("sellercentre:listing_edit", args=[listing.pk]))
    assert b"data-reorder-url" in page.content
