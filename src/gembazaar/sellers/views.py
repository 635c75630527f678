"""Seller pages: the directory, the application, the applicant's status page, document downloads.

A seller's own storefront page is catalogue.views.seller_detail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gembazaar.accounts.permissions import email_confirmed_required
from gembazaar.core.errors import DomainError
from gembazaar.core.page_cache import anonymous_cacheable

from . import selectors, services
from .forms import SellerApplicationForm
from .models import Seller, SellerDocument

PAGE_SIZE = 24


@anonymous_cacheable
@require_GET
def seller_list(request: HttpRequest) -> HttpResponse:
    # Name, then id: a total order, so no seller appears on two pages or none.
    sellers = selectors.sellers_verified().order_by("trade_name", "id")
    page = Paginator(sellers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sellers/seller_list.html", {"page": page, "section": "sellers"})


def _form_errors_from(form: SellerApplicationForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@email_confirmed_required
@require_http_methods(["GET", "POST"])
def seller_apply(request: HttpRequest) -> HttpResponse:
    """A signed-in person with a confirmed email applies to sell; someone who already applied goes to
    their application."""
    if selectors.seller_owned_by(user=request.user) is not None:
        return redirect("seller_application")
    form = SellerApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = _submit_application(
            request, form, lambda: services.seller_apply(user=request.user, details=form.details(),
                                                         documents=form.documents()),
            success=_("Thank you: your application has been sent to the council."))
        if done:
            return done
    status = 400 if request.method == "POST" else 200
    return render(request, "sellers/apply.html", {"form": form, "section": "sell"}, status=status)


def _submit_application(request: HttpRequest, form: SellerApplicationForm, submit, *,
                        success: str) -> HttpResponse | None:
    """Run an application service: field errors go back onto the form (None: show it again);
    a refused move or success goes to the application page with a message."""
    try:
        submit()
    except ValidationError as exc:
        _form_errors_from(form, exc)
        return None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("seller_application")


@login_required
@require_GET
def seller_application(request: HttpRequest) -> HttpResponse:
    """The applicant's page: where the application stands, what the council said, what to do next."""
    seller = selectors.seller_owned_by(user=request.user)
    if seller is None:
        return redirect("seller_apply")
    return render(request, "sellers/application.html", {
        "seller": seller,
        "events": selectors.seller_status_events(seller=seller),
        "latest": selectors.seller_latest_event(seller=seller),
        "documents": selectors.seller_documents_current(seller=seller),
        "section": "sell",
    })


@login_required
@require_http_methods(["GET", "POST"])
def seller_reapply(request: HttpRequest) -> HttpResponse:
    """A rejected applicant corrects the details (and documents, if asked) and applies again."""
    seller = selectors.seller_owned_by(user=request.user)
    if seller is None:
        return redirect("seller_apply")
    if seller.status != Seller.Status.REJECTED:
        return redirect("seller_application")
    form = SellerApplicationForm(request.POST or None, request.FILES or None, documents_required=False,
                                 initial=SellerApplicationForm.initial_for(seller))
    if request.method == "POST" and form.is_valid():
        done = _submit_application(
            request, form, lambda: services.seller_reapply(seller=seller, actor=request.user,
                                                           details=form.details(), documents=form.documents()),
            success=_("Your application has been sent to the council again."))
        if done:
            return done
    status = 400 if request.method == "POST" else 200
    return render(request, "sellers/apply.html", {
        "form": form, "seller": seller, "latest": selectors.seller_latest_event(seller=seller),
        "reapply": True, "section": "sell",
    }, status=status)


@never_cache
@login_required
@require_GET
def seller_document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A private document, as an attachment, to council staff and the business's owners. Anyone else
    (another seller, a buyer) gets the same 404 as for a document that does not exist."""
    try:
        document = selectors.seller_document_get_for_download(user=request.user, document_id=pk)
    except SellerDocument.DoesNotExist:
        raise Http404(_("No such document.")) from None
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.download_name(),
                            content_type=document.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
