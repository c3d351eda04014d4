# SPDX-License-Identifier: MIT
"""INSERT of model rows with a statement written once per process, for the hottest writes.

`Model.objects.create()` and `bulk_create()` compile their INSERT anew on every call and
pass every value through its field's conversion: on a field report sent through Open311
that was a third of the request's Python, for two statements whose shape never changes.
`insert_rows` writes the same rows with the statement kept per model and database, and
converts only the values whose database form differs from the Python one (dates and times,
UUIDs, JSON, decimals…); a plain `str`, `int`, `float`, `bool` or `None` of a plain
field goes as it is. What the rows hold is what `bulk_create` would have written:
defaults are filled and `auto_now` / `auto_now_add` dates set by each field's `pre_save`.
No signals are sent, as with `bulk_create`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import connections, models, router

# Fields whose database value is the Python value itself when it has one of PLAIN_TYPES.
PLAIN_FIELDS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "EmailField",
        "FloatField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
    }
)
PLAIN_TYPES = (str, int, float, bool, type(None))


class InsertStatement(NamedTuple):
    """A model's INSERT: `sql` then one `row_sql` group per row, joined by commas."""

    sql: str
    row_sql: str
    fields: tuple[models.Field, ...]
    plain: tuple[bool, ...]  # whether a plain Python value of the field goes as it is
    returns_pk: bool  # the database assigns the primary key

    def values(self, obj: models.Model, connection: Any) -> list[Any]:
        """`obj`'s values as the INSERT sends them."""
        values = []
        for field, is_plain in zip(self.fields, self.plain, strict=True):
            value = field.pre_save(obj, add=True)
            if not (is_plain and isinstance(value, PLAIN_TYPES)):
                value = field.get_db_prep_save(value, connection)
            values.append(value)
        return values


@lru_cache(maxsize=64)
def insert_statement(model: type[models.Model], alias: str) -> InsertStatement:
    """`model`'s INSERT on database `alias`, written once per process."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    fields = tuple(
        f for f in meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))
    )
    columns = ", ".join(quote(f.column) for f in fields)
    return InsertStatement(
        sql=f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ",
        row_sql=f"({', '.join(['%s'] * len(fields))})",
        fields=fields,
        plain=tuple(f.get_internal_type() in PLAIN_FIELDS for f in fields),
        returns_pk=len(fields) < len(meta.concrete_fields),
    )


def insert_rows(objs: Sequence[models.Model], *, using: str | None = None) -> None:
    """INSERT `objs` (instances of one model, not yet saved) in one statement; each gets its
    primary key when the database assigns it. Meant for a handful of rows per call."""
    if not objs:
        return
    model = type(objs[0])
    alias = using or router.db_for_write(model)
    connection = connections[alias]
    statement = insert_statement(model, alias)
    if statement.returns_pk and not connection.features.can_return_rows_from_bulk_insert:
        raise NotImplementedError("insert_rows needs INSERT … RETURNING (SQLite 3.35+)")
    params: list[Any] = []
    for obj in objs:
        if type(obj) is not model:
            raise TypeError("insert_rows takes instances of one model")
        params.extend(statement.values(obj, connection))
    sql = statement.sql + ", ".join([statement.row_sql] * len(objs))
    pk = model._meta.pk
    if statement.returns_pk:
        sql += f" RETURNING {connection.ops.quote_name(pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys: list[tuple[Any, ...]] = cursor.fetchall() if statement.returns_pk else []
    converters: list[Callable[..., Any]] = pk.get_db_converters(connection)
    for obj, (key,) in zip(objs, keys, strict=False):
        for convert in converters:
            key = convert(key, pk, connection)
        setattr(obj, pk.attname, key)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias


def insert_row(obj: models.Model, *, using: str | None = None) -> models.Model:
    """`insert_rows([obj])`; returns `obj` with its primary key."""
    insert_rows([obj], using=using)
    return obj
