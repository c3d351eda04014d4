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
