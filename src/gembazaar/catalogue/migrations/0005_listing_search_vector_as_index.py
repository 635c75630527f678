"""PostgreSQL: the full-text vector lives only in its GIN index, not in every listing row.

A stored `search_vector` made each catalogue_listing row ~450 bytes wider, and a repricing
rewrites a million rows: half of what it wrote was vectors it did not change. The search only
ever *matches* (`@@`, no ranking: search/text.py), which an expression index answers as well:
`to_tsvector('english', search_text)` is immutable (a regconfig constant), PostgreSQL keeps it
in the GIN index, and an UPDATE that leaves search_text alone still qualifies as HOT (no indexed
column or expression input changes). The trigger that kept the column (migration 0004) goes too.
Dropping a column does not rewrite the table; the space comes back as rows are rewritten.
SQLite (FTS5) is unchanged.
"""

from django.db import migrations

FORWARD = [
    "DROP TRIGGER IF EXISTS catalogue_listing_search_vector ON catalogue_listing",
    "DROP INDEX IF EXISTS catalogue_listing_search_vector_idx",
    "ALTER TABLE catalogue_listing DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX catalogue_listing_search_text_fts_idx ON catalogue_listing "
    "USING gin (to_tsvector('english'::regconfig, search_text))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS catalogue_listing_search_text_fts_idx",
    "ALTER TABLE catalogue_listing ADD COLUMN search_vector tsvector",
    "UPDATE catalogue_listing SET search_vector = to_tsvector('english'::regconfig, search_text)",
    """CREATE TRIGGER catalogue_listing_search_vector BEFORE INSERT OR UPDATE OF search_text ON catalogue_listing
       FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search_vector, 'pg_catalog.english', search_text)""",
    "CREATE INDEX catalogue_listing_search_vector_idx ON catalogue_listing USING gin (search_vector)",
]


def _run(schema_editor, statements) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_listing_hot_price_updates"),
    ]

    operations = [
        migrations.RunPython(lambda apps, editor: _run(editor, FORWARD),
                             lambda apps, editor: _run(editor, BACKWARD)),
    ]
