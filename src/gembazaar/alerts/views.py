"""Saved-search pages. Thin: services write, selectors read, templates show."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from gembazaar.core.errors import DomainError

from . import search, selectors, services
from .forms import EmailChoiceForm
from .models import QUERY_MAX_LENGTH, SavedSearch


def _error_text(exc: ValidationError) -> str:
    """The errors for a person, each after the search parameter it is about ("species: …")."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    parts = []
    for field, field_messages in exc.message_dict.items():
        param = field.removeprefix("query.")
        prefix = f"{param}: " if field.startswith("query.") else ""
        parts += [prefix + message for message in field_messages]
    return " ".join(parts)


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_list(request: HttpRequest) -> HttpResponse:
    """GET: "My saved searches". POST: save a search (the button on the search page posts here)."""
    if request.method == "POST":
        return _saved_search_create(request)
    return render(request, "alerts/saved_search_list.html", {
        "rows": selectors.saved_search_rows(user=request.user),
        "email_choices": EmailChoiceForm.base_fields["email"].choices,
    })


def _saved_search_create(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    try:
        saved = services.saved_search_create(user=request.user, query_string=query,
                                             name=request.POST.get("name", ""),
                                             frequency=request.POST.get("frequency", SavedSearch.Frequency.DAILY))
    except ValidationError as exc:
        messages.error(request, _("This search was not saved: %(reason)s") % {"reason": _error_text(exc)})
        # Back to the search as it was posted; only its query string comes from the request.
        return redirect(search.search_path(query if len(query) <= QUERY_MAX_LENGTH else ""))
    messages.success(request, _("Search saved as “%(name)s”. We will email you new matches %(frequency)s.")
                     % {"name": saved.name, "frequency": saved.get_frequency_display().lower()})
    return redirect(search.search_path(saved.query))


@login_required
@require_POST
def saved_search_email(request: HttpRequest, pk: int) -> HttpResponse:
    """Change how often a search emails: daily, weekly or not at all."""
    form = EmailChoiceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how often to email you."))
        return redirect("alerts:saved_search_list")
    try:
        saved = services.saved_search_update(user=request.user, saved_search_id=pk, **form.changes())
    except SavedSearch.DoesNotExist:
        raise Http404(_("You have no saved search with this number.")) from None
    messages.success(request, _("Emails for “%(name)s” updated.") % {"name": saved.name})
    return redirect("alerts:saved_search_list")


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.saved_search_delete(user=request.user, saved_search_id=pk)
    except SavedSearch.DoesNotExist:
        raise Http404(_("You have no saved search with this number.")) from None
    messages.success(request, _("Saved search deleted."))
    return redirect("alerts:saved_search_list")


# The link in the email: no sign-in, the signed token is the permission. GET only asks (mail
# scanners and link previews follow links, and must not unsubscribe anyone); POST does it, and
# is exempt from CSRF because mail clients' one-click unsubscribe (RFC 8058) POSTs it bare.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            searches, done = services.saved_search_unsubscribe(token=token), True
        else:
            searches, done = list(selectors.saved_searches_for_unsubscribe(token=token)), False
    except DomainError as exc:
        return render(request, "alerts/unsubscribe.html", {"error": exc.message}, status=exc.status)
    return render(request, "alerts/unsubscribe.html", {"searches": searches, "done": done})
