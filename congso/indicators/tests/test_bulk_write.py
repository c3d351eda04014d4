# SPDX-License-Identifier: MIT
"""Plain rows written in bulk (`bulk_write.rows_copy`): the rebuild's staging and the stock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from congso.core.models import Agency
from congso.indicators.bulk_write import rows_copy
from congso.indicators.models import AgencyDailyStock
from congso.indicators.stock import STOCK_COLUMNS

pytestmark = pytest.mark.django_db


def test_rows_made_by_reading_the_database_are_written_whole(world):
    """Making a row may read the database (a cached lookup gone cold): on PostgreSQL that
    read must come before the COPY starts, which holds the connection until it ends (a read
    in the middle of it never returns)."""
    agencies = list(Agency.objects.order_by("pk")[:2])
    seen_status = []

    def rows():
        for n in range(3):
            for agency in agencies:
                status = "INTRANS"
                if connection.vendor == "postgresql":
                    status = connection.connection.info.transaction_status.name
                seen_status.append(status)
                level = "?"
                if status != "ACTIVE":  # a read now would wait for ever: fail instead
                    level = Agency.objects.filter(pk=agency.pk).values_list("level", flat=True)[0]
                yield (dt.date(2026, 1, 1 + n), agency.pk, level, "online", 5 + n, n)

    table = connection.ops.quote_name(AgencyDailyStock._meta.db_table)
    with transaction.atomic():
        written = rows_copy(table, STOCK_COLUMNS, rows())
    assert written == 6 == AgencyDailyStock.objects.count()
    assert set(seen_status) <= {"INTRANS"}  # never ACTIVE: no COPY was running
    third = AgencyDailyStock.objects.get(day=dt.date(2026, 1, 3), agency=agencies[1])
    assert (third.level, third.channel, third.open, third.open_late) == (
        agencies[1].level,
        "online",
        7,
        2,
    )
