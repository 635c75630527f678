"""Keep a table's triggers across a migration that makes SQLite rebuild the table.

SQLite cannot alter most columns or add a constraint in place: Django copies the table to a new
one and drops the old, and dropping a table drops its triggers (the search change log's, from
catalogue 0002_search). Wrap such operations in the pair this returns:

    before, after = keep_sqlite_triggers("catalogue_gemspec")
    operations = [before, migrations.AddField(...), after]

PostgreSQL alters in place and keeps its triggers; there both steps do nothing.
"""

from __future__ import annotations

from django.db import migrations


def keep_sqlite_triggers(*tables: str) -> tuple[migrations.RunPython, migrations.RunPython]:
    stash: dict[str, list[str]] = {}

    def triggers(schema_editor) -> list[str]:
        with schema_editor.connection.cursor() as cursor:
            marks = ", ".join("%s" for _ in tables)
            cursor.execute(f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ({marks})",  # noqa: S608
                           list(tables))
            return [row[0] for row in cursor.fetchall()]

    def remember(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "sqlite":
            stash[schema_editor.connection.alias] = triggers(schema_editor)

    def restore(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        present = set(triggers(schema_editor))
        with schema_editor.connection.cursor() as cursor:
            for sql in stash.pop(schema_editor.connection.alias, []):
                if sql not in present:
                    cursor.execute(sql)

    # Run backwards, the roles swap: the last operation remembers, the first restores.
    return (migrations.RunPython(remember, restore, elidable=False),
            migrations.RunPython(restore, remember, elidable=False))
