"""A signed-in person applies to sell: good applications, and bad ones that write nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gembazaar.sellers.models import Seller, SellerDocument, SellerMember, SellerStatusEvent

from .conftest import PDF, application_post, make_user, pdf_upload, private_files

pytestmark = pytest.mark.django_db
URL = reverse("seller_apply")


def apply(client, user, **overrides):
    client.force_login(user)
    return client.post(URL, application_post(**overrides))


def assert_nothing_written(private_root):
    assert not Seller.objects.exists()
    assert not SellerMember.objects.exists()
    assert not SellerDocument.objects.exists()
    assert not SellerStatusEvent.objects.exists()
    assert private_files(private_root) == []


def test_the_form_is_shown_to_a_signed_in_user_with_a_confirmed_email(client, applicant):
    client.force_login(applicant)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    for field in ("legal_name", "trade_name", "city", "address", "phone", "council_membership_no", "tax_number",
                  "categories", "years_in_trade", "trade_licence", "owner_id"):
        assert f'name="{field}"' in html, field
    assert '<option value="Peshawar">Peshawar</option>' in html and '<option value="other">' in html


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_unconfirmed_email_cannot_apply_yet(client):
    client.force_login(make_user("newcomer", confirmed=False))
    assert client.get(URL).status_code == 403


def test_a_good_application_creates_the_seller_its_owner_documents_and_first_audit_row(client, applicant,
                                                                                     private_root):
    response = apply(client, applicant)

    assert response.status_code == 302 and response["Location"] == reverse("seller_application")
    seller = Seller.objects.get()
    assert seller.status == Seller.Status.APPLIED and seller.verified_at is None and seller.applied_at
    assert (seller.legal_name, seller.trade_name, seller.city) == (
        "Liberty Silver Works (Pvt) Ltd", "Liberty Silver Works", "Lahore")
    assert seller.slug == "liberty-silver-works"
    assert seller.address == "Shop 14, Liberty Market\nGulberg III, Lahore"
    assert seller.phone == "+924235751234"  # stored in E.164
    assert seller.council_membership_no == "GGC-LHR-0298"
    assert seller.tax_number == "1234567-8"
    assert seller.categories == "gemstones,silver_jewelry"  # the vocabulary's order
    assert seller.years_in_trade == 12
    assert SellerMember.objects.get().user == applicant
    assert SellerMember.objects.get().role == SellerMember.Role.OWNER
    documents = {d.kind: d for d in SellerDocument.objects.all()}
    assert documents["trade_licence"].content_type == "application/pdf"
    assert documents["trade_licence"].original_name == "licence.pdf"
    assert documents["owner_id"].content_type == "image/jpeg"  # pictures are re-encoded, metadata dropped
    assert len(private_files(private_root)) == 2
    event = SellerStatusEvent.objects.get()
    assert (event.from_status, event.to_status, event.actor) == ("", "applied", applicant)


def test_a_city_not_in_the_list_is_typed_in(client, applicant):
    apply(client, applicant, city="other", city_other="  Sialkot ")
    assert Seller.objects.get().city == "Sialkot"


def test_other_city_needs_its_name(client, applicant, private_root):
    response = apply(client, applicant, city="other", city_other="")
    assert response.status_code == 400
    assert response.context["form"].errors["city_other"]
    assert_nothing_written(private_root)


def test_a_mobile_number_and_an_international_number_are_accepted(client, applicant):
    apply(client, applicant, phone="0300-1234567")
    assert Seller.objects.get().phone == "+923001234567"


def test_ntn_without_check_digit_is_accepted_and_a_space_becomes_a_dash(client, applicant):
    apply(client, applicant, tax_number="1234567 8")
    assert Seller.objects.get().tax_number == "1234567-8"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("phone", "12345", "valid phone number"),
    ("phone", "call me", "valid phone number"),
    ("phone", "+92 300 12", "valid phone number"),
    ("tax_number", "12345", "7 digits"),
    ("tax_number", "1234567-89", "7 digits"),
    ("tax_number", "ABCDEFG-1", "7 digits"),
    ("years_in_trade", "-1", ""),
    ("years_in_trade", "400", ""),
    ("legal_name", "", ""),
    ("council_membership_no", "", ""),
    ("categories", [], ""),
    ("categories", ["bananas"], ""),
])
def test_bad_details_are_refused_naming_the_field_and_nothing_is_written(client, applicant, private_root, field,
                                                                        value, message):
    response = apply(client, applicant, **{field: value})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert_nothing_written(private_root)


@pytest.mark.parametrize("kind", ["trade_licence", "owner_id"])
def test_a_missing_document_is_refused(client, applicant, private_root, kind):
    response = apply(client, applicant, **{kind: None})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [kind]
    assert_nothing_written(private_root)


def test_an_executable_renamed_pdf_is_refused_by_its_content(client, applicant, private_root):
    exe = SimpleUploadedFile("licence.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,
                             content_type="application/pdf")
    response = apply(client, applicant, trade_licence=exe)

    assert response.status_code == 400
    assert response.context["form"].errors["trade_licence"] == ["Upload a PDF, JPEG or PNG file."]
    assert_nothing_written(private_root)


def test_a_fake_picture_is_refused(client, applicant, private_root):
    fake = SimpleUploadedFile("id.png", b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 10, content_type="image/png")
    response = apply(client, applicant, owner_id=fake)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["owner_id"]
    assert_nothing_written(private_root)


def test_a_truncated_pdf_is_refused(client, applicant, private_root):
    response = apply(client, applicant, trade_licence=pdf_upload(data=b"%PDF-1.7\n" + b"x" * 5000))
    assert response.status_code == 400
    assert "incomplete" in response.context["form"].errors["trade_licence"][0]
    assert_nothing_written(private_root)


def test_an_oversize_document_is_refused(client, applicant, private_root, settings):
    settings.SELLER_DOCUMENT_MAX_BYTES = 1000
    big = pdf_upload(data=b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n")
    response = apply(client, applicant, trade_licence=big)

    assert response.status_code == 400
    assert "larger than" in response.context["form"].errors["trade_licence"][0]
    assert_nothing_written(private_root)


def test_a_failure_after_the_files_were_written_leaves_no_file_and_no_row(client, applicant, private_root,
                                                                         monkeypatch):
    from gembazaar.sellers import services

    def explode(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_record", explode)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        apply(client, applicant)
    assert_nothing_written(private_root)


def test_someone_who_already_applied_is_sent_to_their_application(client, applicant):
    apply(client, applicant)
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == reverse("seller_application")
    again = apply(client, applicant, trade_name="Second Shop")
    assert again.status_code == 302
    assert Seller.objects.count() == 1


def test_two_businesses_with_one_trade_name_get_distinct_addresses(client, applicant):
    apply(client, applicant)
    other = make_user("bilal")
    apply(client, other)
    assert sorted(Seller.objects.values_list("slug", flat=True)) == ["liberty-silver-works", "liberty-silver-works-2"]


def test_the_service_refuses_unchecked_documents():
    from django.core.exceptions import ValidationError

    from gembazaar.sellers import services
    from gembazaar.sellers.forms import SellerApplicationForm

    user = make_user("direct")
    details = {key: value for key, value in application_post().items()
               if key in SellerApplicationForm.base_fields and key not in ("trade_licence", "owner_id", "city_other")}
    with pytest.raises(ValidationError) as caught:
        services.seller_apply(user=user, details=details, documents={"trade_licence": PDF, "owner_id": None})
    assert set(caught.value.message_dict) == {"trade_licence", "owner_id"}
    assert not Seller.objects.exists()
