"""Input rules of a seller application: each turns raw input into a clean value or a ValidationError
keyed by the field. Forms, services and the admin all call these, so one rule serves every door.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gembazaar.core.images import process_upload

from .models import TradeCategory

PHONE_REGION = "PK"
# NTN: 7 digits, then the check digit, written "1234567-8" (older certificates show the 7 digits alone).
NTN_PATTERN = re.compile(r"^(\d{7})(?:[-\s]?(\d))?$")

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}


def clean_phone(raw: str, *, field: str = "phone") -> str:
    """A phone number in E.164 (+923001234567); local numbers are read as Pakistani."""
    raw = (raw or "").strip()
    if not raw:
        raise ValidationError({field: _("Enter the business phone number.")})
    try:
        number = phonenumbers.parse(raw, PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError({field: _("Enter a valid phone number, e.g. 0300 1234567 or +92 42 35551234.")})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_ntn(raw: str, *, field: str = "tax_number") -> str:
    """A Pakistani National Tax Number as "1234567-8" (or "1234567" when no check digit is given)."""
    match = NTN_PATTERN.match((raw or "").strip())
    if not match:
        raise ValidationError({field: _("Enter the NTN as 7 digits and its check digit, e.g. 1234567-8.")})
    digits, check = match.groups()
    return f"{digits}-{check}" if check else digits


def clean_categories(codes, *, field: str = "categories") -> str:
    """Known trade categories (a list, or the stored comma-separated text), at least one, stored
    comma-separated in the vocabulary's order."""
    if isinstance(codes, str):
        codes = codes.split(",")
    chosen = {code.strip() for code in codes or [] if code and code.strip()}
    unknown = chosen - set(TradeCategory.values)
    if unknown:
        raise ValidationError({field: _("Unknown category: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}})
    if not chosen:
        raise ValidationError({field: _("Choose at least one category.")})
    return ",".join(code for code in TradeCategory.values if code in chosen)


@dataclass(frozen=True)
class CheckedDocument:
    """An uploaded document that passed the content checks, ready to store."""

    data: bytes
    content_type: str
    original_name: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _display_name(name: str) -> str:
    # Kept for the council's eyes only, never as a path: the base name, printable, bounded.
    base = os.path.basename((name or "").replace("\\", "/"))
    return "".join(ch for ch in base if ch.isprintable())[:120]


def check_document(upload, *, field: str) -> CheckedDocument:
    """A trade licence or ID: a PDF, JPEG or PNG by its bytes (name and declared type are ignored), within the
    size limit. Pictures are re-encoded by core.images (metadata such as GPS position dropped, a payload hidden
    after the image removed, pixel bombs refused)."""
    if upload is None:
        raise ValidationError({field: _("Attach this document.")})
    limit = settings.SELLER_DOCUMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError({field: _("The file is larger than %(mb)s MB.") % {"mb": _megabytes(limit)}})
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError({field: _("The file is larger than %(mb)s MB.") % {"mb": _megabytes(limit)}})
    if not data:
        raise ValidationError({field: _("The file is empty.")})
    content_type = _sniff(data[:16])
    if content_type is None:
        raise ValidationError({field: _("Upload a PDF, JPEG or PNG file.")})
    if content_type == PDF:
        if b"%%EOF" not in data[-1024:]:
            raise ValidationError({field: _("The PDF is incomplete or damaged.")})
    else:
        processed = process_upload(data, field=field)
        data, content_type = processed.image, JPEG
    return CheckedDocument(data=data, content_type=content_type, original_name=_display_name(upload.name))


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:g}"
