# SPDX-License-Identifier: MIT
"""Migration operations that keep a large table writable while they run."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db.migrations.operations import AddIndex, AlterField, RemoveIndex
from django.db.models import Index


class _PlainElsewhere:
    """The concurrent operation on PostgreSQL, `plain` (what it is made from) elsewhere."""

    plain: Any

    def database_forwards(self, app_label: str, schema_editor: Any, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            self.plain.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            self.plain.database_backwards(self, app_label, schema_editor, from_state, to_state)


class AddIndexConcurrentlyOnPostgres(_PlainElsewhere, AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL, a plain CREATE INDEX elsewhere (SQLite).

    A plain CREATE INDEX on PostgreSQL blocks every write to the table until the index is
    built: minutes on a province's dossier table. Concurrently, writes go on. The
    migration holding it must say `atomic = False` (PostgreSQL refuses CONCURRENTLY inside
    a transaction).
    """

    plain = AddIndex


class RemoveIndexConcurrentlyOnPostgres(_PlainElsewhere, RemoveIndexConcurrently):
    """DROP INDEX CONCURRENTLY on PostgreSQL (no lock held against readers and writers of
    the table), a plain DROP INDEX elsewhere. Same rules as AddIndexConcurrentlyOnPostgres.
    """

    plain = RemoveIndex


class AlterFieldIndexConcurrentlyOnPostgres(AlterField):
    """AlterField for a change of `db_index` alone, done as the index statement only: DROP
    or CREATE INDEX, CONCURRENTLY on PostgreSQL. (SQLite's AlterField would copy the whole
    table into a new one to change an index.)

    A foreign key's own index is redundant where another index starts with the same column;
    dropping it makes every insert into a large table a little cheaper. Same rules as
    AddIndexConcurrentlyOnPostgres: the migration must say `atomic = False`.
    """

    def database_forwards(self, app_label: str, schema_editor: Any, from_state, to_state) -> None:
        self._switch(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state, to_state) -> None:
        self._switch(app_label, schema_editor, from_state, to_state)

    def _switch(self, app_label: str, schema_editor: Any, from_state, to_state) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        old = from_state.apps.get_model(app_label, self.model_name)._meta.get_field(self.name)
        new = model._meta.get_field(self.name)
        if _without_db_index(old) != _without_db_index(new):
            raise ValueError(f"{self.model_name}.{self.name}: only db_index may change here")
        concurrently = (
            {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}
        )
        if old.db_index and not new.db_index:
            names = schema_editor._constraint_names(
                model,
                [old.column],
                index=True,
                type_=Index.suffix,
                exclude={index.name for index in model._meta.indexes},
            )
            for name in names:
                schema_editor.execute(schema_editor._delete_index_sql(model, name, **concurrently))
        elif new.db_index and not old.db_index:
            schema_editor.execute(
                schema_editor._create_index_sql(model, fields=[new], **concurrently)
            )


def _without_db_index(field: Any) -> dict[str, Any]:
    return {k: v for k, v in field.deconstruct()[3].items() if k != "db_index"}
