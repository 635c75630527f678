"""Search (issue 3): the search text, the change log the in-process index follows, the typo lexicon.

Backend-specific parts, run by vendor:
- PostgreSQL: a stored generated tsvector over search_text with a GIN index; pg_trgm with a
  trigram GIN index on the lexicon; statement-level triggers (transition tables) that log
  changed listings and sellers to catalogue_searchchange.
- SQLite: an FTS5 external-content table over catalogue_listing(search_text) kept in step by
  triggers; row triggers that log changes to catalogue_searchchange.

On SQLite, Django rebuilds a table for some ALTERs and the rebuilt table loses its triggers:
test_search_freshness.py checks that they all exist after every migration.
"""

import django.utils.timezone
from django.db import migrations, models

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE catalogue_listing ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(search_text, ''))) STORED""",
    "CREATE INDEX catalogue_listing_search_vector_idx ON catalogue_listing USING gin (search_vector)",
    "CREATE INDEX catalogue_searchword_trgm_idx ON catalogue_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_LOG = """
CREATE OR REPLACE FUNCTION catalogue_search_log_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalogue_searchchange (listing_id, seller_id, token, created_at)
  SELECT {columns}, (random() * 9.0e18)::bigint, now() FROM {rows};
  RETURN NULL;
END $$"""
POSTGRES_FUNCTIONS = {
    "listing_new": ("id, NULL", "new_rows"),
    "listing_old": ("id, NULL", "old_rows"),
    "spec_new": ("listing_id, NULL", "new_rows"),
    "spec_old": ("listing_id, NULL", "old_rows"),
    "seller_changed": (
        "NULL::bigint, n.id",
        "new_rows n JOIN old_rows o ON o.id = n.id WHERE (n.status, n.trade_name, n.slug, n.city, n.market) "
        "IS DISTINCT FROM (o.status, o.trade_name, o.slug, o.city, o.market)",
    ),
}
POSTGRES_TRIGGERS = [
    (table, op, function)
    for table, kind in (("catalogue_listing", "listing"), ("catalogue_gemspec", "spec"),
                        ("catalogue_jewelryspec", "spec"))
    for op, function in (("INSERT", f"{kind}_new"), ("UPDATE", f"{kind}_new"), ("DELETE", f"{kind}_old"))
] + [("sellers_seller", "UPDATE", "seller_changed")]


def _postgres_trigger(table: str, op: str, function: str) -> str:
    transition = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows",
                  "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}[op]
    return (f"CREATE TRIGGER catalogue_search_log_{op.lower()} AFTER {op} ON {table} "
            f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION catalogue_search_log_{function}()")


SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE catalogue_listing_fts USING fts5(
         search_text, content='catalogue_listing', content_rowid='id',
         tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER catalogue_listing_fts_insert AFTER INSERT ON catalogue_listing BEGIN
         INSERT INTO catalogue_listing_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    """CREATE TRIGGER catalogue_listing_fts_delete AFTER DELETE ON catalogue_listing BEGIN
         INSERT INTO catalogue_listing_fts(catalogue_listing_fts, rowid, search_text)
         VALUES ('delete', old.id, old.search_text);
       END""",
    """CREATE TRIGGER catalogue_listing_fts_update AFTER UPDATE OF search_text ON catalogue_listing BEGIN
         INSERT INTO catalogue_listing_fts(catalogue_listing_fts, rowid, search_text)
         VALUES ('delete', old.id, old.search_text);
         INSERT INTO catalogue_listing_fts(rowid, search_text) VALUES (new.id, new.search_text);
       END""",
    "INSERT INTO catalogue_listing_fts(catalogue_listing_fts) VALUES ('rebuild')",
]
SQLITE_LOGGED = [
    ("catalogue_listing", "INSERT", "NEW.id", ""), ("catalogue_listing", "UPDATE", "NEW.id", ""),
    ("catalogue_listing", "DELETE", "OLD.id", ""),
    ("catalogue_gemspec", "INSERT", "NEW.listing_id", ""), ("catalogue_gemspec", "UPDATE", "NEW.listing_id", ""),
    ("catalogue_gemspec", "DELETE", "OLD.listing_id", ""),
    ("catalogue_jewelryspec", "INSERT", "NEW.listing_id", ""),
    ("catalogue_jewelryspec", "UPDATE", "NEW.listing_id", ""),
    ("catalogue_jewelryspec", "DELETE", "OLD.listing_id", ""),
]
SQLITE_TRIGGER_NAMES = [f"catalogue_search_log_{table}_{op.lower()}" for table, op, _, _ in SQLITE_LOGGED] + [
    "catalogue_search_log_sellers_seller_update"]


def _sqlite_triggers() -> list[str]:
    statements = [
        f"""CREATE TRIGGER catalogue_search_log_{table}_{op.lower()} AFTER {op} ON {table} BEGIN
              INSERT INTO catalogue_searchchange (listing_id, seller_id, token, created_at)
              VALUES ({listing}, NULL, random(), {SQLITE_NOW});
            END"""
        for table, op, listing, _ in SQLITE_LOGGED
    ]
    statements.append(
        f"""CREATE TRIGGER catalogue_search_log_sellers_seller_update AFTER UPDATE ON sellers_seller
            WHEN OLD.status IS NOT NEW.status OR OLD.trade_name IS NOT NEW.trade_name OR OLD.slug IS NOT NEW.slug
              OR OLD.city IS NOT NEW.city OR OLD.market IS NOT NEW.market
            BEGIN
              INSERT INTO catalogue_searchchange (listing_id, seller_id, token, created_at)
              VALUES (NULL, NEW.id, random(), {SQLITE_NOW});
            END""")
    return statements


def _run(schema_editor, statements) -> None:
    # A plain cursor with no parameters: the SQL holds "%" (strftime) that must not be formatted.
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def backfill_search_text(apps, schema_editor) -> None:
    """Fill search_text and the lexicon for listings that existed before this migration."""
    from gembazaar.catalogue.search_text import listing_search_text
    from gembazaar.search.document import lexicon_words

    listing_model = apps.get_model("catalogue", "Listing")
    word_model = apps.get_model("catalogue", "SearchWord")
    sellers = {s.pk: s for s in apps.get_model("sellers", "Seller").objects.all()}
    words: set[str] = set()
    last_id = 0
    while True:
        batch = list(listing_model.objects.filter(pk__gt=last_id).select_related("gem", "jewelry")
                     .order_by("pk")[:2000])
        if not batch:
            break
        for listing in batch:
            spec = getattr(listing, "jewelry" if listing.kind == "jewelry" else "gem", None)
            values = {f.attname: getattr(spec, f.attname) for f in spec._meta.concrete_fields} if spec else None
            seller = sellers[listing.seller_id]
            listing.search_text = listing_search_text(
                title=listing.title, description=listing.description, kind=listing.kind,
                origin_country=str(listing.origin_country or ""), origin_locality=listing.origin_locality,
                gem=None if listing.kind == "jewelry" else values,
                jewelry=values if listing.kind == "jewelry" else None,
                seller_name=seller.trade_name, seller_city=seller.city, seller_market=seller.market)
            words |= lexicon_words(listing.search_text)
        listing_model.objects.bulk_update(batch, ["search_text"], batch_size=500)
        last_id = batch[-1].pk
    word_model.objects.bulk_create([word_model(word=w) for w in sorted(words)], batch_size=1000,
                                   ignore_conflicts=True)


def create_search_schema(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        functions = [POSTGRES_LOG.format(name=name, columns=columns, rows=rows)
                     for name, (columns, rows) in POSTGRES_FUNCTIONS.items()]
        triggers = [_postgres_trigger(table, op, function) for table, op, function in POSTGRES_TRIGGERS]
        _run(schema_editor, POSTGRES_FORWARD + functions + triggers)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD + _sqlite_triggers())


def drop_search_schema(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [f"DROP TRIGGER IF EXISTS catalogue_search_log_{op.lower()} ON {table}"
                      for table, op, _ in POSTGRES_TRIGGERS]
        statements += [f"DROP FUNCTION IF EXISTS catalogue_search_log_{name}()" for name in POSTGRES_FUNCTIONS]
        statements += ["DROP INDEX IF EXISTS catalogue_searchword_trgm_idx",
                       "ALTER TABLE catalogue_listing DROP COLUMN IF EXISTS search_vector"]
        _run(schema_editor, statements)
    elif vendor == "sqlite":
        names = [*SQLITE_TRIGGER_NAMES, "catalogue_listing_fts_insert", "catalogue_listing_fts_delete",
                 "catalogue_listing_fts_update"]
        _run(schema_editor, [f"DROP TRIGGER IF EXISTS {name}" for name in names]
             + ["DROP TABLE IF EXISTS catalogue_listing_fts"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("sellers", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("listing_id", models.BigIntegerField(null=True)),
                ("seller_id", models.BigIntegerField(null=True)),
                ("token", models.BigIntegerField(default=0)),
                ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[("word", models.CharField(max_length=30, primary_key=True, serialize=False))],
        ),
        migrations.AddField(
            model_name="listing",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search text"),
        ),
        migrations.RunPython(backfill_search_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_search_schema, drop_search_schema),
    ]
