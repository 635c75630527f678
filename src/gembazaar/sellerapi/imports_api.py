"""Bulk import through the seller API: the seller centre's import jobs, for a seller's own system.

The same jobs and rules as the Bulk import page (gembazaar.imports): upload a CSV or XLSX (and a
ZIP of pictures), the job checks every row in the background, then an explicit commit writes it
all or nothing. Handlers stay thin: imports.services writes, imports.selectors reads, always
scoped to the key's seller (another seller's job answers 404, as an unknown one does).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from gembazaar.core.api import ErrorOut, PageOut, PageQuery, ValidationErrorOut, paginate
from gembazaar.core.errors import DomainError
from gembazaar.imports import selectors as import_selectors
from gembazaar.imports.models import ImportJob
from gembazaar.imports.services import jobs
from gembazaar.sellers.api_auth import KEY_ERRORS, SellerApiKeyAuth

router = Router(tags=["seller"], auth=SellerApiKeyAuth())

# The API's words and the job's: "gemstone" is the imports app's "gem" template (gemstones and lots).
KINDS = {"gemstone": ImportJob.Kind.GEM, "jewelry": ImportJob.Kind.JEWELRY}
MODES = {"create": ImportJob.Mode.CREATE, "update": ImportJob.Mode.UPDATE}
KIND_OUT = {value: key for key, value in KINDS.items()}
MODE_OUT = {value: key for key, value in MODES.items()}

# Why a job cannot be committed, by its status (409).
NOT_COMMITTABLE = {
    ImportJob.Status.QUEUED: "import_not_checked",
    ImportJob.Status.VALIDATING: "import_not_checked",
    ImportJob.Status.INVALID: "import_has_errors",
    ImportJob.Status.FAILED: "import_failed",
    ImportJob.Status.COMMITTING: "import_running",
    ImportJob.Status.COMMITTED: "import_already_committed",
}


class ImportConflict(DomainError):
    status = 409


class ImportIn(Schema):
    kind: Literal["gemstone", "jewelry"] = Field(
        description="Which template the file follows: `gemstone` (gemstones and lots) or `jewelry`.")
    mode: Literal["create", "update"] = Field(
        "create", description="`create`: every SKU is new; `update`: change your listings by SKU, a blank "
                              "cell keeps the current value.")
    publish: bool = Field(False, description="Publish the new listings at once (create mode, verified sellers "
                                             "only); otherwise they are drafts.")


class ImportJobUrlsOut(Schema):
    detail: str = Field(description="This job in the API (poll it while `status` is queued or validating).")
    commit: str = Field(description="POST here to import a `valid` job.")
    page: str = Field(description="The job's page in the seller centre.")


class ImportJobOut(Schema):
    id: int
    status: Literal["queued", "validating", "valid", "invalid", "committing", "committed", "failed"] = Field(
        description="queued → validating → valid or invalid; valid → committing → committed (or invalid, "
                    "when the second check finds a problem); failed after an unexpected stop.")
    status_label: str = Field(examples=["Ready to import"])
    kind: Literal["gemstone", "jewelry"]
    mode: Literal["create", "update"]
    publish: bool
    file_name: str
    images_name: str = Field(description="The pictures ZIP's name; empty when none was sent.")
    progress_percent: int = Field(ge=0, le=100, description="Rows checked (or written), in percent.")
    total_rows: int
    processed_rows: int
    error_count: int = Field(description="Every error found; `errors` keeps the first 1,000.")
    created_count: int
    updated_count: int
    image_count: int
    created_at: datetime
    finished_at: datetime | None
    retries: int = Field(description="How many times the check or the import was started again after its "
                                     "worker stopped answering (IMPORT_STALE_RETRIES).")
    files_purged_at: datetime | None = Field(description="When the uploaded files were deleted "
                                                         "(IMPORT_FILE_RETENTION_DAYS after the job ended); "
                                                         "the job's counts and errors stay.")
    urls: ImportJobUrlsOut


class ImportRowErrorOut(Schema):
    row: int | None = Field(description="The row as numbered in your spreadsheet (row 1 is the header); "
                                        "null when the problem is the whole file.", examples=[3])
    column: str = Field(description="The column(s) at fault; empty when none is.", examples=["carat"])
    reason: str = Field(examples=["Enter a number."])


class ImportRowProblemOut(Schema):
    column: str = Field(description="The column at fault; empty when it is the row as a whole.", examples=["carat"])
    reason: str = Field(examples=["Enter a number."])


# Codes of /api/v1/vocabularies and decimal strings, never labels or JSON numbers; a row with
# problems keeps what was typed, so a bad carat can be shown next to its reason.
PREVIEW_VALUE = "as written (a code or a decimal string); as typed on a row with problems; null when blank"


def _preview_value(description: str, example: str) -> Any:
    """An optional preview field: older jobs' previews do not have it."""
    return Field(None, description=f"{description}: {PREVIEW_VALUE}.", examples=[example])


