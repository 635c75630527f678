"""A database made before shipping, search and the seller API keys moved apps upgrades in place.

The test takes the database back to the last migrations of the earlier layout (orders 0003,
catalogue 0006, sellers 0003 / sellerapi 0001), where the tables belong to orders, catalogue and
sellerapi and so do their content types, writes rows there as that code did, then migrates
forward. Nothing may be lost: the rows are read through today's models, the content types moved
with their models (so staff permissions granted on them still hold), and on SQLite the search
triggers are all still there. Runs on both databases.
"""

import hashlib
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from gembazaar.search.models import SearchChange, SearchWord
from gembazaar.search.schema import missing_search_triggers
from gembazaar.sellers.api_keys import api_key_authenticate
from gembazaar.sellers.models import SellerApiKey
from gembazaar.shipping.models import ShippingRate, ShippingZone
from gembazaar.testing import make_seller

MOVED = {("orders", "shippingzone"): "shipping", ("orders", "shippingrate"): "shipping",
         ("catalogue", "searchchange"): "search", ("catalogue", "searchword"): "search",
         ("sellerapi", "sellerapikey"): "sellers"}


def back_to_the_earlier_layout() -> None:
    for app, migration in (("shipping", "zero"), ("search", "zero"), ("sellers", "0003")):
        call_command("migrate", app, migration, verbosity=0)


def insert(table: str, row: dict) -> None:
    columns = ", ".join(row)
    placeholders = ", ".join(["%s"] * len(row))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", list(row.values()))  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_an_earlier_database_migrates_forward_with_every_row_and_permission():
    seller = make_seller()
    back_to_the_earlier_layout()
    old_types = {(ct.app_label, ct.model) for ct in ContentType.objects.all()}
    assert set(MOVED) <= old_types  # the earlier layout, as its own code labelled them

    # Rows written the way the earlier code wrote them, in the tables it created.
    insert("orders_shippingzone", {"code": "old-zone", "name": "Old zone", "countries": "PK",
                                   "is_rest_of_world": False, "position": 9})
    zone_id = ShippingZone.objects.get(code="old-zone").pk  # same table: readable either way
    insert("orders_shippingrate", {"zone_id": zone_id, "seller_id": seller.pk, "method": "express",
                                   "price": Decimal("12.500"), "currency": "PKR", "days_min": 2, "days_max": 4})
    insert("catalogue_searchword", {"word": "oldemerald"})
    insert("catalogue_searchchange", {"listing_id": 4242, "seller_id": None, "token": 7,
                                      "created_at": "2026-11-01 10:00:00"})
    plaintext = "gbz_OLDKEY12" + "x" * 30
    insert("sellerapi_sellerapikey", {"seller_id": seller.pk, "name": "ERP", "prefix": "OLDKEY12",
                                      "hashed_key": hashlib.sha256(plaintext.encode()).hexdigest(),
                                      "created_at": "2026-11-01 10:00:00"})
    staff = Group.objects.create(name="Shipping desk")
    staff.permissions.add(Permission.objects.get(content_type__app_label="orders",
                                                 codename="change_shippingrate"))

    call_command("migrate", verbosity=0)

    rate = ShippingRate.objects.select_related("zone").get(zone__code="old-zone")
    assert (rate.seller_id, rate.method, rate.price, rate.currency) == (seller.pk, "express", Decimal("12.500"), "PKR")
    assert SearchWord.objects.filter(word="oldemerald").exists()
    assert SearchChange.objects.filter(listing_id=4242, token=7).exists()
    key = api_key_authenticate(plaintext)
    assert key is not None and key.seller_id == seller.pk and SellerApiKey.objects.count() == 1
    labels = {(ct.app_label, ct.model) for ct in ContentType.objects.all()}
    assert {(new, model) for (_old, model), new in MOVED.items()} <= labels
    assert not set(MOVED) & labels  # moved, not duplicated
    assert staff.permissions.filter(content_type__app_label="shipping", codename="change_shippingrate").exists()
    assert missing_search_triggers() == []
