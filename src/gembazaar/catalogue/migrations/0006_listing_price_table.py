"""A listing's price moves to a narrow table of its own, catalogue_listingprice (issue 5).

Repricing a million metal-linked listings rewrote a million ~420-byte listing rows (more with a
real description): 5–9 s of the 14–16 s a repricing took. The same update of a ~70-byte row takes
about 2 s, and the listing rows (their indexes, their full-text index) are not touched at all.

- catalogue_listingprice (listing_id primary key, price, reference_price) gets every listing's
  price; the two columns and their check constraints leave catalogue_listing.
- The search change log covers the new table like the spec tables (a price change moves a
  listing in price sorting and filtering). PostgreSQL: statement triggers for INSERT and DELETE,
  and for UPDATE a row trigger a repricing switches off for its own transaction
  (gembazaar.search_log = off; it logs its changes itself), as for catalogue_listing in 0004.
- PostgreSQL: fillfactor 50 for the new table (every row of a page is rewritten in one
  transaction: room for a second version keeps the updates HOT), and catalogue_listing goes back
  to the default fillfactor (pages written from now on).
- listing_linked_currency_idx becomes listing_repriced_idx (currency, id) over the listings a
  repricing rewrites, which repricing reads index-only.
- SQLite rebuilds catalogue_listing to drop a column used by a CHECK constraint, and a rebuilt
  table has lost its triggers (full-text and change log, 0002): they are stashed and put back.
- Reversible: migrating back re-adds the columns (nullable), copies the prices back, then makes
  them NOT NULL again; the price table, its triggers and the new index go.
"""

from django.db import migrations, models

from gembazaar.core.sqlite_triggers import keep_sqlite_triggers

KEEP_TRIGGERS, RESTORE_TRIGGERS = keep_sqlite_triggers("catalogue_listing")


def copy_prices(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("INSERT INTO catalogue_listingprice (listing_id, price, reference_price) "
                       "SELECT id, price, reference_price FROM catalogue_listing")


def copy_prices_back(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("UPDATE catalogue_listing SET price = (SELECT p.price FROM catalogue_listingprice p "
                       "WHERE p.listing_id = catalogue_listing.id), reference_price = (SELECT p.reference_price "
                       "FROM catalogue_listingprice p WHERE p.listing_id = catalogue_listing.id)")


def price_table_storage(apps, schema_editor):
    """Before the prices are copied in: pages filled at 100 % would make the first repricing of
    every copied row a non-HOT update."""
    if schema_editor.connection.vendor == "postgresql":
        _run(schema_editor, ["ALTER TABLE catalogue_listingprice SET (fillfactor = 50)",
                             "ALTER TABLE catalogue_listing RESET (fillfactor)"])


POSTGRES_FORWARD = [
    """CREATE OR REPLACE FUNCTION catalogue_search_log_price_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalogue_searchchange (listing_id, seller_id, token, created_at)
  VALUES (NEW.listing_id, NULL, (random() * 9.0e18)::bigint, now());
  RETURN NULL;
END $$""",
    """CREATE TRIGGER catalogue_search_log_insert AFTER INSERT ON catalogue_listingprice
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION catalogue_search_log_spec_new()""",
    """CREATE TRIGGER catalogue_search_log_delete AFTER DELETE ON catalogue_listingprice
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION catalogue_search_log_spec_old()""",
    """CREATE TRIGGER catalogue_search_log_update AFTER UPDATE ON catalogue_listingprice FOR EACH ROW
       WHEN (current_setting('gembazaar.search_log', true) IS DISTINCT FROM 'off')
       EXECUTE FUNCTION catalogue_search_log_price_row()""",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER catalogue_search_log_update ON catalogue_listingprice",
    "DROP TRIGGER catalogue_search_log_delete ON catalogue_listingprice",
    "DROP TRIGGER catalogue_search_log_insert ON catalogue_listingprice",
    "DROP FUNCTION catalogue_search_log_price_row()",
    "ALTER TABLE catalogue_listing SET (fillfactor = 50)",
]
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
SQLITE_FORWARD = [
    f"""CREATE TRIGGER catalogue_search_log_catalogue_listingprice_{op.lower()} AFTER {op} ON catalogue_listingprice
        BEGIN
          INSERT INTO catalogue_searchchange (listing_id, seller_id, token, created_at)
          VALUES ({row}.listing_id, NULL, random(), {SQLITE_NOW});
        END"""
    for op, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
]
SQLITE_BACKWARD = [f"DROP TRIGGER catalogue_search_log_catalogue_listingprice_{op}" for op in ("insert", "update",
                                                                                                 "delete")]


def _run(schema_editor, statements) -> None:
    # A plain cursor with no parameters: the SQL holds "%" (strftime) that must not be formatted.
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES_FORWARD if postgres else SQLITE_FORWARD)


def backward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES_BACKWARD if postgres else SQLITE_BACKWARD)


REPRICED = models.Q(("price_mode", "metal_linked"), ("status__in", ("draft", "active", "reserved")))


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0005_listing_search_vector_as_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="ListingPrice",
            fields=[
                ("listing", models.OneToOneField(on_delete=models.deletion.CASCADE, primary_key=True,
                                                 related_name="pricing", serialize=False, to="catalogue.listing",
                                                 verbose_name="listing")),
                ("price", models.DecimalField(decimal_places=3, max_digits=15, verbose_name="price")),
                ("reference_price", models.DecimalField(decimal_places=2, max_digits=15,
                                                        verbose_name="reference price (USD)")),
            ],
            options={"verbose_name": "listing price", "verbose_name_plural": "listing prices"},
        ),
        migrations.RunPython(price_table_storage, migrations.RunPython.noop),
        KEEP_TRIGGERS,
        # Nullable first, so that migrating back can add the columns, copy the prices into them
        # and only then make them NOT NULL again.
        migrations.AlterField(model_name="listing", name="price",
                              field=models.DecimalField(decimal_places=3, max_digits=15, null=True,
                                                        verbose_name="price")),
        migrations.AlterField(model_name="listing", name="reference_price",
                              field=models.DecimalField(decimal_places=2, max_digits=15, null=True,
                                                        verbose_name="reference price (USD)")),
        migrations.RunPython(copy_prices, copy_prices_back),
        migrations.RemoveConstraint(model_name="listing", name="listing_price_positive"),
        migrations.RemoveConstraint(model_name="listing", name="listing_reference_price_positive"),
        migrations.RemoveField(model_name="listing", name="price"),
        migrations.RemoveField(model_name="listing", name="reference_price"),
        RESTORE_TRIGGERS,
        migrations.AddConstraint(
            model_name="listingprice",
            constraint=models.CheckConstraint(condition=models.Q(("price__gt", 0)), name="listing_price_positive"),
        ),
        migrations.AddConstraint(
            model_name="listingprice",
            constraint=models.CheckConstraint(condition=models.Q(("reference_price__gt", 0)),
                                              name="listing_reference_price_positive"),
        ),
        migrations.RemoveIndex(model_name="listing", name="listing_linked_currency_idx"),
        migrations.AddIndex(
            model_name="listing",
            index=models.Index(condition=REPRICED, fields=["currency", "id"], name="listing_repriced_idx"),
        ),
        migrations.AlterModelOptions(
            name="listing",
            options={"base_manager_name": "objects", "ordering": ["-published_at", "-id"]},
        ),
        migrations.RunPython(forward, backward),
    ]
