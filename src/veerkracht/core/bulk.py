# SPDX-License-Identifier: EUPL-1.2
"""Plain inserts: many rows (the historic import) by COPY with ids handed out first, a few by one INSERT.

Django's ``bulk_create`` builds a model object per row and SQL text per value; for a few hundred thousand
rows (five years of a corporation's meldingen, with their clocks and history) that costs most of an
import's time. Here a row is a dict of column values; each field's conversion to the database's form is
chosen once per table, and the rows go to PostgreSQL with ``COPY`` (to SQLite with ``executemany`` of one
statement). Ids are taken before the insert (PostgreSQL's sequence; on SQLite the highest id in use, safe
because the import's transaction holds SQLite's write lock from its start), so rows that point at each
other are made in memory first.

A few rows (a melding from the API with its clocks, contact and history; an audit line) go in one
``INSERT ... RETURNING`` with the same prepared conversions: per request, Django's ``bulk_create`` and
``save`` cost more in building SQL than the database spent running it (issue 9's load benchmark).

Fields a row leaves out get the model's default (``auto_now_add`` gets the moment of the import), so a
field added to a model later needs no change here when it has a default. A model's own ``save()`` is not
called: a caller that inserts through here does what that ``save()`` would check.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Layout:
    """What a table's inserts need that never changes within a process: columns, conversions, statements."""

    fields: tuple[models.Field[Any, Any], ...]
    converters: tuple[Callable[[Any], Any] | None, ...]
    stamped: tuple[str, ...]
    copy_sql: str
    insert_sql: str
    #: One row's place holders in ``insert_sql``, for more rows in the same statement.
    insert_marks: str
    #: Without the id column, for rows that get theirs from the database: "INSERT ... VALUES " (rows follow).
    few_sql: str
    few_marks: str


_layouts: dict[tuple[type[models.Model], str], _Layout] = {}


def _layout(model: type[models.Model]) -> _Layout:
    """The model's layout on the default database, worked out once per process (intake inserts often)."""
    key = (model, connection.vendor)
    found = _layouts.get(key)
    if found is not None:
        return found
    fields = tuple(model._meta.concrete_fields)
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(field.column)) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = quote(model._meta.db_table)
    without_id = [field for field in fields if not field.primary_key]
    made = _Layout(
        fields=fields,
        converters=tuple(None if isinstance(field, _PASS_THROUGH) else _converter(field) for field in fields),
        stamped=tuple(
            field.attname
            for field in fields
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False)
        ),
        copy_sql=f"COPY {table} ({names}) FROM STDIN",
        insert_sql=f"INSERT INTO {table} ({names}) VALUES ({marks})",
        insert_marks=f"({marks})",
        few_sql=f"INSERT INTO {table} ({', '.join(quote(str(f.column)) for f in without_id)}) VALUES ",
        few_marks="(" + ", ".join(["%s"] * len(without_id)) + ")",
    )
    _layouts[key] = made
    return made


