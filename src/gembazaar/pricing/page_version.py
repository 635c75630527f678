"""The version of what storefront pages show, for the anonymous page cache (core/page_cache.py).

It changes with every write a page can show: the search change log's newest row (the database
triggers log every listing, spec and seller write, whoever makes it; repricing logs its own), the
newest metal and exchange rates, and the newest seller edit (a profile's text is not logged for
search). One short query; the newest rows come from primary-key and indexed ends.
"""

from __future__ import annotations

from django.db import connection

# Each newest row with more than its id: SQLite may give a deleted row's id to the next row.
VERSION_SQL = """
SELECT (SELECT id || ':' || token FROM catalogue_searchchange ORDER BY id DESC LIMIT 1),
       (SELECT id || ':' || recorded_at || ':' || price FROM pricing_metalrate ORDER BY id DESC LIMIT 1),
       (SELECT id || ':' || recorded_at || ':' || per_usd FROM pricing_fxrate ORDER BY id DESC LIMIT 1),
       (SELECT MAX(updated_at) FROM sellers_seller)
"""


def current() -> str:
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL)
        return "|".join(str(value) for value in cursor.fetchone())
