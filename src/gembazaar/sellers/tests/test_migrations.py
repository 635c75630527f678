"""Sellers migrations must not break what other apps hang on the sellers table."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.sqlite  # PostgreSQL keeps triggers when a column is added
def test_the_search_change_log_trigger_on_sellers_survives_the_sellers_table_rebuild():
    # On SQLite, sellers 0002 rebuilds sellers_seller (ADD COLUMN with a default is not possible),
    # which drops the table's triggers unless the migration puts them back.
    triggers = _triggers()
    assert "catalogue_search_log_sellers_seller_update" in triggers
