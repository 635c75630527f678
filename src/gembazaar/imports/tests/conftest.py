"""Files to import: CSV and XLSX built from rows of cells, and pictures in ZIPs."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from gembazaar.accounts.models import User
from gembazaar.sellers.models import SellerMember
from gembazaar.testing import make_seller

GEM_HEADER = ["sku", "title", "price", "currency", "species", "variety", "nature", "carat", "shape", "treatments",
              "origin_locality"]
JEWELRY_HEADER = ["sku", "title", "price", "currency", "jewelry_type", "metal", "karat", "gross_weight_g",
                  "net_metal_weight_g", "making_charge_value", "wastage_percent", "stone_value", "margin_percent"]


def gem_row(sku: str, **overrides) -> dict:
    row = {"sku": sku, "title": f"Swat emerald {sku}", "price": "1250.00", "currency": "USD", "species": "beryl",
           "variety": "emerald", "nature": "natural", "carat": "1.25", "shape": "oval", "treatments": "O",
           "origin_locality": "swat_mingora"}
    row.update(overrides)
    return row


def jewelry_row(sku: str, **overrides) -> dict:
    row = {"sku": sku, "title": f"22K ring {sku}", "price": "95000", "currency": "PKR", "jewelry_type": "ring",
           "metal": "gold", "karat": "22", "gross_weight_g": "5.2", "net_metal_weight_g": "4.8",
           "making_charge_value": "10", "wastage_percent": "", "stone_value": "", "margin_percent": ""}
    row.update(overrides)
    return row


def csv_bytes(rows: list[dict], header: list[str] | None = None, *, bom: bool = False) -> bytes:
    header = header or list(rows[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[dict], header: list[str] | None = None, *, typed: dict | None = None) -> bytes:
    """An XLSX; `typed` maps a column to a function giving the cell a number type as Excel would."""
    from openpyxl import Workbook

    header = header or list(rows[0])
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([(typed or {}).get(name, str)(row.get(name, "")) if row.get(name, "") != "" else None
                      for name in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def picture_bytes(colour=(20, 120, 60), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format=fmt)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def upload(data: bytes, name: str = "listings.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def make_owner(seller, username: str) -> User:
    user = User.objects.create_user(username=username, email=f"{username}@example.org", password="pw",
                                    email_confirmed=True, email_confirmed_at=timezone.now())
    SellerMember.objects.create(seller=seller, user=user, role=SellerMember.Role.OWNER)
    return user


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def seller(db):
    return make_seller()


@pytest.fixture
def other_seller(db):
    return make_seller()


@pytest.fixture
def seller_client(client, seller):
    client.force_login(make_owner(seller, "alice"))
    return client


@pytest.fixture
def other_client(other_seller):
    client = Client()
    client.force_login(make_owner(other_seller, "bob"))
    return client
