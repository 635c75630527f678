"""The applicant's page: where the application stands, the council's reason, applying again."""

import pytest
from django.urls import reverse

from gembazaar.sellers import services
from gembazaar.sellers.models import Seller, SellerDocument, SellerStatusEvent

from .conftest import application_post, make_user, pdf_upload, private_files

pytestmark = pytest.mark.django_db
PAGE = reverse("seller_application")
REAPPLY = reverse("seller_reapply")


@pytest.fixture
def applied(client, applicant):
    client.force_login(applicant)
    client.post(reverse("seller_apply"), application_post())
    return Seller.objects.get()


def test_someone_who_has_not_applied_is_sent_to_the_form(client, applicant):
    client.force_login(applicant)
    assert client.get(PAGE)["Location"] == reverse("seller_apply")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert reverse("login") in client.get(PAGE)["Location"]


def test_a_fresh_application_shows_what_is_pending_and_the_documents(client, applied):
    html = client.get(PAGE).content.decode()
    assert "Waiting for the council" in html
    assert "Liberty Silver Works (Pvt) Ltd" in html and "+924235751234" in html and "1234567-8" in html
    for document in SellerDocument.objects.all():
        assert reverse("seller_document_download", args=[document.pk]) in html
    assert "Apply again" not in html


def test_a_rejection_shows_the_reason_and_the_way_to_apply_again(client, applied, council_user):
    services.seller_start_review(seller=applied, actor=council_user)
    services.seller_reject(seller=applied, actor=council_user, reason="The NTN does not match the licence.")

    html = client.get(PAGE).content.decode()

    assert "Your application was not approved" in html
    assert "The NTN does not match the licence." in html
    assert REAPPLY in html
    assert "council@example.org" not in html  # staff identities stay in the council's audit view


def test_reapply_is_only_open_after_a_rejection(client, applied):
    assert client.get(REAPPLY)["Location"] == PAGE


def test_applying_again_keeps_documents_not_replaced_and_adds_new_ones(client, applied, council_user,
                                                                       private_root):
    services.seller_start_review(seller=applied, actor=council_user)
    services.seller_reject(seller=applied, actor=council_user, reason="Licence expired.")
    form_page = client.get(REAPPLY)
    assert form_page.status_code == 200
    assert 'value="Liberty Silver Works (Pvt) Ltd"' in form_page.content.decode()
    assert "Licence expired." in form_page.content.decode()

    data = application_post(tax_number="7654321-0", trade_licence=pdf_upload("renewed.pdf"), owner_id=None)
    response = client.post(REAPPLY, data)

    assert response.status_code == 302 and response["Location"] == PAGE
    applied.refresh_from_db()
    assert applied.status == "applied" and applied.tax_number == "7654321-0"
    assert SellerDocument.objects.filter(kind="trade_licence").count() == 2
    assert SellerDocument.objects.filter(kind="owner_id").count() == 1
    assert len(private_files(private_root)) == 3
    assert SellerStatusEvent.objects.order_by("-at", "-id").first().to_status == "applied"


def test_a_bad_reapplication_changes_nothing(client, applied, council_user, private_root):
    services.seller_start_review(seller=applied, actor=council_user)
    services.seller_reject(seller=applied, actor=council_user, reason="Licence expired.")
    response = client.post(REAPPLY, application_post(phone="not a phone", trade_licence=pdf_upload("new.pdf")))
    assert response.status_code == 400 and list(response.context["form"].errors) == ["phone"]
    applied.refresh_from_db()
    assert applied.status == "rejected"
    assert len(private_files(private_root)) == 2


def test_another_user_sees_only_their_own_application(client, applied):
    client.force_login(make_user("other"))
    assert client.get(PAGE)["Location"] == reverse("seller_apply")
