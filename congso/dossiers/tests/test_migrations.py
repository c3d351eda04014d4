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


FOREIGN_KEYS_INDEXED_IN_COMPOSITES = [
    ("dossiers_dossier", "receiving_agency_id"),
    ("dossiers_dossier", "competent_agency_id"),
    ("dossiers_dossier", "current_agency_id"),
    ("dossiers_dossiertask", "agency_id"),
    ("dossiers_dossiercodecounter", "agency_id"),
    ("indicators_dailycounter", "agency_id"),
    ("indicators_dailycounter", "procedure_id"),
    ("indicators_monthlycounter", "agency_id"),
    ("indicators_monthlycounter", "procedure_id"),
    ("indicators_agencydailycounter", "agency_id"),
    ("indicators_agencymonthlycounter", "agency_id"),
    ("indicators_proceduredailycounter", "procedure_id"),
    ("indicators_proceduremonthlycounter", "procedure_id"),
    ("feedback_fieldreport", "agency_id"),
    ("feedback_fieldreport", "category_id"),
    ("feedback_fieldreportevent", "report_id"),
    ("nationalsync_outboxevent", "dossier_id"),
    ("payments_paymentrequest", "agency_id"),
    ("payments_paymentrequest", "dossier_id"),
]


@pytest.mark.parametrize(("table", "column"), FOREIGN_KEYS_INDEXED_IN_COMPOSITES)
def test_a_foreign_key_without_its_own_index_still_leads_another(table, column):
    """Joins, lookups and PROTECT checks on the key still find an index: one that starts
    with the column. Removing that index would leave the key unindexed."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    indexes = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]
    assert [column] not in indexes
    assert any(columns and columns[0] == column and len(columns) > 1 for columns in indexes)


@pytest.mark.parametrize(
    ("app", "migration", "restored"),
    [
        ("dossiers", "0018", "dossiers_dossier_competent_agency_id_a13707a3"),
        ("feedback", "0004", "feedback_fieldreport_category_id_9f79aeff"),
        ("indicators", "0007", "indicators_dailycounter_agency_id_d5124589"),
        ("nationalsync", "0004", "nationalsync_outboxevent_dossier_id_a72bfdb9"),
        ("payments", "0002", "payments_paymentrequest_dossier_id_b658ee9c"),
    ],
)
def test_the_redundant_foreign_key_indexes_go_and_come_back_without_blocking_writes(
    app, migration, restored
):
    """Dropped CONCURRENTLY on PostgreSQL (forwards finds nothing left to drop here, so the
    backwards SQL is read); SQLite drops and creates the index alone, no table copy."""
    out = StringIO()
    call_command("sqlmigrate", app, migration, backwards=True, stdout=out)
    sql = out.getvalue()
    concurrently = "CONCURRENTLY " if connection.vendor == "postgresql" else ""
    assert f'CREATE INDEX {concurrently}"{restored}"' in sql
    assert "BEGIN;" not in sql
    assert "new__" not in sql  # SQLite's table rebuild names its copy "new__<table>"
