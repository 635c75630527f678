"""The digest email: plain text and HTML, with a signed one-click unsubscribe."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from gembazaar.accounts.language import content_language_header, email_language
from gembazaar.core.money import format_money

from . import search
from .models import SavedSearch
from .tokens import make_unsubscribe_token


@dataclass
class DigestSection:
    """One saved search in a digest: up to a few new listings and how many there are in all."""

    saved_search: SavedSearch
    listings: list
    total: int


def unsubscribe_url(*, user_id: int, saved_search_ids: list[int]) -> str:
    token = make_unsubscribe_token(user_id=user_id, saved_search_ids=saved_search_ids)
    return search.absolute(reverse("alerts:unsubscribe", kwargs={"token": token}))


def _items(section: DigestSection) -> list[dict]:
    language = get_language() or settings.LANGUAGE_CODE
    return [{"title": listing.disclosed_title, "price": format_money(listing.price, listing.currency, language),
             "url": search.absolute(listing.get_absolute_url())} for listing in section.listings]


def _context(*, user, sections: list[DigestSection]) -> dict:
    rows = []
    for section in sections:
        saved = section.saved_search
        rows.append({
            "name": saved.name,
            "total": section.total,
            "items": _items(section),
            # Newest first, so the listings this email announces are at the top of the page.
            "see_all_url": search.absolute(search.search_path(saved.query, sort="newest")),
            "unsubscribe_url": unsubscribe_url(user_id=user.pk, saved_search_ids=[saved.pk]),
        })
    return {
        "user": user,
        "sections": rows,
        "total": sum(section.total for section in sections),
        "manage_url": search.absolute(reverse("alerts:saved_search_list")),
        "unsubscribe_all_url": unsubscribe_url(user_id=user.pk,
                                               saved_search_ids=[s.saved_search.pk for s in sections]),
        "site_url": settings.SITE_URL,
    }


def send_digest_email(*, user, sections: list[DigestSection]) -> None:
    """Email one buyer their digest, in their language; the HTML part is right-to-left for Urdu and Arabic."""
    with email_language(user) as language:
        # Inside the block: the prices are formatted for the buyer's language too (_items).
        context = _context(user=user, sections=sections)
        subject = " ".join(render_to_string("alerts/email/digest_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("alerts/email/digest.txt", context),
            to=[user.email],
            # RFC 8058: mail clients show an unsubscribe button that POSTs to this address.
            headers={"List-Unsubscribe": f"<{context['unsubscribe_all_url']}>",
                     "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                     **content_language_header(language)},
        )
        message.attach_alternative(render_to_string("alerts/email/digest.html", context), "text/html")
    message.send()
