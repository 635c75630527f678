"""The import preview: the first rows kept as codes, and shown named, flagged and with their problems."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from gembazaar.catalogue import vocab
from gembazaar.imports.models import ImportJob
from gembazaar.imports.services import checking
from gembazaar.imports.services.checking import SAMPLE_ROWS, import_check
from gembazaar.testing import make_gem_listing

from .conftest import csv_bytes, gem_row, jewelry_row, upload

pytestmark = pytest.mark.django_db

RUBY = {"title": "Hunza ruby", "species": "corundum", "variety": "ruby", "carat": "2.05", "treatments": "H",
        "origin_locality": "hunza_karimabad", "lab": "GRS", "certificate_number": "2107-078888"}
SYNTHETIC_RUBY = {"title": "Lab-grown ruby", "species": "corundum", "variety": "ruby", "nature": "synthetic",
                  "treatments": "N", "origin_locality": ""}
GLASS_EMERALD = {"title": "Imitation emerald (glass)", "species": "glass", "variety": "", "nature": "imitation",
                 "imitates": "emerald", "treatments": "N", "origin_locality": ""}
GEM_COLUMNS = [*gem_row("X"), "imitates", "lab", "certificate_number"]


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    def send(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})
    return send


def upload_job(client, post, rows: list[dict], *, kind: str = "gem", header: list[str] | None = None) -> ImportJob:
    post(client, reverse("imports:home"), {"kind": kind, "mode": "create", "file": upload(csv_bytes(rows, header))})
    return ImportJob.objects.latest("pk")


def row_html(page: str, number: int) -> str:
    return re.search(rf'<tr id="imp-row-{number}".*?</tr>', page, re.S).group(0)


def test_the_sample_keeps_the_codes_of_a_gem_row(seller):
    checked = import_check(seller=seller, kind="gem", mode="create", keep_rows=False,
                           data=csv_bytes([gem_row("HZ-1", **RUBY)], GEM_COLUMNS))
    assert checked.ok, checked.errors
    assert checked.sample == [{
        "row": 2, "kind": "gemstone", "sku": "HZ-1", "title": "Hunza ruby", "origin_country": "PK",
        "origin_locality": "hunza_karimabad", "currency": "USD", "price": "1250.00", "species": "corundum",
        "variety": "ruby", "nature": "natural", "imitates": None, "carat": "2.050", "pieces": "1", "lab": "GRS",
        "certificate_number": "2107-078888", "treatments": ["H"], "problems": []}]


def test_the_sample_keeps_the_codes_of_a_jewelry_row(seller):
    checked = import_check(seller=seller, kind="jewelry", mode="create", keep_rows=False,
                           data=csv_bytes([jewelry_row("RG-1")]))
    assert checked.ok, checked.errors
    assert checked.sample == [{
        "row": 2, "kind": "jewelry", "sku": "RG-1", "title": "22K ring RG-1", "origin_country": None,
        "origin_locality": None, "currency": "PKR", "price": "95000", "jewelry_type": "ring", "metal": "gold",
        "karat": "22", "fineness": "916", "gross_weight_g": "5.200", "net_metal_weight_g": "4.800",
        "weight_unit": "g", "problems": []}]


def test_a_row_with_problems_is_kept_as_typed_with_its_problems(seller):
    checked = import_check(seller=seller, kind="gem", mode="create", keep_rows=False,
                           data=csv_bytes([gem_row("SW-1"), gem_row("SW-2", carat="heavy", treatments="h o")]))
    clean, bad = checked.sample
    assert clean["problems"] == [] and clean["carat"] == "1.250"
    assert bad["row"] == 3 and bad["carat"] == "heavy" and bad["treatments"] == ["H", "O"]
    assert bad["problems"] == [{"column": "carat", "reason": "Enter a number."}]


def test_in_update_mode_a_row_with_problems_shows_the_listings_values_under_its_blank_cells(seller):
    make_gem_listing(seller=seller, sku="SW-1", title="Swat emerald, oiled")
    data = csv_bytes([{"sku": "SW-1", "price": "1300", "carat": "heavy"}])
    checked = import_check(seller=seller, kind="gem", mode="update_by_sku", data=data, keep_rows=False)
    row = checked.sample[0]
    assert (row["title"], row["species"], row["carat"], row["price"]) == ("Swat emerald, oiled", "beryl", "heavy",
                                                                          "1300")
    assert row["problems"] == [{"column": "carat", "reason": "Enter a number."}]


def test_the_sample_stops_at_its_limit_whatever_the_rows(seller):
    rows = [gem_row(f"SW-{n}", carat="heavy" if n % 2 else "1.25") for n in range(SAMPLE_ROWS + 5)]
    checked = import_check(seller=seller, kind="gem", mode="create", keep_rows=False, data=csv_bytes(rows))
    assert [item["row"] for item in checked.sample] == list(range(2, SAMPLE_ROWS + 2))
    assert checked.errors and len(checked.errors) > SAMPLE_ROWS // 2


def test_the_preview_names_the_stones_and_flags_what_is_not_natural(seller_client, post):
    rows = [gem_row("HZ-1", **RUBY), gem_row("LG-1", **SYNTHETIC_RUBY), gem_row("IM-1", **GLASS_EMERALD)]
    job = upload_job(seller_client, post, rows, header=GEM_COLUMNS)
    assert job.status == ImportJob.Status.VALID, job.errors
    page = seller_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "The first rows, as they will be imported" in page and 'class="sc-table-wrap imp-sample-wrap"' in page
    ruby, synthetic, imitation = row_html(page, 2), row_html(page, 3), row_html(page, 4)
    assert "<strong>Ruby</strong>" in ruby and "Corundum" in ruby
    assert '<span data-nature="natural">Natural</span>' in ruby
    assert re.search(r'chip--warn" data-treatment="H">.*?Heating \(H\)', ruby, re.S)
    assert "Karimabad" in ruby and "Pakistan" in ruby
    assert "GRS" in ruby and "2107-078888" in ruby and "2.05" in ruby and "$1,250.00" in ruby
    assert "<strong>Synthetic ruby</strong>" in synthetic
    assert re.search(r'chip--warn" data-nature="synthetic">.*?Synthetic \(laboratory-grown\)', synthetic, re.S)
    assert 'chip--ok" data-treatment="N">Not enhanced (N)' in synthetic
    assert "<strong>Imitation emerald (glass)</strong>" in imitation
    assert 'chip--warn" data-nature="imitation"' in imitation
    assert "imp-row--problem" not in page and "imp-problem" not in page


def test_the_preview_of_jewelry_shows_metal_purity_and_weights(seller_client, post):
    job = upload_job(seller_client, post, [jewelry_row("RG-1")], kind="jewelry")
    assert job.status == ImportJob.Status.VALID, job.errors
    row = row_html(seller_client.get(reverse("imports:job", args=[job.pk])).content.decode(), 2)
    assert "Ring" in row and "Gold" in row and "22K" in row and "fineness 916‰" in row
    assert "5.200 g" in row and "4.800 g" in row and "Rs" in row


def test_the_preview_renders_in_urdu(seller_client, post):
    rows = [gem_row("HZ-1", **RUBY), gem_row("LG-1", **SYNTHETIC_RUBY), gem_row("SW-3", carat="heavy")]
    job = upload_job(seller_client, post, rows, header=GEM_COLUMNS)
    seller_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    response = seller_client.get(reverse("imports:job", args=[job.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("ur"):
        natural = str(vocab.by_code(vocab.NATURES)["natural"].label)
        heating = str(vocab.TREATMENTS_BY_CODE["H"].label)
    assert natural != "Natural" and natural in row_html(page, 2) and heating in row_html(page, 2)
    assert "imp-row--problem" in row_html(page, 4)


def test_a_bad_carat_is_written_next_to_the_value_in_its_row(seller_client, post):
    job = upload_job(seller_client, post, [gem_row("SW-1"), gem_row("SW-2", carat="heavy")])
    assert job.status == ImportJob.Status.INVALID
    page = seller_client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    assert "imp-row--problem" not in row_html(page, 2)
    row = row_html(page, 3)
    assert 'class="imp-row--problem"' in row
    cell = re.search(r'<td class="sc-money imp-cell--problem">heavy(.*?)</td>', row, re.S).group(1)
    assert 'id="imp-p-3-0"' in cell and "<code>carat</code>: <bdi>Enter a number.</bdi>" in cell
    assert '<use href="#i-warning"/>' in cell and 'class="visually-hidden">Problem: </span>' in cell
    assert '<th scope="row" aria-describedby="imp-p-3-0">' in row
    assert '<a href="#imp-row-3">3</a>' in page  # the problem list links to the row in the preview
    assert "job_commit" not in page


def test_a_problem_without_a_cell_of_its_own_gets_the_last_column(seller_client, post):
    job = upload_job(seller_client, post, [gem_row("SW-1", shape="ovl")])
    page = seller_client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    assert '<th scope="col">Other problems</th>' in page
    assert "<code>shape</code>: <bdi>“ovl” is not a known value.</bdi>" in row_html(page, 2)


def test_an_invalid_file_whose_first_rows_are_clean_shows_no_preview(seller_client, post, monkeypatch):
    monkeypatch.setattr(checking, "SAMPLE_ROWS", 1)
    job = upload_job(seller_client, post, [gem_row("SW-1"), gem_row("SW-2", carat="heavy")])
    page = seller_client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    assert "imp-sample" not in page and "<td>3</td><td>carat</td>" in page


def test_a_job_checked_before_the_richer_sample_still_renders(seller_client, seller):
    job = ImportJob.objects.create(seller=seller, kind="gem", status=ImportJob.Status.VALID, file_name="old.csv",
                                   total_rows=1, processed_rows=1,
                                   sample=[{"row": 2, "sku": "SW-0", "title": "Swat emerald SW-0", "price": "1250.00",
                                            "currency": "USD"}])
    response = seller_client.get(reverse("imports:job", args=[job.pk]))
    assert response.status_code == 200
    row = row_html(response.content.decode(), 2)
    assert "SW-0" in row and "Swat emerald SW-0" in row and "$1,250.00" in row
    assert row.count("—") >= 6 and "imp-row--problem" not in row