class ImportPreviewRowOut(Schema):
    row: int = Field(examples=[2])
    sku: str = Field(examples=["SW-0001"])
    title: str
    kind: str | None = _preview_value("gemstone, lot or jewelry", "gemstone")
    species: str | None = _preview_value("Gems: the species code", "beryl")
    variety: str | None = _preview_value("Gems: the variety code", "emerald")
    nature: str | None = _preview_value("Gems: natural, synthetic, imitation or composite", "natural")
    imitates: str | None = _preview_value("Imitations: the code of the gem imitated", "emerald")
    carat: str | None = _preview_value("Gems: the weight in carats (3 places)", "1.250")
    pieces: str | None = _preview_value("Gems: the number of stones", "1")
    treatments: list[str] = Field([], description="Gems: AGTA treatment codes (`N` alone when not enhanced).",
                                  examples=[["O"]])
    lab: str | None = _preview_value("Gems: the laboratory code", "GRS")
    certificate_number: str | None = _preview_value("Gems: the lab's report number", "2107-078888")
    origin_country: str | None = _preview_value("ISO 3166 country code (set by the locality)", "PK")
    origin_locality: str | None = _preview_value("A locality code", "swat_mingora")
    jewelry_type: str | None = _preview_value("Jewelry: the type code", "ring")
    metal: str | None = _preview_value("Jewelry: the metal code", "gold")
    karat: str | None = _preview_value("Jewelry, gold: the karat", "22")
    fineness: str | None = _preview_value("Jewelry: parts per thousand", "916")
    gross_weight_g: str | None = _preview_value("Jewelry: the gross weight in grams", "5.200")
    net_metal_weight_g: str | None = _preview_value("Jewelry: the net metal weight in grams", "4.800")
    weight_unit: str | None = _preview_value("Jewelry: g or tola, the unit the weight was written in", "g")
    price: str | None = Field(description=f"The price: {PREVIEW_VALUE}.", examples=["1250.00"])
    currency: str | None = Field(description="ISO 4217 code.", examples=["USD"])
    problems: list[ImportRowProblemOut] = Field([], description="Why this row cannot be imported; empty when "
                                                                "it can.")


class ImportJobDetailOut(ImportJobOut):
    preview: list[ImportPreviewRowOut] = Field(
        description="The first rows of the file (10 at most), with or without problems: a row without problems "
                    "as it will be written, a row with problems as typed, with its `problems`. Jobs checked "
                    "before these fields existed give only row, sku, title, price and currency.")
    errors: list[ImportRowErrorOut] = Field(description="Why the file cannot be imported; empty when it can.")


class ImportJobPageOut(PageOut):
    items: list[ImportJobOut]


def _own_job(request: HttpRequest, job_id: int) -> ImportJob:
    """The key's seller's job; another seller's id raises DoesNotExist (→ 404)."""
    return import_selectors.import_job_get_for_seller(seller=request.seller, job_id=job_id)


def _job_out(request: HttpRequest, job: ImportJob) -> dict:
    return {
        "id": job.pk, "status": job.status, "status_label": str(job.get_status_display()),
        "kind": KIND_OUT[job.kind], "mode": MODE_OUT[job.mode], "publish": job.publish,
        "file_name": job.file_name, "images_name": job.images_name, "progress_percent": job.percent,
        "total_rows": job.total_rows, "processed_rows": job.processed_rows, "error_count": job.error_count,
        "created_count": job.created_count, "updated_count": job.updated_count, "image_count": job.image_count,
        "created_at": job.created_at, "finished_at": job.finished_at, "retries": job.retries,
        "files_purged_at": job.files_purged_at,
        "urls": {
            "detail": request.build_absolute_uri(reverse("api:seller_import_get", kwargs={"job_id": job.pk})),
            "commit": request.build_absolute_uri(reverse("api:seller_import_commit", kwargs={"job_id": job.pk})),
            "page": request.build_absolute_uri(reverse("imports:job", args=[job.pk])),
        },
    }


