"""Private documents: stored outside MEDIA_ROOT, downloadable by council staff and the owners only."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gembazaar.sellers import services
from gembazaar.sellers.models import SellerDocument
from gembazaar.sellers.storage import private_storage
from gembazaar.sellers.validation import check_document

from .conftest import PDF, application_post, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(applicant):
    from gembazaar.sellers.forms import SellerApplicationForm

    data = application_post()
    form = SellerApplicationForm(data={k: v for k, v in data.items() if k not in ("trade_licence", "owner_id")},
                                 files={"trade_licence": data["trade_licence"], "owner_id": data["owner_id"]})
    assert form.is_valid(), form.errors
    return services.seller_apply(user=applicant, details=form.details(), documents=form.documents())


@pytest.fixture
def licence(application):
    return SellerDocument.objects.get(seller=application, kind="trade_licence")


def url(document) -> str:
    return reverse("seller_document_download", args=[document.pk])


def test_the_owner_downloads_their_document_as_an_attachment(client, applicant, licence):
    client.force_login(applicant)
    response = client.get(url(licence))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "liberty-silver-works-trade-licence" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF


def test_council_staff_download_any_document(client, council_user, licence):
    client.force_login(council_user)
    response = client.get(url(licence))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("who", ["other_owner", "buyer", "seller_staff", "plain_admin_staff"])
def test_anyone_else_gets_not_found_as_for_a_missing_document(client, licence, who):
    from gembazaar.sellers.models import SellerMember
    from gembazaar.testing import make_seller

    user = make_user(who, is_staff=(who == "plain_admin_staff"))
    if who == "other_owner":
        SellerMember.objects.create(seller=make_seller(), user=user, role="owner")
    if who == "seller_staff":  # staff of the same business: the owner's ID is not theirs to see
        SellerMember.objects.create(seller=licence.seller, user=user, role="staff")
    client.force_login(user)

    assert client.get(url(licence)).status_code == 404
    missing = reverse("seller_document_download", args=[licence.pk + 1000])
    assert client.get(missing).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_without_learning_anything(client, licence):
    existing = client.get(url(licence))
    missing = client.get(reverse("seller_document_download", args=[licence.pk + 1000]))
    assert existing.status_code == missing.status_code == 302
    assert reverse("login") in existing["Location"]


def test_files_live_in_private_storage_outside_media_root(licence):
    path = Path(licence.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "licence" not in path.name or path.name.startswith("trade_licence-")  # random name, not the upload's
    with pytest.raises(ValueError):
        licence.file.url  # noqa: B018 — no URL exists for a private file


def test_the_default_private_folder_is_not_under_media_or_static():
    from gembazaar import settings as project

    private = Path(project.PRIVATE_MEDIA_ROOT).resolve()
    for public in (project.MEDIA_ROOT, project.STATIC_ROOT):
        assert not private.is_relative_to(Path(public).resolve())


def test_the_media_url_does_not_reach_private_files(client, licence, settings):
    response = client.get(f"{settings.MEDIA_URL}{licence.file.name}")
    assert response.status_code == 404


def test_the_storage_refuses_urls():
    with pytest.raises(ValueError):
        private_storage().url("sellers/1/x.pdf")


def test_the_system_check_refuses_a_private_folder_inside_media_root(settings):
    from gembazaar.sellers.checks import check_private_media_root

    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"
    assert [error.id for error in check_private_media_root(None)] == ["sellers.E001"]


@pytest.mark.parametrize(("name", "data", "content_type"), [
    ("scan.pdf", PDF, "application/pdf"),
    ("scan.jpg", None, "image/jpeg"),
    ("scan.png", None, "image/jpeg"),  # a picture is re-encoded as JPEG, metadata dropped
])
def test_documents_are_recognised_by_content_not_name(name, data, content_type):
    from .conftest import jpeg_bytes, png_bytes

    data = data or (jpeg_bytes() if name.endswith(".jpg") else png_bytes())
    checked = check_document(SimpleUploadedFile("whatever.bin", data), field="doc")
    assert checked.content_type == content_type


def test_an_html_file_named_pdf_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        check_document(SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>"), field="doc")
    assert "doc" in caught.value.message_dict


def test_application_details_stay_off_the_public_page_and_the_api(client):
    from gembazaar.testing import make_seller

    seller = make_seller(phone="+923001234567", tax_number="7654321-9", address="Secret back office, Namak Mandi")
    page = client.get(seller.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/sellers/{seller.slug}").content.decode()
    for private in ("+923001234567", "7654321-9", "Secret back office"):
        assert private not in page and private not in api
