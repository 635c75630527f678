"""The marketplace's own words in an order's history are codes, rendered in the reader's language:
every code and every way of acting reads in English, Urdu and Arabic, on the page, in the email and
in the API, never as the English sentence stored once."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gembazaar.orders import emails
from gembazaar.orders.event_notes import ActorVia, NoteCode, actor_text, note_text
from gembazaar.orders.models import Order, OrderEvent, StockReservation
from gembazaar.orders.services import holds, transitions

from .conftest import add, place

pytestmark = pytest.mark.django_db
READER_LANGUAGES = ["ur", "ar", "zh-hans"]


@pytest.mark.parametrize("language", READER_LANGUAGES)
@pytest.mark.parametrize("code", NoteCode.values)
def test_every_note_code_reads_in_each_language(code, language):
    english = note_text(code=code, note="")
    with translation.override(language):
        translated = note_text(code=code, note="")
    assert english and translated and translated != english
    assert not any("a" <= ch.lower() <= "z" for ch in translated), translated  # no Latin letters left


@pytest.mark.parametrize("language", READER_LANGUAGES)
def test_an_api_key_actor_reads_in_each_language(language):
    with translation.override(language):
        text = actor_text(via=ActorVia.API_KEY, name="“ERP” (gbz_ab12…)")
    assert "“ERP” (gbz_ab12…)" in text and "API key" not in text


def test_a_persons_words_are_kept_as_written_beside_the_code():
    with translation.override("ar"):
        text = note_text(code=NoteCode.BANK_TRANSFER_RECEIVED, note="Ref 4411 at HBL")
    assert text.endswith("\nRef 4411 at HBL") and "Bank transfer received." not in text


def test_placing_stores_a_code_and_the_arabic_order_page_reads_arabic(buyer, stone):
    add(buyer, stone)
    order = place(buyer).orders[0]
    event = order.events.get(to_status=Order.Status.AWAITING_PAYMENT)
    assert (event.note_code, event.note) == (NoteCode.AWAITING_PAYMENT, "")

    client = Client()
    client.force_login(buyer)
    page = client.get(reverse("orders:my_order", args=[order.number]), HTTP_ACCEPT_LANGUAGE="ar")
    html = page.content.decode()
    assert page.status_code == 200 and 'lang="ar"' in html
    with translation.override("ar"):
        assert str(NoteCode.AWAITING_PAYMENT.label) in html
    assert "Awaiting payment." not in html


def test_an_unpaid_order_released_by_the_system_is_cancelled_with_a_code(buyer, stone):
    add(buyer, stone)
    order = place(buyer).orders[0]
    StockReservation.objects.filter(order_line__order=order).update(expires_at=order.placed_at)
    assert holds.reservations_release_expired() == 1
    order.refresh_from_db()
    assert (order.status, order.cancel_code, order.cancel_reason) == (
        Order.Status.CANCELLED, NoteCode.PAYMENT_NOT_RECEIVED, "")
    english = order.cancel_text
    with translation.override("ur"):
        assert order.cancel_text == str(NoteCode.PAYMENT_NOT_RECEIVED.label) != english


def test_the_status_email_renders_the_code_in_the_buyers_language(buyer, stone):
    buyer.preferred_language = "ar"
    buyer.save(update_fields=["preferred_language"])
    add(buyer, stone)
    order = place(buyer).orders[0]
    transitions.order_mark_paid(order=order, actor=None)
    event = order.events.get(to_status=Order.Status.PAID)
    assert (event.note_code, event.note) == (NoteCode.BANK_TRANSFER_RECEIVED, "")
    mail.outbox.clear()
    assert emails.send_status_email(event_id=event.pk) == 1
    with translation.override("ar"):
        expected = str(NoteCode.BANK_TRANSFER_RECEIVED.label)
    assert expected in mail.outbox[0].body and "Bank transfer received." not in mail.outbox[0].body


def test_the_api_gives_the_code_and_the_text_in_the_requests_language(buyer, stone):
    add(buyer, stone)
    order = place(buyer).orders[0]
    client = Client()
    client.force_login(buyer)
    body = client.get(f"/api/v1/orders/{order.number}", HTTP_ACCEPT_LANGUAGE="ur").json()
    awaiting = next(e for e in body["events"] if e["to_status"] == "awaiting_payment")
    with translation.override("ur"):
        assert awaiting == {**awaiting, "note_code": "awaiting_payment",
                            "note": str(NoteCode.AWAITING_PAYMENT.label), "via": ""}


def test_the_event_log_stays_append_only():
    with pytest.raises(TypeError):
        OrderEvent.objects.all().update(note_code=NoteCode.BANK_TRANSFER_RECEIVED)
