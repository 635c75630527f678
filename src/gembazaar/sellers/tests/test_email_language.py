"""Seller emails are written in each recipient's language: owners' status emails and invitations."""

import pytest
from django.core import mail

from gembazaar.sellers import emails, invitations
from gembazaar.sellers.models import Seller, SellerStatusEvent
from gembazaar.testing import make_seller

from .conftest import make_owner, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def prefer(user, language: str):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def test_owners_of_two_languages_each_get_the_status_email_in_theirs():
    seller = make_seller(trade_name="Anarkali Jewellers")
    english = make_owner(seller, "olivia")
    arabic = prefer(make_owner(seller, "omar"), "ar")
    event = SellerStatusEvent.objects.create(seller=seller, from_status=Seller.Status.UNDER_REVIEW,
                                             to_status=Seller.Status.VERIFIED)
    mail.outbox.clear()

    assert emails.send_status_email(event_id=event.pk) == 2

    by_address = {tuple(message.to): message for message in mail.outbox}
    assert set(by_address) == {(english.email,), (arabic.email,)}
    assert by_address[(english.email,)].subject == "Anarkali Jewellers is verified by the council · GemBazaar"
    assert by_address[(arabic.email,)].subject == "Anarkali Jewellers موثّق من المجلس · GemBazaar"
    assert "Dear owner of Anarkali Jewellers" not in by_address[(arabic.email,)].body


def invite(seller, owner, email):
    _invitation, token = invitations.seller_invitation_create(seller=seller, email=email, role="staff",
                                                              invited_by=owner)
    mail.outbox.clear()
    return _invitation, token


def test_an_invitation_to_an_address_without_an_account_uses_the_inviters_language():
    seller = make_seller(trade_name="Namak Mandi Gem House")
    owner = prefer(make_owner(seller, "olivia"), "ur")
    invitation, token = invite(seller, owner, "carol@example.org")

    assert emails.send_invitation_email(invitation_id=invitation.pk, token=token) == 1

    [message] = mail.outbox
    assert message.subject == "آپ کو GemBazaar پر Namak Mandi Gem House میں شامل ہونے کی دعوت دی گئی ہے"
    assert message.extra_headers["Content-Language"] == "ur"


def test_an_invitation_to_someone_with_an_account_uses_their_own_language():
    seller = make_seller(trade_name="Namak Mandi Gem House")
    owner = prefer(make_owner(seller, "olivia"), "ur")
    prefer(make_user("carol"), "ar")
    invitation, token = invite(seller, owner, "Carol@Example.org")

    emails.send_invitation_email(invitation_id=invitation.pk, token=token)

    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "ar"
    assert "Namak Mandi Gem House" in message.subject and "You are invited" not in message.subject
