# SPDX-License-Identifier: MIT
"""Migrations of the dossier table, which a province has millions of rows in."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_index_of_late_dossiers_is_built_without_blocking_writes():
    out = StringIO()
    call_command("sqlmigrate", "dossiers", "0017", stdout=out)
    sql = out.getvalue()
    if connection.vendor == "postgresql":
        assert 'CREATE INDEX CONCURRENTLY "dossier_ended_late"' in sql
    else:
        assert 'CREATE INDEX "dossier_ended_late"' in sql
    assert "WHERE" in sql and "ended_late" in sql and '"accepted_at"' in sql
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "dossiers_dossier")
    assert constraints["dossier_ended_late"]["index"]


@pytest.mark.parametrize(
    ("app", "migration", "created", "dropped"),
    [
        ("dossiers", "0013", ["dossier_pending"], []),
        ("dossiers", "0014", ["dossier_agency_accepted", "dossier_accepted", "dossier_ended"], []),
        ("dossiers", "0015", ["dossier_pending"], ["dossier_pending"]),
        ("feedback", "0002", ["feedback_report_pub_cell_cov"], ["feedback_report_public_new"]),
    ],
)
def test_indexes_on_the_large_tables_are_built_and_dropped_without_blocking_writes(
    app, migration, created, dropped
):
    out = StringIO()
    call_command("sqlmigrate", app, migration, stdout=out)
    sql = out.getvalue()
    concurrently = "CONCURRENTLY " if connection.vendor == "postgresql" else ""
    for name in created:
        assert f'CREATE INDEX {concurrently}"{name}"' in sql
    for name in dropped:
        assert f'DROP INDEX {concurrently}IF EXISTS "{name}"' in sql or (
            f'DROP INDEX {concurrently}"{name}"' in sql
        )
    assert "BEGIN;" not in sql  # not atomic: PostgreSQL refuses CONCURRENTLY in a transaction
