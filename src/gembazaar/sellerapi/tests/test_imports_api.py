"""Bulk import through the seller API: upload → check → preview → commit, the same jobs as the web page."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gembazaar.catalogue.models import Listing, ListingImage
from gembazaar.imports.models import ImportJob
from gembazaar.imports.tests.conftest import (
    GEM_HEADER,
    csv_bytes,
    gem_row,
    jewelry_row,
    picture_bytes,
    xlsx_bytes,
    zip_bytes,
)
from gembazaar.sellers import api_keys as services
from gembazaar.testing import make_gem_listing

pytestmark = pytest.mark.django_db

BASE = "/api/v1/seller/imports"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def api_client(seller) -> Client:
    _, plaintext = services.api_key_create(seller=seller, name="ERP", created_by=None)
    return Client(headers={"Authorization": f"Bearer {plaintext}"})


def upload(data: bytes, name: str = "stock.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """POST and run what the handler queued on commit (the Celery tasks run eagerly without Redis)."""
    def post(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})
    return post


@pytest.fixture
def client(seller):
    return api_client(seller)


def start(send, client, data: bytes, *, name="stock.csv", **fields):
    form = {"kind": "gemstone", "mode": "create", "file": upload(data, name), **fields}
    response = send(client, BASE, form)
    assert response.status_code == 202, response.json()
    return response.json()


def test_upload_preview_and_commit(client, seller, send):
    rows = [gem_row(f"SW-{n}", price=f"{1000 + n}.50") for n in range(3)]
    body = start(send, client, csv_bytes(rows))
    assert body["status"] == "queued" and body["kind"] == "gemstone" and body["mode"] == "create"
    assert body["urls"]["detail"].endswith(f"{BASE}/{body['id']}")
    assert body["urls"]["commit"].endswith(f"{BASE}/{body['id']}/commit")
    assert Listing.objects.count() == 0

    job = client.get(f"{BASE}/{body['id']}").json()
    assert job["status"] == "valid" and job["progress_percent"] == 100
    assert (job["total_rows"], job["processed_rows"], job["error_count"]) == (3, 3, 0)
    assert job["errors"] == []
    assert job["preview"][0] == {
        "row": 2, "sku": "SW-0", "title": "Swat emerald SW-0", "price": "1000.50", "currency": "USD",
        "kind": "gemstone", "species": "beryl", "variety": "emerald", "nature": "natural", "imitates": None,
        "carat": "1.250", "pieces": "1", "treatments": ["O"], "lab": None, "certificate_number": None,
        "origin_country": "PK", "origin_locality": "swat_mingora", "jewelry_type": None, "metal": None,
        "karat": None, "fineness": None, "gross_weight_g": None, "net_metal_weight_g": None, "weight_unit": None,
        "problems": []}
    assert Listing.objects.count() == 0  # nothing is written before the commit

    response = send(client, job["urls"]["commit"])
    assert response.status_code in (200, 202)
    committed = client.get(f"{BASE}/{body['id']}").json()
    assert committed["status"] == "committed" and committed["created_count"] == 3
    listings = Listing.objects.filter(seller=seller).order_by("sku")
    assert [(item.sku, item.price, item.status) for item in listings] == [
        ("SW-0", Decimal("1000.500"), "draft"), ("SW-1", Decimal("1001.500"), "draft"),
        ("SW-2", Decimal("1002.500"), "draft")]

    # Committing again is a conflict and writes nothing more.
    again = send(client, job["urls"]["commit"])
    assert again.status_code == 409
    assert again.json() == {"code": "import_already_committed", "message": again.json()["message"],
                            "field": "status"}
    assert Listing.objects.count() == 3


def test_the_commit_answers_200_with_the_result_when_it_ran_in_the_request(client, seller, send, monkeypatch):
    body = start(send, client, csv_bytes([gem_row("SW-1")]))
    # Outside a transaction (production without a Celery worker) the queued task runs at once.
    monkeypatch.setattr("django.db.transaction.on_commit", lambda callback, *args, **kwargs: callback())
    response = client.post(f"{BASE}/{body['id']}/commit")
    assert response.status_code == 200
    assert response.json()["status"] == "committed" and response.json()["created_count"] == 1
    assert Listing.objects.filter(seller=seller, sku="SW-1").exists()


def test_an_xlsx_file_imports_too(client, seller, send):
    body = start(send, client, xlsx_bytes([gem_row("SW-1")]), name="stock.xlsx")
    assert client.get(f"{BASE}/{body['id']}").json()["status"] == "valid"


def test_a_bad_file_lists_row_column_reason_and_cannot_be_committed(client, seller, send):
    rows = [gem_row("SW-1"), gem_row("SW-2", carat="heavy"), gem_row("SW-3", shape="blob")]
    body = start(send, client, csv_bytes(rows))
    job = client.get(f"{BASE}/{body['id']}").json()
    assert job["status"] == "invalid" and job["error_count"] == 2
    assert job["errors"] == [{"row": 3, "column": "carat", "reason": "Enter a number."},
                             {"row": 4, "column": "shape", "reason": "“blob” is not a known value."}]
    bad_carat = job["preview"][1]
    assert (bad_carat["row"], bad_carat["carat"]) == (3, "heavy")  # as typed, next to why
    assert bad_carat["problems"] == [{"column": "carat", "reason": "Enter a number."}]
    assert job["preview"][0]["problems"] == []
    response = send(client, job["urls"]["commit"])
    assert response.status_code == 409
    assert response.json()["code"] == "import_has_errors" and response.json()["field"] == "status"
    assert Listing.objects.count() == 0
    assert ImportJob.objects.get(pk=body["id"]).status == ImportJob.Status.INVALID


def test_a_job_still_being_checked_cannot_be_committed(client, seller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # no worker has picked it up yet
        response = client.post(BASE, {"kind": "gemstone", "file": upload(csv_bytes([gem_row("SW-1")]))})
    job_id = response.json()["id"]
    answer = client.post(f"{BASE}/{job_id}/commit")
    assert answer.status_code == 409 and answer.json()["code"] == "import_not_checked"
    assert Listing.objects.count() == 0


def test_update_mode_changes_the_sellers_listings_by_sku(client, seller, other_seller, send):
    mine = make_gem_listing(seller=seller, sku="A-1")
    theirs = make_gem_listing(seller=other_seller, sku="A-2")
    body = start(send, client, csv_bytes([{"sku": "A-1", "price": "999.50", "title": ""}]), mode="update")
    assert body["mode"] == "update"
    job = client.get(f"{BASE}/{body['id']}").json()
    assert job["status"] == "valid", job["errors"]
    send(client, job["urls"]["commit"])
    job = client.get(f"{BASE}/{body['id']}").json()
    assert job["status"] == "committed" and job["updated_count"] == 1 and job["created_count"] == 0
    mine.refresh_from_db()
    assert mine.price == Decimal("999.500") and mine.title != ""

    # Another seller's SKU is unknown in update mode.
    body = start(send, client, csv_bytes([{"sku": "A-2", "price": "1"}]), mode="update")
    job = client.get(f"{BASE}/{body['id']}").json()
    assert job["status"] == "invalid"
    assert job["errors"] == [{"row": 2, "column": "sku", "reason": "Unknown SKU A-2: none of your listings has it."}]
    theirs.refresh_from_db()
    assert theirs.price == Decimal("1250.000")


def test_a_zip_of_pictures_named_by_sku(client, seller, send):
    images = zip_bytes({"SW-1.jpg": picture_bytes(fmt="JPEG"), "SW-1-2.png": picture_bytes((200, 0, 0)),
                        "SW-2.png": picture_bytes()})
    body = start(send, client, csv_bytes([gem_row("SW-1"), gem_row("SW-2")]),
                 images=upload(images, "pictures.zip"))
    assert body["images_name"] == "pictures.zip"
    send(client, body["urls"]["commit"])
    job = client.get(f"{BASE}/{body['id']}").json()
    assert job["status"] == "committed" and job["image_count"] == 3
    assert Listing.objects.get(seller=seller, sku="SW-1").images.count() == 2
    assert ListingImage.objects.filter(listing__seller=seller).count() == 3


def test_a_picture_named_after_no_sku_is_a_job_error(client, seller, send):
    images = zip_bytes({"NOPE-1.jpg": picture_bytes(fmt="JPEG")})
    body = start(send, client, csv_bytes([gem_row("SW-1")]), images=upload(images, "pictures.zip"))
    job = client.get(f"{BASE}/{body['id']}").json()
    assert job["status"] == "invalid" and job["errors"][0]["column"] == "images"


def test_publish_creates_active_listings_for_a_verified_seller(client, seller, send):
    body = start(send, client, csv_bytes([gem_row("SW-1")]), publish="true")
    assert body["publish"] is True
    send(client, body["urls"]["commit"])
    assert Listing.objects.get(seller=seller, sku="SW-1").status == "active"


# --- Bad input: 4xx naming the field, no job, never 500 -------------------------------------------------


def assert_refused(response, status: int, field: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["field"] == field, body
    assert ImportJob.objects.count() == 0
    return body


def test_no_file_is_422_naming_it(client):
    assert_refused(client.post(BASE, {"kind": "gemstone"}), 422, "file")


@pytest.mark.parametrize(("fields", "field"), [({"kind": "rings"}, "kind"), ({}, "kind"),
                                               ({"kind": "gemstone", "mode": "replace"}, "mode"),
                                               ({"kind": "gemstone", "publish": "perhaps"}, "publish")])
def test_a_wrong_option_is_422_naming_it(client, fields, field):
    assert_refused(client.post(BASE, {**fields, "file": upload(csv_bytes([gem_row("SW-1")]))}), 422, field)


def test_an_oversize_file_is_400(client, settings):
    settings.IMPORT_MAX_FILE_BYTES = 500
    data = csv_bytes([gem_row(f"SW-{n}") for n in range(20)])
    body = assert_refused(client.post(BASE, {"kind": "gemstone", "file": upload(data)}), 400, "file")
    assert body["code"] == "too_large" and "the limit is" in body["message"]


def test_an_oversize_images_zip_is_400(client, settings):
    settings.IMPORT_IMAGES_MAX_BYTES = 100
    images = zip_bytes({"SW-1.png": picture_bytes()})
    response = client.post(BASE, {"kind": "gemstone", "file": upload(csv_bytes([gem_row("SW-1")])),
                                  "images": upload(images, "pictures.zip")})
    assert assert_refused(response, 400, "images")["code"] == "too_large"


def test_a_csv_that_is_not_utf8_is_400_with_advice(client):
    data = csv_bytes([gem_row("SW-1", title="Émeraude")]).decode().encode("cp1252")
    body = assert_refused(client.post(BASE, {"kind": "gemstone", "file": upload(data)}), 400, "file")
    assert body["code"] == "file_rejected" and "CSV UTF-8" in body["message"]


def test_an_empty_file_is_400(client):
    assert_refused(client.post(BASE, {"kind": "gemstone", "file": upload(b"")}), 400, "file")


def test_a_binary_file_is_400(client):
    assert_refused(client.post(BASE, {"kind": "gemstone", "file": upload(b"\x00\x01binary\x00", "x.pdf")}),
                   400, "file")


def test_an_images_file_that_is_not_a_zip_is_400(client):
    response = client.post(BASE, {"kind": "gemstone", "file": upload(csv_bytes([gem_row("SW-1")])),
                                  "images": upload(b"not a zip", "pictures.zip")})
    assert "not a readable ZIP" in assert_refused(response, 400, "images")["message"]


def test_an_images_zip_with_path_traversal_is_400(client):
    images = zip_bytes({"../SW-1.jpg": picture_bytes()})
    response = client.post(BASE, {"kind": "gemstone", "file": upload(csv_bytes([gem_row("SW-1")])),
                                  "images": upload(images, "pictures.zip")})
    assert "outside the archive" in assert_refused(response, 400, "images")["message"]


def test_a_zip_bomb_as_the_spreadsheet_is_400(client):
    bomb = zip_bytes({"xl/worksheets/sheet1.xml": b"\0" * 50_000_000})
    response = client.post(BASE, {"kind": "gemstone", "file": upload(bomb, "stock.xlsx")})
    assert "ZIP bomb" in assert_refused(response, 400, "file")["message"]


def test_publish_is_refused_for_a_seller_not_yet_verified(seller, send):
    type(seller).objects.filter(pk=seller.pk).update(status="under_review", verified_at=None)
    client = api_client(seller)
    response = client.post(BASE, {"kind": "gemstone", "publish": "true",
                                  "file": upload(csv_bytes([gem_row("SW-1")]))})
    assert assert_refused(response, 400, "publish")["code"] == "seller_not_verified"


def test_a_missing_header_column_is_a_job_error_not_a_refusal(client, send):
    header = [h for h in GEM_HEADER if h != "carat"]
    body = start(send, client, csv_bytes([gem_row("SW-1")], header=header))
    job = client.get(f"{BASE}/{body['id']}").json()
    assert job["status"] == "invalid"
    assert job["errors"] == [{"row": 1, "column": "carat", "reason": "Missing required column(s): carat."}]


# --- Listing, tenancy, keys ------------------------------------------------------------------


def test_the_list_is_the_sellers_jobs_newest_first_and_paginated(client, seller, other_seller, send):
    first = start(send, client, csv_bytes([gem_row("SW-1")]))
    second = start(send, client, csv_bytes([gem_row("SW-2")]))
    start(send, api_client(other_seller), csv_bytes([gem_row("SW-9")]))
    body = client.get(BASE).json()
    assert body["count"] == 2 and [item["id"] for item in body["items"]] == [second["id"], first["id"]]
    assert "errors" not in body["items"][0] and body["items"][0]["status"] == "valid"
    page = client.get(BASE, {"page_size": 1, "page": 2}).json()
    assert [item["id"] for item in page["items"]] == [first["id"]] and page["next"] is None
    assert client.get(BASE, {"page_size": 0}).status_code == 422


def test_another_sellers_job_is_404_on_get_and_commit(client, other_seller, send):
    body = start(send, api_client(other_seller), csv_bytes([gem_row("SW-1")]))
    assert ImportJob.objects.get(pk=body["id"]).status == ImportJob.Status.VALID
    response = client.get(f"{BASE}/{body['id']}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = send(client, f"{BASE}/{body['id']}/commit")
    assert response.status_code == 404
    assert ImportJob.objects.get(pk=body["id"]).status == ImportJob.Status.VALID
    assert Listing.objects.count() == 0
    assert client.get(f"{BASE}/999999").status_code == 404


def test_without_a_key_it_is_401(seller):
    response = Client().post(BASE, {"kind": "gemstone", "file": upload(csv_bytes([gem_row("SW-1")]))})
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize("status", ["suspended", "rejected"])
def test_a_suspended_or_rejected_seller_is_403(seller, status, send):
    client = api_client(seller)
    body = start(send, client, csv_bytes([gem_row("SW-1")]))
    type(seller).objects.filter(pk=seller.pk).update(status=status)
    for response in (client.post(BASE, {"kind": "gemstone", "file": upload(csv_bytes([gem_row("SW-2")]))}),
                     client.get(BASE), client.get(f"{BASE}/{body['id']}"),
                     client.post(f"{BASE}/{body['id']}/commit")):
        assert response.status_code == 403 and response.json()["code"] == "seller_not_active"
    assert ImportJob.objects.count() == 1 and Listing.objects.count() == 0


def test_the_key_rate_limit_applies(seller, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"seller_api_key": "2/m"}
    client = api_client(seller)
    assert [client.get(BASE).status_code for _ in range(2)] == [200, 200]
    response = client.get(BASE)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_a_job_says_when_its_files_were_deleted(seller):
    """Housekeeping deletes uploaded files IMPORT_FILE_RETENTION_DAYS after a job ended; the API
    says so instead of leaving the client to find a missing file."""
    from django.utils import timezone

    from gembazaar.imports.models import ImportJob

    client = api_client(seller)
    created = client.post("/api/v1/seller/imports", {"kind": "gemstone", "file": upload(b"sku\n")})
    job_id = created.json()["id"]
    assert created.json()["files_purged_at"] is None and created.json()["retries"] == 0
    ImportJob.objects.filter(pk=job_id).update(files_purged_at=timezone.now())
    assert client.get(f"/api/v1/seller/imports/{job_id}").json()["files_purged_at"] is not None


def test_the_preview_of_a_jewelry_file_gives_metal_purity_and_weights_as_codes(client, send):
    body = start(send, client, csv_bytes([jewelry_row("RG-1")]), kind="jewelry")
    row = client.get(f"{BASE}/{body['id']}").json()["preview"][0]
    assert {key: row[key] for key in ("kind", "jewelry_type", "metal", "karat", "fineness", "gross_weight_g",
                                      "net_metal_weight_g", "price", "currency")} == {
        "kind": "jewelry", "jewelry_type": "ring", "metal": "gold", "karat": "22", "fineness": "916",
        "gross_weight_g": "5.200", "net_metal_weight_g": "4.800", "price": "95000", "currency": "PKR"}
    assert row["species"] is None and row["treatments"] == []


def test_a_job_checked_before_the_richer_preview_still_answers(client, seller):
    job = ImportJob.objects.create(seller=seller, kind="gem", status=ImportJob.Status.VALID, file_name="old.csv",
                                   sample=[{"row": 2, "sku": "SW-0", "title": "Old", "price": "10.00",
                                            "currency": "USD"}])
    row = client.get(f"{BASE}/{job.pk}").json()["preview"][0]
    assert (row["sku"], row["price"], row["species"], row["treatments"], row["problems"]) == (
        "SW-0", "10.00", None, [], [])


def test_the_schema_describes_the_preview_codes_and_problems(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    fields = schemas["ImportPreviewRowOut"]["properties"]
    assert {"kind", "species", "variety", "nature", "imitates", "carat", "pieces", "treatments", "lab",
            "certificate_number", "origin_country", "origin_locality", "jewelry_type", "metal", "karat",
            "fineness", "gross_weight_g", "net_metal_weight_g", "price", "currency", "problems"} <= set(fields)
    assert fields["treatments"]["items"] == {"type": "string"}
    assert set(schemas["ImportRowProblemOut"]["properties"]) == {"column", "reason"}
    assert set(schemas["ImportPreviewRowOut"]["required"]) == {"row", "sku", "title", "price", "currency"}