class BulkTable:
    """Inserts rows into one model's table."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.layout = _layout(model)
        # The moment of set-up, for ``auto_now_add`` fields.
        self.now = timezone.now()
        self._defaults: dict[str, Any] = {}

    def default(self, field: models.Field[Any, Any]) -> Any:
        """A column's value when a row leaves it out, as a model object would have it (worked out once)."""
        name = field.attname
        if name not in self._defaults:
            # Its default, "" for text, else None (which NOT NULL refuses); the moment for time stamps.
            self._defaults[name] = (
                self.now
                if name in self.layout.stamped
                else (None if field.primary_key else field.get_default())
            )
        return self._defaults[name]

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

    def _values(self, rows: Sequence[dict[str, Any]], *, with_id: bool = True) -> list[tuple[Any, ...]]:
        """Each row's column values in the database's form, in the layout's order."""
        layout = self.layout
        values = []
        for row in rows:
            record = []
            for field, convert in zip(layout.fields, layout.converters, strict=True):
                if field.primary_key and not with_id:
                    continue
                value = row.get(field.attname, _MISSING)
                if value is _MISSING:
                    value = self.default(field)
                record.append(value if convert is None or value is None else convert(value))
            values.append(tuple(record))
        return values

    def insert(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows given as {attname: value}; each must carry its id (see :meth:`allocate`)."""
        values = self._values(rows)
        if not values:
            return
        with connection.cursor() as cursor:
            if len(values) <= FEW:
                # A few rows: one INSERT costs less than COPY's three steps.
                cursor.execute(
                    self.layout.insert_sql + f", {self.layout.insert_marks}" * (len(values) - 1),
                    [value for row_values in values for value in row_values],
                )
                return
            if connection.vendor == "postgresql":
                # COPY: the server takes the rows as data, without parsing an INSERT for each of them.
                # Errors as Django's (IntegrityError and so on), as from any other statement.
                with connection.wrap_database_errors, cursor.cursor.copy(self.layout.copy_sql) as copy:
                    for row_values in values:
                        copy.write_row(row_values)
                return
            for start in range(0, len(values), _CHUNK):
                cursor.executemany(self.layout.insert_sql, values[start : start + _CHUNK])

    def _insert_few(self, rows: Sequence[dict[str, Any]], *, returning: bool) -> list[int]:
        """One INSERT of a few rows without ids; the ids the database gave them, in order, when asked."""
        values = self._values(rows, with_id=False)
        if not values:
            return []
        sql = self.layout.few_sql + ", ".join([self.layout.few_marks] * len(values))
        if returning:
            sql += f" RETURNING {connection.ops.quote_name('id')}"
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row_values in values for value in row_values])
            # Rows come back in the order of VALUES on both databases (as Django's bulk_create relies on).
            return [int(row[0]) for row in cursor.fetchall()] if returning else []

    def insert_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows given as {attname: value} without ids; they get theirs (see :meth:`insert_objects`)."""
        if len(rows) <= FEW:
            self._insert_few(rows, returning=False)
            return
        for row, pk in zip(rows, self.allocate(len(rows)), strict=True):
            row["id"] = pk
        self.insert(rows)

    def insert_objects(self, objects: Sequence[models.Model]) -> None:
        """Insert unsaved model objects (made, not saved): each gets its id, and counts as saved after.

        What ``bulk_create`` does for them, without its cost per value: ``auto_now_add`` fields get the
        moment the table was set up; a model's own ``save()`` is not called (as with ``bulk_create``).
        A few objects go in one INSERT ... RETURNING instead of taking ids and a COPY.
        """
        self._stamp(objects)
        if len(objects) <= FEW:
            ids = self._insert_few([obj.__dict__ for obj in objects], returning=True)
        else:
            ids = self.allocate(len(objects))
            for obj, pk in zip(objects, ids, strict=True):
                obj.pk = pk
            self.insert([obj.__dict__ for obj in objects])
        for obj, pk in zip(objects, ids, strict=True):
            _saved(obj, pk)

    def insert_unless_taken(self, obj: models.Model) -> bool:
        """Insert one unsaved object unless a unique constraint holds a row like it already; True if inserted.

        ``ON CONFLICT DO NOTHING``: a row refused for a unique value is no error, so the surrounding
        transaction goes on without a savepoint to roll back to (two statements fewer per API submission).
        Which constraint refused it is the caller's to find out.
        """
        self._stamp([obj])
        [values] = self._values([obj.__dict__], with_id=False)
        returning = connection.ops.quote_name("id")
        with connection.cursor() as cursor:
            cursor.execute(
                f"{self.layout.few_sql}{self.layout.few_marks} ON CONFLICT DO NOTHING RETURNING {returning}",
                list(values),
            )
            row = cursor.fetchone()
        if row is None:
            return False
        _saved(obj, int(row[0]))
        return True

    def _stamp(self, objects: Sequence[models.Model]) -> None:
        for obj in objects:
            for name in self.layout.stamped:
                if getattr(obj, name) is None:
                    setattr(obj, name, self.now)


def _saved(obj: models.Model, pk: int) -> None:
    obj.pk = pk
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
