"""Seller-centre pages for bulk import: thin handlers over services and selectors, scoped to request.seller."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gembazaar.accounts.permissions import seller_member_required
from gembazaar.core.errors import DomainError
from gembazaar.core.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE

from . import selectors
from .columns import KINDS, columns_for
from .forms import ImportUploadForm
from .models import ImportJob
from .preview import import_preview
from .services import jobs as job_services
from .template_files import error_report_csv, legend_csv, template_csv, template_xlsx

ERRORS_SHOWN = 200


def _own_job(request: HttpRequest, job_id: int) -> ImportJob:
    try:
        return selectors.import_job_get_for_seller(seller=request.seller, job_id=job_id)
    except ImportJob.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@seller_member_required
def import_home(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = job_services.import_job_create(
                seller=request.seller, user=request.user, kind=form.cleaned_data["kind"],
                mode=form.cleaned_data["mode"], upload=form.cleaned_data["file"],
                images=form.cleaned_data.get("images"), publish=form.cleaned_data["publish"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("imports:job", job_id=job.pk)
    jobs = Paginator(selectors.import_jobs_for_seller(seller=request.seller), 20).get_page(request.GET.get("page"))
    return render(request, "imports/home.html", {
        "form": form, "jobs": jobs, "kinds": ImportJob.Kind.choices, "sc_section": "imports",
        "columns": {kind: columns_for(kind) for kind in KINDS},
    }, status=400 if form.errors else 200)


@require_GET
@seller_member_required
def template_download(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in KINDS or fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        response = HttpResponse(template_csv(kind), content_type=CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(template_xlsx(kind), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="gembazaar-{kind}-template.{fmt}"'
    return response


@require_GET
@seller_member_required
def legend_download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    response = HttpResponse(legend_csv(kind), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="gembazaar-{kind}-legend.csv"'
    return response


def _job_context(job: ImportJob) -> dict:
    return {"job": job, "errors_shown": job.errors[:ERRORS_SHOWN], "sc_section": "imports",
            "preview": import_preview(kind=job.kind, sample=job.sample)}


@require_GET
@seller_member_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(request, "imports/job.html", _job_context(_own_job(request, job_id)))


@require_GET
@seller_member_required
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job panel alone, polled by htmx every second while the job runs."""
    return render(request, "imports/_job_panel.html", _job_context(_own_job(request, job_id)))


@require_GET
@seller_member_required
def job_errors_csv(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _own_job(request, job_id)
    response = HttpResponse(error_report_csv(job.errors), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="gembazaar-import-{job.pk}-problems.csv"'
    return response


@require_POST
@seller_member_required
def job_commit(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _own_job(request, job_id)
    try:
        job = job_services.import_job_commit_request(job=job)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        job.refresh_from_db()  # without a Celery worker the import already ran in this request
        if job.is_running:
            messages.success(request, _("Import started."))
    return redirect("imports:job", job_id=job.pk)
