"""What the search needs in the database besides the models: triggers, and a check that they exist.

On SQLite, Django rebuilds a table for some ALTER TABLE operations, and the rebuilt table has lost
its triggers: a later migration on catalogue_listing, catalogue_gemspec, catalogue_jewelryspec or
sellers_seller must create them again (copy them from migration 0002). The test suite checks.
"""

from __future__ import annotations

from django.db import connection

LOGGED = {  # table → operations whose rows go to catalogue_searchchange
    "catalogue_listing": ("insert", "update", "delete"),
    "catalogue_gemspec": ("insert", "update", "delete"),
    "catalogue_jewelryspec": ("insert", "update", "delete"),
    "sellers_seller": ("update",),
}
SQLITE_FTS_TRIGGERS = ("catalogue_listing_fts_insert", "catalogue_listing_fts_delete", "catalogue_listing_fts_update")


def expected_triggers() -> set[tuple[str, str]]:
    """(table, trigger name) pairs the search relies on, for this database."""
    if connection.vendor == "postgresql":
        return {(table, f"catalogue_search_log_{op}") for table, ops in LOGGED.items() for op in ops}
    found = {(table, f"catalogue_search_log_{table}_{op}") for table, ops in LOGGED.items() for op in ops}
    return found | {("catalogue_listing", name) for name in SQLITE_FTS_TRIGGERS}


def existing_triggers() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE NOT t.tgisinternal")
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        return set(cursor.fetchall())


def missing_search_triggers() -> list[tuple[str, str]]:
    return sorted(expected_triggers() - existing_triggers())
