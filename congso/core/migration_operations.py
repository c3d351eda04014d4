# SPDX-License-Identifier: MIT
"""Migration operations that keep a large table writable while they run."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db.migrations.operations import AddIndex, RemoveIndex


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
