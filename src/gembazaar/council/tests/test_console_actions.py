"""The council's decisions from the application page: POST forms with CSRF, reasons, the audit trail."""

import pytest
from django.test import Client
from django.urls import reverse

from gembazaar.sellers import services
from gembazaar.sellers.models import Seller, SellerStatusEvent
from gembazaar.sellers.tests.conftest import application_post, make_owner
from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db


def act(client, seller, action, reason=""):
    return client.post(reverse("council:seller_action", args=[seller.pk]), {"action": action, "reason": reason})


@pytest.fixture
def staff(client, council_user):
    client.force_login(council_user)
    return client


def test_the_application_page_shows_details_documents_trail_and_the_open_decisions(client, applicant, staff):
    applicant_client = Client()
    applicant_client.force_login(applicant)
    applicant_client.post(reverse("seller_apply"), application_post())
    seller = Seller.objects.get()

    html = staff.get(reverse("council:seller_detail", args=[seller.pk])).content.decode()

    assert "Liberty Silver Works (Pvt) Ltd" in html and "+924235751234" in html and "GGC-LHR-0298" in html
    assert "amina@example.org" in html
    for document in seller.documents.all():
        assert reverse("seller_document_download", args=[document.pk]) in html
    assert "Audit trail" in html and "by Amina &lt;amina@example.org&gt;" in html
    assert 'value="start_review"' in html and 'value="approve"' not in html
    assert "csrfmiddlewaretoken" in html


def test_a_review_then_an_approval(staff, mailoutbox, django_capture_on_commit_callbacks):
    seller = make_seller(status="applied", trade_name="Shinwari Gemstones")
    make_owner(seller, "owner")
    with django_capture_on_commit_callbacks(execute=True):
        response = act(staff, seller, "start_review")
    assert response.status_code == 302 and response["Location"] == reverse("council:seller_detail", args=[seller.pk])
    page = staff.get(response["Location"]).content.decode()
    assert "Review started: Shinwari Gemstones has been told." in page
    assert 'value="approve"' in page and 'value="reject"' in page

    with django_capture_on_commit_callbacks(execute=True):
        act(staff, seller, "approve", "Premises visited on 3 March.")
    seller.refresh_from_db()
    assert seller.is_verified and seller.verified_at
    assert [e.to_status for e in SellerStatusEvent.objects.order_by("at", "id")] == ["under_review", "verified"]
    assert len(mailoutbox) == 2


def test_rejecting_without_a_reason_shows_the_error_and_changes_nothing(staff):
    seller = make_seller(status="under_review")
    response = act(staff, seller, "reject", "   ")
    assert response.status_code == 400
    assert "Give the reason" in response.content.decode()
    assert Seller.objects.get(pk=seller.pk).status == "under_review"
    assert not SellerStatusEvent.objects.exists()


def test_suspend_and_reinstate(staff):
    seller = make_seller()
    act(staff, seller, "suspend", "Certificate numbers found duplicated.")
    seller.refresh_from_db()
    assert seller.status == "suspended"
    page = staff.get(reverse("council:seller_detail", args=[seller.pk])).content.decode()
    assert "Certificate numbers found duplicated." in page and 'value="reinstate"' in page
    act(staff, seller, "reinstate")
    assert Seller.objects.get(pk=seller.pk).status == "verified"


def test_a_move_the_machine_forbids_is_refused_with_its_message(staff):
    seller = make_seller(status="applied")
    response = act(staff, seller, "approve")
    assert response.status_code == 400
    assert "cannot become" in response.content.decode()
    assert Seller.objects.get(pk=seller.pk).status == "applied"


def test_a_decision_taken_on_a_stale_page_is_refused(staff, council_user):
    seller = make_seller(status="under_review")
    services.seller_approve(seller=seller, actor=council_user)  # a colleague decided first
    response = act(staff, seller, "reject", "Not convinced")
    assert response.status_code == 400
    assert Seller.objects.get(pk=seller.pk).status == "verified"


def test_an_unknown_action_is_refused(staff):
    seller = make_seller(status="applied")
    assert act(staff, seller, "delete").status_code == 400


def test_decisions_need_the_csrf_token(council_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(council_user)
    seller = make_seller(status="applied")
    assert act(client, seller, "start_review").status_code == 403
    assert Seller.objects.get(pk=seller.pk).status == "applied"


def test_decisions_are_post_only(staff):
    seller = make_seller(status="applied")
    response = staff.get(reverse("council:seller_action", args=[seller.pk]), {"action": "start_review"})
    assert response.status_code == 405
