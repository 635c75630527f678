"""Price updates of catalogue_listing can be HOT, cheap and quiet (issue 5: repricing 1M listings).

A metal rate or FX rate change rewrites price, reference_price and updated_at of up to every
listing. Each rewritten row used to cost a new tuple in all eleven indexes (GIN full-text
included), a to_tsvector() of its search text and two full copies of the row in the search
change log trigger's transition tables. After this migration:

- No index covers price, reference_price or updated_at (the reference_price B-tree goes: the
  search sorts and filters by price in memory; the category pages' price sort does a top-N sort
  instead, see docs/PERFORMANCE.md). With free room in the page, PostgreSQL then updates the row
  in place of the index entries (a heap-only tuple, HOT).
- PostgreSQL: catalogue_listing gets fillfactor 50, so a page keeps room for a new version of
  each of its rows (a repricing updates all of them in one transaction; the old versions cannot
  be pruned before it commits). Only pages written from now on honour it: an existing large
  table needs a rewrite (VACUUM FULL catalogue_listing, or pg_repack) in a maintenance window —
  not done here, it would lock the table for minutes at a million rows.
- PostgreSQL: search_vector stops being a generated column (PostgreSQL recomputes a stored
  generated column on every UPDATE, whatever it sets) and is kept by a BEFORE INSERT OR UPDATE OF
  search_text trigger with the built-in tsvector_update_trigger: same configuration (english),
  same text, same vector; existing values are kept (DROP EXPRESSION does not rewrite).
- PostgreSQL: the change-log trigger for listing UPDATEs becomes a row trigger that a writer can
  switch off for its own transaction (SET LOCAL gembazaar.search_log = 'off') when it logs the
  change itself — repricing does, in one set-based INSERT. A statement trigger with transition
  tables copies every updated row twice into tuplestores, whatever the trigger then does.
  Everybody else is logged exactly as before (one row per updated listing).

A partial index on currency WHERE price_mode = 'metal_linked' lets repricing find the currencies
it needs rates for without reading the listings (none of its columns changes on a reprice).

SQLite keeps its FTS5 table and row triggers; only the reference_price index is dropped there
(by name, with DROP INDEX: an AlterField would make Django rebuild the table and lose its
triggers).
"""

from django.db import migrations, models

REFERENCE_INDEX = "catalogue_listing_reference_price_70425030"

POSTGRES_FORWARD = [
    "ALTER TABLE catalogue_listing SET (fillfactor = 50)",
    "ALTER TABLE catalogue_listing ALTER COLUMN search_vector DROP EXPRESSION",
    """CREATE TRIGGER catalogue_listing_search_vector BEFORE INSERT OR UPDATE OF search_text ON catalogue_listing
       FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search_vector, 'pg_catalog.english', search_text)""",
    """CREATE OR REPLACE FUNCTION catalogue_search_log_listing_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalogue_searchchange (listing_id, seller_id, token, created_at)
  VALUES (NEW.id, NULL, (random() * 9.0e18)::bigint, now());
  RETURN NULL;
END $$""",
    "DROP TRIGGER catalogue_search_log_update ON catalogue_listing",
    """CREATE TRIGGER catalogue_search_log_update AFTER UPDATE ON catalogue_listing FOR EACH ROW
       WHEN (current_setting('gembazaar.search_log', true) IS DISTINCT FROM 'off')
       EXECUTE FUNCTION catalogue_search_log_listing_row()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER catalogue_search_log_update ON catalogue_listing",
    """CREATE TRIGGER catalogue_search_log_update AFTER UPDATE ON catalogue_listing
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION catalogue_search_log_listing_new()""",
    "DROP FUNCTION catalogue_search_log_listing_row()",
    "DROP TRIGGER catalogue_listing_search_vector ON catalogue_listing",
    "ALTER TABLE catalogue_listing DROP COLUMN search_vector",
    """ALTER TABLE catalogue_listing ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(search_text, ''))) STORED""",
    "CREATE INDEX catalogue_listing_search_vector_idx ON catalogue_listing USING gin (search_vector)",
    "ALTER TABLE catalogue_listing RESET (fillfactor)",
]


def _run(schema_editor, statements) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forward(apps, schema_editor) -> None:
    _run(schema_editor, [f"DROP INDEX IF EXISTS {REFERENCE_INDEX}"])
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)


def backward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)
    _run(schema_editor, [f"CREATE INDEX {REFERENCE_INDEX} ON catalogue_listing (reference_price)"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0003_jewelry_pricing_terms"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="listing",
                    name="reference_price",
                    field=models.DecimalField(decimal_places=2, max_digits=15, verbose_name="reference price (USD)"),
                ),
            ],
            database_operations=[migrations.RunPython(forward, backward)],
        ),
        migrations.AddIndex(
            model_name="listing",
            index=models.Index(condition=models.Q(price_mode="metal_linked"), fields=["currency"],
                               name="listing_linked_currency_idx"),
        ),
    ]
