# SPDX-License-Identifier: EUPL-1.2
"""Plain bulk inserts for the historic path: ids handed out first, rows as tuples, COPY on PostgreSQL.

Django's ``bulk_create`` builds a model object per row and SQL text per value; for a few hundred thousand
rows (five years of a corporation's meldingen, with their clocks and history) that costs most of an
import's time. Here a row is a dict of column values; each field's conversion to the database's form is
chosen once per table, and the rows go to PostgreSQL with ``COPY`` (to SQLite with ``executemany`` of one
statement). Ids are taken before the insert (PostgreSQL's sequence; on SQLite the highest id in use, safe
because the import's transaction holds SQLite's write lock from its start), so rows that point at each
other are made in memory first.

Fields a row leaves out get the model's default (``auto_now_add`` gets the moment of the import), so a
field added to a model later needs no change here when it has a default.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

_PASS_THROUGH = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
    models.BigAutoField,
)
_MISSING = object()
_CHUNK = 5000
#: Up to this many rows, one INSERT ... RETURNING is cheaper than taking ids first and a COPY.
FEW = 20


class BulkTable:
    """Inserts rows into one model's table."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        # The moment of set-up, for ``auto_now_add`` fields; the rest is prepared only for a COPY (a few
        # rows go through ``bulk_create``, as a single melding from the API does).
        self.now = timezone.now()
        self.ready = False

    def _prepare(self) -> None:
        """Work out the defaults, conversions and statements of this table (once)."""
        if self.ready:
            return
        self.ready = True
        now = self.now
        self.defaults: dict[str, Any] = {}
        self.converters: list[Callable[[Any], Any] | None] = []
        self.stamped: list[str] = []
        for field in self.fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                self.defaults[field.attname] = now
                self.stamped.append(field.attname)
            else:
                # As a model object would: its default, "" for text, else None (which NOT NULL refuses).
                self.defaults[field.attname] = None if field.primary_key else field.get_default()
            self.converters.append(None if isinstance(field, _PASS_THROUGH) else _converter(field))
        quote = connection.ops.quote_name
        names = ", ".join(quote(str(field.column)) for field in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {quote(self.table)} ({names}) VALUES ({marks})"
        self.copy_sql = f"COPY {quote(self.table)} ({names}) FROM STDIN"

    def allocate(self, count: int) -> list[int]:
        """Take ``count`` new ids for this table (call inside the transaction that inserts them)."""
        if count == 0:
            return []
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [quote(self.table), count],
                )
                return [int(row[0]) for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(self.table)}")
            highest = int(cursor.fetchone()[0])
            if connection.vendor == "sqlite":
                # AUTOINCREMENT never hands out an id again, not even one whose row was removed.
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                row = cursor.fetchone()
                highest = max(highest, int(row[0]) if row else 0)
        return list(range(highest + 1, highest + 1 + count))

    def insert(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows given as {attname: value}; each must carry its id (see :meth:`allocate`)."""
        self._prepare()
        values = []
        for row in rows:
            record = []
            for field, convert in zip(self.fields, self.converters, strict=True):
                value = row.get(field.attname, _MISSING)
                if value is _MISSING:
                    value = self.defaults[field.attname]
                record.append(value if convert is None or value is None else convert(value))
            values.append(tuple(record))
        if not values:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: the server takes the rows as data, without parsing an INSERT for each of them.
                # Errors as Django's (IntegrityError and so on), as from any other statement.
                with connection.wrap_database_errors, cursor.cursor.copy(self.copy_sql) as copy:
                    for row_values in values:
                        copy.write_row(row_values)
                return
            for start in range(0, len(values), _CHUNK):
                cursor.executemany(self.sql, values[start : start + _CHUNK])

    def insert_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows given as {attname: value} without ids; they get theirs (see :meth:`insert_objects`)."""
        if len(rows) <= FEW:
            self.model._default_manager.bulk_create([self.model(**row) for row in rows])
            return
        for row, pk in zip(rows, self.allocate(len(rows)), strict=True):
            row["id"] = pk
        self.insert(rows)

    def insert_objects(self, objects: Sequence[models.Model]) -> None:
        """Insert unsaved model objects (made, not saved): each gets its id, and counts as saved after.

        What ``bulk_create`` does for them, without its cost per value: ``auto_now_add`` fields get the
        moment the table was set up; a model's own ``save()`` is not called (as with ``bulk_create``).
        A few objects go through ``bulk_create`` itself: one statement instead of taking ids and a COPY.
        """
        if len(objects) <= FEW:
            self.model._default_manager.bulk_create(objects)
            return
        self._prepare()
        for obj, pk in zip(objects, self.allocate(len(objects)), strict=True):
            obj.pk = pk
            for name in self.stamped:
                if getattr(obj, name) is None:
                    setattr(obj, name, self.defaults[name])
        self.insert([obj.__dict__ for obj in objects])
        for obj in objects:
            obj._state.adding = False
            obj._state.db = DEFAULT_DB_ALIAS


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    # The connection itself, not Django's per-thread proxy: looked up once, not per value.
    real = connections[DEFAULT_DB_ALIAS]
    if isinstance(field, models.DateTimeField) and connection.vendor == "sqlite":
        # What Django's SQLite backend stores, without its checks per value: the time in the database's
        # zone (UTC), as text. Every moment here is timezone-aware (intake and the replay refuse others).
        zone = connection.timezone

        def as_text(value: Any) -> Any:
            return str(value.astimezone(zone).replace(tzinfo=None))

        return as_text
    if isinstance(field, models.DateTimeField):
        return _same

    def convert(value: Any) -> Any:
        return field.get_db_prep_save(value, real)

    return convert


def _same(value: Any) -> Any:
    return value
