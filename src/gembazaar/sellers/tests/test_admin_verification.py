"""The admin for verification: useful lists, the status only through the service, documents only by link."""

import pytest
from django.urls import reverse

from gembazaar.sellers import services
from gembazaar.sellers.models import Seller, SellerDocument, SellerStatusEvent
from gembazaar.testing import make_seller

from .conftest import make_owner, make_user, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def document(council_user):
    from gembazaar.sellers.validation import check_document

    seller = make_seller(status="applied", trade_name="Pindi Gem Centre")
    return services.seller_document_add(seller=seller, kind="trade_licence",
                                        document=check_document(pdf_upload(), field="upload"), actor=council_user)


@pytest.mark.parametrize("model", ["seller", "sellerdocument", "sellerstatusevent"])
def test_changelists_search_and_filter(admin_client, document, model):
    response = admin_client.get(reverse(f"admin:sellers_{model}_changelist"), {"q": "Pindi"})
    assert response.status_code == 200
    assert "Pindi Gem Centre" in response.content.decode() or model == "sellerstatusevent"


def test_a_document_is_shown_only_through_the_protected_link(admin_client, document):
    html = admin_client.get(reverse("admin:sellers_sellerdocument_change", args=[document.pk])).content.decode()
    assert reverse("seller_document_download", args=[document.pk]) in html
    assert document.file.name not in html and 'type="file"' not in html
    seller_html = admin_client.get(reverse("admin:sellers_seller_change", args=[document.seller.pk])).content.decode()
    assert reverse("seller_document_download", args=[document.pk]) in seller_html
    assert document.file.name not in seller_html


def test_the_status_cannot_be_edited_directly_on_the_seller(admin_client):
    seller = make_seller(status="applied")
    html = admin_client.get(reverse("admin:sellers_seller_change", args=[seller.pk])).content.decode()
    assert 'name="status"' not in html and 'name="verified_at"' not in html


def test_adding_a_status_row_makes_the_transition_through_the_service(admin_client, mailoutbox,
                                                                      django_capture_on_commit_callbacks):
    seller = make_seller(status="under_review")
    make_owner(seller, "owner")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:sellers_sellerstatusevent_add"),
                                     {"seller": seller.pk, "to_status": "rejected", "reason": "Blurred ID scan."})
    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.status == "rejected"
    event = SellerStatusEvent.objects.get()
    assert event.from_status == "under_review" and event.actor.username == "root"
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(("status", "to_status", "reason"), [
    ("applied", "verified", ""),       # not a move of the machine
    ("under_review", "rejected", ""),  # needs a reason
])
def test_the_admin_refuses_what_the_machine_refuses(admin_client, status, to_status, reason):
    seller = make_seller(status=status)
    response = admin_client.post(reverse("admin:sellers_sellerstatusevent_add"),
                                 {"seller": seller.pk, "to_status": to_status, "reason": reason})
    assert response.status_code == 200  # the form again, with the error
    assert Seller.objects.get(pk=seller.pk).status == status
    assert not SellerStatusEvent.objects.exists()


def test_status_rows_cannot_be_changed_or_deleted(admin_client, council_user):
    seller = make_seller(status="applied")
    event = services.seller_start_review(seller=seller, actor=council_user)
    change = admin_client.post(reverse("admin:sellers_sellerstatusevent_change", args=[event.pk]),
                               {"reason": "rewritten"})
    assert change.status_code == 403
    delete = admin_client.post(reverse("admin:sellers_sellerstatusevent_delete", args=[event.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert SellerStatusEvent.objects.get().reason == ""


def test_adding_a_document_checks_its_content(admin_client, private_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    seller = make_seller(status="applied")
    bad = SimpleUploadedFile("licence.pdf", b"MZ\x90\x00 definitely not a pdf")
    response = admin_client.post(reverse("admin:sellers_sellerdocument_add"),
                                 {"seller": seller.pk, "kind": "trade_licence", "upload": bad})
    assert response.status_code == 200 and "Upload a PDF, JPEG or PNG file." in response.content.decode()
    good = admin_client.post(reverse("admin:sellers_sellerdocument_add"),
                             {"seller": seller.pk, "kind": "trade_licence", "upload": pdf_upload()})
    assert good.status_code == 302
    assert SellerDocument.objects.get().uploaded_by.username == "root"
