"""The bulk writer: rows in, with model defaults, keys back, constraints enforced, on both databases."""

import pytest
from django.db import IntegrityError, transaction

from gembazaar.core import bulk_sql
from gembazaar.core.bulk_sql import TableWriter
from gembazaar.shipping.models import ShippingRate, ShippingZone
from gembazaar.testing import make_seller

pytestmark = pytest.mark.django_db


def zone_rows(count: int, start: int = 0) -> list[dict]:
    return [{"code": f"z{start + n}", "name": f"Zone {start + n}"} for n in range(count)]


def test_rows_go_in_with_the_model_defaults_and_their_keys_come_back():
    before = ShippingZone.objects.count()
    returned = TableWriter(ShippingZone).insert(zone_rows(3), returning=("id", "code"))

    assert sorted(code for _pk, code in returned) == ["z0", "z1", "z2"]
    zones = {zone.code: zone for zone in ShippingZone.objects.filter(code__in=["z0", "z1", "z2"])}
    assert {pk for pk, _code in returned} == {zone.pk for zone in zones.values()}
    assert all(zone.countries == "" and zone.position == 0 and not zone.is_rest_of_world for zone in zones.values())
    assert ShippingZone.objects.count() == before + 3


def test_more_rows_than_one_statement_holds_all_arrive(monkeypatch):
    monkeypatch.setattr(bulk_sql, "ROWS_PER_STATEMENT", 7)
    returned = TableWriter(ShippingZone).insert(zone_rows(50, start=100), returning=("id",))
    assert len({pk for (pk,) in returned}) == 50
    assert ShippingZone.objects.filter(code__startswith="z1").count() == 50


def test_foreign_keys_by_attname_and_decimals_are_written_exactly():
    seller = make_seller()
    [(zone_id,)] = TableWriter(ShippingZone).insert(zone_rows(1, start=900), returning=("id",))
    TableWriter(ShippingRate).insert([{"zone_id": zone_id, "seller_id": seller.pk, "method": "express",
                                       "price": "12.345", "currency": "PKR"}])
    rate = ShippingRate.objects.get(zone_id=zone_id)
    assert (rate.seller_id, str(rate.price), rate.days_min, rate.days_max) == (seller.pk, "12.345", 3, 10)


def test_the_database_constraints_still_refuse_a_bad_row():
    TableWriter(ShippingZone).insert(zone_rows(1, start=500))
    with pytest.raises(IntegrityError), transaction.atomic():
        TableWriter(ShippingZone).insert(zone_rows(1, start=500))  # code is unique
    assert ShippingZone.objects.filter(code="z500").count() == 1


def test_nothing_to_write_writes_nothing():
    assert TableWriter(ShippingZone).insert([], returning=("id",)) == []
