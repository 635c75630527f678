"""Fast inserts for bulk writers (the listing import, the demo seeder): multi-row INSERT on
SQLite, COPY on PostgreSQL.

Django's `bulk_create` spends about ten microseconds per field of every row preparing values
(model instances, `pre_save`, `get_db_prep_save`) and, on SQLite, caps a statement at 999
parameters: too slow for 100,000 listings a minute. The callers' values are already plain
`str`/`int`/`bool`/`Decimal`/`None`/datetime, so this writer only adapts datetimes as Django does and
then lets the database take rows in bulk:

- SQLite: INSERT … VALUES (…), (…) with as many rows as the variable limit allows, RETURNING keys.
- PostgreSQL: COPY (psycopg would otherwise parse and bind every parameter of a huge INSERT in
  Python); primary keys are taken from the table's sequence beforehand.

Table and column names come from the models' `_meta`; the database constraints check every row.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

ROWS_PER_STATEMENT = 5_000


def sqlite_max_params() -> int:
    try:
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except AttributeError:  # Python < 3.11 cannot ask; SQLite's historic default
        return 999


def plain_cursor() -> CursorWrapper:
    """A cursor that never logs: with DEBUG on, Django would format every huge INSERT for its query log."""
    connection.ensure_connection()
    return CursorWrapper(connection.create_cursor(), connection)


class TableWriter:
    """Inserts rows given as dicts keyed by field attname; missing fields get their model default."""

    def __init__(self, model: type[models.Model]) -> None:
        quote = connection.ops.quote_name
        self.fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
        self.auto_pk = model._meta.pk if isinstance(model._meta.pk, models.AutoField) else None
        self.db_table = model._meta.db_table
        self.table = quote(self.db_table)
        self.columns = [quote(f.column) for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.datetime_positions = [i for i, f in enumerate(self.fields) if isinstance(f, models.DateTimeField)]
        self.now_attnames = {f.attname for f in self.fields
                             if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
        self.defaults = {f.attname: f.get_default() for f in self.fields}

    def _values(self, rows: Iterable[dict], now: dt.datetime) -> list[list]:
        defaults = {**self.defaults, **dict.fromkeys(self.now_attnames, now)}
        adapt = connection.ops.adapt_datetimefield_value
        result = []
        for row in rows:
            values = [row[name] if name in row else defaults[name] for name in self.attnames]
            for position in self.datetime_positions:
                values[position] = adapt(values[position])
            result.append(values)
        return result

    def insert(self, rows: Sequence[dict], *, returning: Sequence[str] = ()) -> list[tuple]:
        """Insert all rows. With `returning` (the pk's name and attnames), those values of every row, in any order."""
        if not rows:
            return []
        values = self._values(rows, timezone.now())
        if connection.vendor == "postgresql":
            return self._copy_postgres(values, returning)
        return self._insert_multirow(values, returning)

    def _insert_multirow(self, values: list[list], returning: Sequence[str]) -> list[tuple]:
        if returning and not connection.features.can_return_rows_from_bulk_insert:
            raise RuntimeError("Bulk writes need SQLite 3.35 or newer (INSERT … RETURNING).")
        per_statement = max(1, min(ROWS_PER_STATEMENT, sqlite_max_params() // len(self.fields)))
        placeholders = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        suffix = (" RETURNING " + ", ".join(connection.ops.quote_name(c) for c in returning)) if returning else ""
        returned: list[tuple] = []
        with plain_cursor() as cursor:
            for start in range(0, len(values), per_statement):
                chunk = values[start:start + per_statement]
                # Only names from the models' _meta and placeholders are formatted in; values are parameters.
                sql = (f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES "  # noqa: S608
                       + ", ".join([placeholders] * len(chunk)) + suffix)
                cursor.execute(sql, [value for row in chunk for value in row])
                if returning:
                    returned.extend(cursor.fetchall())
        return returned

    def _copy_postgres(self, values: list[list], returning: Sequence[str]) -> list[tuple]:
        columns = list(self.columns)
        if self.auto_pk is not None:
            with plain_cursor() as cursor:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [self.db_table, self.auto_pk.column, len(values)])
                ids = [pk for (pk,) in cursor.fetchall()]
            values = [[pk, *row] for pk, row in zip(ids, values, strict=True)]
            columns.insert(0, connection.ops.quote_name(self.auto_pk.column))
        # The raw psycopg cursor skips Django's wrapper: wrap_database_errors turns psycopg's
        # UniqueViolation & co. into django.db.IntegrityError, as every other write raises.
        with connection.wrap_database_errors, connection.connection.cursor() as cursor, cursor.copy(
            f"COPY {self.table} ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for row in values:
                copy.write_row(row)
        if not returning:
            return []
        names = ([self.auto_pk.attname] if self.auto_pk is not None else []) + self.attnames
        positions = [names.index(name) for name in returning]
        return [tuple(row[p] for p in positions) for row in values]
