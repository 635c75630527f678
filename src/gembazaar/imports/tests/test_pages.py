"""The seller-centre pages: templates, upload → preview → commit, history, and tenancy."""

import csv
import dataclasses
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gembazaar.catalogue.models import Listing
from gembazaar.imports.job_tasks import import_job_check_task
from gembazaar.imports.models import ImportJob
from gembazaar.imports.services.jobs import import_job_create

from .conftest import GEM_HEADER, csv_bytes, gem_row, make_owner, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST and run what the view queued on commit (the Celery tasks run eagerly without Redis)."""
    def send(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})
    return send


def test_the_xlsx_template_has_the_columns_and_a_legend_of_allowed_values(seller_client):
    response = seller_client.get(reverse("imports:template", args=["gem", "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Listings", "Legend"]
    header = next(book["Listings"].iter_rows(values_only=True))
    assert {"sku", "species", "variety", "carat", "treatments"} <= set(header)
    legend = list(book["Legend"].iter_rows(values_only=True))
    codes = {row[3] for row in legend}
    assert {"beryl", "emerald", "natural", "oval", "H", "F", "swat_mingora"} <= codes


def test_the_jewelry_template_includes_the_optional_pricing_columns(seller_client):
    response = seller_client.get(reverse("imports:template", args=["jewelry", "csv"]))
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert {"wastage_percent", "stone_value", "margin_percent", "karat", "metal"} <= set(header)
    legend = seller_client.get(reverse("imports:legend", args=["jewelry"])).content.decode("utf-8-sig")
    assert "gold" in legend and "916" in legend


def test_the_downloaded_csv_template_imports_as_is(seller_client, seller, post):
    data = seller_client.get(reverse("imports:template", args=["gem", "csv"])).content
    response = post(seller_client, reverse("imports:home"), {"kind": "gem", "mode": "create",
                                                           "file": upload(data)})
    job = ImportJob.objects.get(seller=seller)
    assert response.status_code == 302 and job.status == ImportJob.Status.VALID, job.errors


def test_upload_preview_and_commit(seller_client, seller, post):
    rows = [gem_row(f"SW-{n}") for n in range(3)]
    response = post(seller_client, reverse("imports:home"), {
        "kind": "gem", "mode": "create", "file": upload(csv_bytes(rows))})
    job = ImportJob.objects.get(seller=seller)
    assert response.url == reverse("imports:job", args=[job.pk])
    assert job.status == ImportJob.Status.VALID and job.total_rows == job.processed_rows == 3
    page = seller_client.get(response.url).content.decode()
    assert "All 3 rows are valid." in page and "Import 3 listings" in page
    assert {key: job.sample[0][key] for key in ("row", "sku", "title", "price", "currency")} == {
        "row": 2, "sku": "SW-0", "title": "Swat emerald SW-0", "price": "1250.00", "currency": "USD"}
    assert re.search(r'<tr id="imp-row-4">.*?SW-2.*?Swat emerald SW-2.*?\$1,250\.00.*?</tr>', page, re.S)
    assert Listing.objects.count() == 0  # nothing is written before the commit
    post(seller_client, reverse("imports:job_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED and job.created_count == 3
    assert Listing.objects.filter(seller=seller, status="draft").count() == 3
    # A second commit of the same job does nothing more.
    post(seller_client, reverse("imports:job_commit", args=[job.pk]))
    assert Listing.objects.count() == 3


def test_the_preview_lists_row_column_and_reason(seller_client, seller, post):
    rows = [gem_row("SW-1"), gem_row("SW-2", carat="heavy")]
    post(seller_client, reverse("imports:home"), {"kind": "gem", "mode": "create", "file": upload(csv_bytes(rows))})
    job = ImportJob.objects.get(seller=seller)
    assert job.status == ImportJob.Status.INVALID
    assert job.errors == [{"row": 3, "column": "carat", "reason": "Enter a number."}]
    page = seller_client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    assert '<td><a href="#imp-row-3">3</a></td><td>carat</td><td>Enter a number.</td>' in page
    assert "nothing was imported" in page and "job_commit" not in page
    response = post(seller_client, reverse("imports:job_commit", args=[job.pk]))
    assert response.status_code == 302 and Listing.objects.count() == 0


def test_a_file_level_error_is_shown(seller_client, seller, post):
    data = csv_bytes([gem_row("SW-1", title="Émeraude")]).decode().encode("cp1252")
    post(seller_client, reverse("imports:home"), {"kind": "gem", "mode": "create", "file": upload(data)})
    page = seller_client.get(reverse("imports:job", args=[ImportJob.objects.get().pk])).content.decode()
    assert "not UTF-8" in page


def test_a_running_job_polls_and_shows_its_progress(seller_client, seller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = import_job_create(seller=seller, user=None, kind="gem", mode="create",
                                upload=upload(csv_bytes([gem_row("SW-1")])))
    ImportJob.objects.filter(pk=job.pk).update(status="validating", total_rows=200, processed_rows=50)
    page = seller_client.get(reverse("imports:job_status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="25"' in page and "50 of 200 rows checked" in page


def test_progress_is_recorded_on_the_job_while_checking(seller, settings, monkeypatch,
                                                        django_capture_on_commit_callbacks):
    from gembazaar.imports.services import checking, runs
    monkeypatch.setattr(checking, "PROGRESS_EVERY", 2)
    seen = []
    original = runs._job_progress

    def spy(job_id):
        report = original(job_id)

        def wrapped(done, total):
            report(done, total)
            seen.append(ImportJob.objects.values_list("processed_rows", "total_rows").get(pk=job_id))
        return wrapped

    monkeypatch.setattr(runs, "_job_progress", spy)
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(seller=seller, user=None, kind="gem", mode="create",
                                upload=upload(csv_bytes([gem_row(f"SW-{n}") for n in range(5)])))
    assert seen == [(2, 5), (4, 5), (5, 5)]
    job.refresh_from_db()
    assert job.status == "valid" and job.percent == 100


def test_publish_is_refused_on_the_form_for_an_unverified_seller(client, db):
    from gembazaar.testing import make_seller

    seller = make_seller(status="under_review")
    client.force_login(make_owner(seller, "carol"))
    response = client.post(reverse("imports:home"), {"kind": "gem", "mode": "create", "publish": "on",
                                                    "file": upload(csv_bytes([gem_row("SW-1")]))})
    assert response.status_code == 400
    assert "Only a seller verified by the council can publish listings." in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_an_oversize_upload_is_refused_on_the_form(seller_client, settings, post):
    settings.IMPORT_MAX_FILE_BYTES = 100
    response = post(seller_client, reverse("imports:home"), {
        "kind": "gem", "mode": "create", "file": upload(csv_bytes([gem_row("SW-1")]))})
    assert response.status_code == 400 and "the limit is" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_the_history_lists_only_the_sellers_own_jobs(seller_client, other_client, seller, post):
    post(seller_client, reverse("imports:home"), {"kind": "gem", "mode": "create",
                                                "file": upload(csv_bytes([gem_row("SW-1")]), "alice.csv")})
    assert "alice.csv" in seller_client.get(reverse("imports:home")).content.decode()
    assert "alice.csv" not in other_client.get(reverse("imports:home")).content.decode()


def test_another_seller_gets_404_on_every_job_page(seller_client, other_client, seller, post):
    post(seller_client, reverse("imports:home"), {"kind": "gem", "mode": "create",
                                                "file": upload(csv_bytes([gem_row("SW-1")]))})
    job = ImportJob.objects.get(seller=seller)
    for name, method in (("imports:job", "get"), ("imports:job_status", "get"), ("imports:job_errors_csv", "get"),
                         ("imports:job_commit", "post")):
        response = getattr(other_client, method)(reverse(name, args=[job.pk]))
        assert response.status_code == 404, name
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALID and Listing.objects.count() == 0


def test_anonymous_visitors_and_buyers_are_kept_out(client, db):
    from gembazaar.accounts.models import User

    assert client.get(reverse("imports:home")).status_code == 302
    client.force_login(User.objects.create_user(username="buyer", email="b@example.org", password="pw"))
    assert client.get(reverse("imports:home")).status_code == 403
    assert client.get(reverse("imports:template", args=["gem", "csv"])).status_code == 403


def test_the_import_home_is_linked_from_the_seller_centre(seller_client):
    page = seller_client.get(reverse("sellercentre:dashboard")).content.decode()
    assert reverse("imports:home") in page


def test_unknown_template_kinds_are_404(seller_client):
    assert seller_client.get(reverse("imports:template", args=["lot", "csv"])).status_code == 404
    assert seller_client.get(reverse("imports:template", args=["gem", "ods"])).status_code == 404
    _ = GEM_HEADER


@pytest.mark.parametrize("kind", ["gem", "jewelry"])
def test_the_downloaded_xlsx_template_checks_as_valid(seller_client, seller, kind):
    from gembazaar.imports.services.checking import import_check

    data = seller_client.get(reverse("imports:template", args=[kind, "xlsx"])).content
    checked = import_check(seller=seller, kind=kind, mode="create", data=data)
    assert checked.errors == [] and checked.total_rows == 1


FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.mark.parametrize(("name", "args"), [("imports:template", ["gem", "csv"]), ("imports:template", ["gem", "xlsx"]),
                                            ("imports:legend", ["gem"])])
def test_every_template_download_neutralises_formulas(seller_client, monkeypatch, name, args):
    """The templates are the platform's own text today; a column help or example typed as a
    formula tomorrow (or a translation) must still go out as text."""
    from gembazaar.imports import template_files
    from gembazaar.imports.columns import columns_for

    def hostile_columns(kind):
        first, *rest = columns_for(kind)
        return [dataclasses.replace(first, example=FORMULA, help="@SUM(1)"), *rest]

    monkeypatch.setattr(template_files, "columns_for", hostile_columns)
    content = seller_client.get(reverse(name, args=args)).content
    if args[-1] == "xlsx":
        book = load_workbook(io.BytesIO(content))
        cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value]
        assert not [cell.value for cell in cells if cell.data_type == "f"]
        assert "'" + FORMULA in {cell.value for cell in cells}
    else:
        text = content.decode("utf-8-sig")
        cells = {cell for row in csv.reader(io.StringIO(text)) for cell in row}
        assert ("'" + FORMULA in cells) or ("'@SUM(1)" in cells)
        assert FORMULA not in cells and "@SUM(1)" not in cells


def test_the_problems_report_downloads_as_csv_with_formulas_neutralised(seller_client, seller):
    job = ImportJob.objects.create(seller=seller, kind="gem", mode="create", status=ImportJob.Status.INVALID,
                                   error_count=2, errors=[
                                       {"row": 2, "column": "sku", "reason": "SKU SW-1 is also on row 3."},
                                       {"row": 3, "column": "=cmd", "reason": FORMULA}])
    page = seller_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert reverse("imports:job_errors_csv", args=[job.pk]) in page

    response = seller_client.get(reverse("imports:job_errors_csv", args=[job.pk]))

    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["row", "column", "reason"], ["2", "sku", "SKU SW-1 is also on row 3."],
                    ["3", "'=cmd", "'" + FORMULA]]


def test_a_worker_writes_the_problems_in_the_uploaders_language(seller_client, seller,
                                                               django_capture_on_commit_callbacks):
    """The check runs in a worker whose language is the site default; the seller uploaded in Urdu."""
    rows = [gem_row("SW-1", carat="heavy")]
    with django_capture_on_commit_callbacks(execute=False):
        seller_client.post(reverse("imports:home"), {"kind": "gem", "mode": "create", "file": upload(csv_bytes(rows))},
                           HTTP_ACCEPT_LANGUAGE="ur")
    job = ImportJob.objects.get(seller=seller)
    assert job.language == "ur"
    with translation.override("en"):  # the worker's own language
        import_job_check_task(job.pk)
    job.refresh_from_db()
    with translation.override("ur"):
        expected = translation.gettext("Enter a number.")
    assert expected != "Enter a number." and job.errors == [{"row": 2, "column": "carat", "reason": expected}]