def _job_detail_out(request: HttpRequest, job: ImportJob) -> dict:
    return {**_job_out(request, job), "preview": job.sample, "errors": job.errors}


IMPORT_UPLOAD_DOC = """Upload a CSV (UTF-8) or XLSX file, with an optional ZIP of pictures named by SKU
(multipart/form-data: `file`, `images`, `kind`, `mode`, `publish`).

The file is kept and its check starts in the background: poll `urls.detail` until `status` is
`valid` (see `preview`) or `invalid` (see `errors`: row, column, reason), then commit. A file that
cannot be read at all (too large, empty, a CSV that is not UTF-8, a refused XLSX or ZIP) answers
400 naming the field, and no job is created. Same columns, rules and limits as docs/IMPORT.md."""


@router.post("/seller/imports",
             response={202: ImportJobOut, **KEY_ERRORS, 400: ErrorOut, 422: ValidationErrorOut},
             operation_id="seller_import_create", url_name="seller_import_create",
             summary="Upload a file to import", description=IMPORT_UPLOAD_DOC)
def seller_import_create(request: HttpRequest, options: Form[ImportIn], file: File[UploadedFile],
                         images: File[UploadedFile | None] = None):
    job = jobs.import_job_create(
        seller=request.seller, user=None, kind=KINDS[options.kind], mode=MODES[options.mode], upload=file,
        images=images, publish=options.publish, check_files=True)
    job.refresh_from_db()  # without a Celery worker the check already ran
    return Status(202, _job_out(request, job))


@router.get("/seller/imports", response={200: ImportJobPageOut, **KEY_ERRORS, 422: ValidationErrorOut},
            operation_id="seller_imports_list", url_name="seller_imports_list", summary="Your import jobs")
def seller_imports_list(request: HttpRequest, pages: Query[PageQuery]):
    """Your import jobs, from the API and from the seller centre, newest first."""
    page = paginate(request, import_selectors.import_jobs_for_seller(seller=request.seller),
                    page=pages.page, page_size=pages.page_size)
    page["items"] = [_job_out(request, job) for job in page["items"]]
    return page


@router.get("/seller/imports/{job_id}", response={200: ImportJobDetailOut, **KEY_ERRORS, 404: ErrorOut,
                                                 422: ValidationErrorOut},
            operation_id="seller_import_get", url_name="seller_import_get", summary="One of your import jobs")
def seller_import_get(request: HttpRequest, job_id: int):
    """Status, progress, row counts, the first valid rows and the row errors."""
    return _job_detail_out(request, _own_job(request, job_id))


@router.post("/seller/imports/{job_id}/commit",
             response={200: ImportJobDetailOut, 202: ImportJobDetailOut, **KEY_ERRORS, 404: ErrorOut,
                       409: ErrorOut, 422: ValidationErrorOut},
             operation_id="seller_import_commit", url_name="seller_import_commit",
             summary="Import a checked file")
def seller_import_commit(request: HttpRequest, job_id: int):
    """Write a `valid` job, all or nothing, as the Import button of the seller centre does.

    The file is checked once more first (your listings may have changed meanwhile). 200 when the
    import finished (`committed`, or `invalid` with its errors and nothing written); 202 while a
    worker runs it (`committing`: poll `urls.detail`). 409 when the job is not `valid`: still being
    checked (`import_not_checked`), with errors (`import_has_errors`), failed (`import_failed`),
    being imported (`import_running`) or imported already (`import_already_committed`)."""
    job = _own_job(request, job_id)
    try:
        job = jobs.import_job_commit_request(job=job)
    except DomainError as exc:
        job.refresh_from_db()
        code = NOT_COMMITTABLE.get(job.status, exc.code)
        message = exc.message
        if code == "import_already_committed":
            message = _("This file was imported already.")
        raise ImportConflict(message, code=code, field="status") from None
    job.refresh_from_db()  # without a Celery worker the import already ran
    return Status(202 if job.is_running else 200, _job_detail_out(request, job))
