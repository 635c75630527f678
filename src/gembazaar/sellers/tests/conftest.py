"""Fixtures for seller verification: people in each role, valid documents, an application's data."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from gembazaar.accounts.models import COUNCIL_STAFF_GROUP, User
from gembazaar.sellers.models import Seller, SellerMember

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Documents go to a throwaway private folder, next to (never inside) the test MEDIA_ROOT."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def make_user(username: str, *, confirmed: bool = True, **extra) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password="pw", first_name=username.title(),
        email_confirmed=confirmed, email_confirmed_at=timezone.now() if confirmed else None, **extra)


def make_council_user(username: str = "council") -> User:
    user = make_user(username, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=COUNCIL_STAFF_GROUP)[0])
    return user


def make_owner(seller: Seller, username: str) -> User:
    user = make_user(username)
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.OWNER)
    return user


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 80)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


def pdf_upload(name: str = "licence.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def png_upload(name: str = "cnic.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def application_post(**overrides) -> dict:
    data = {
        "legal_name": "Liberty Silver Works (Pvt) Ltd",
        "trade_name": "Liberty Silver Works",
        "city": "Lahore",
        "city_other": "",
        "address": "Shop 14, Liberty Market\nGulberg III, Lahore",
        "phone": "042 3575 1234",
        "council_membership_no": "ggc-lhr-0298",
        "tax_number": "1234567-8",
        "categories": ["silver_jewelry", "gemstones"],
        "years_in_trade": "12",
        "trade_licence": pdf_upload(),
        "owner_id": png_upload(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def private_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def applicant(db):
    return make_user("amina")


@pytest.fixture
def council_user(db):
    return make_council_user()


@pytest.fixture
def buyer(db):
    return make_user("buyer")
