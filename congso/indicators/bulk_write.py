# SPDX-License-Identifier: MIT
"""Writing the counters in bulk, for `rebuild_indicators`: set-based, not an upsert per row.

The rebuild's deltas go to a temporary table (PostgreSQL's COPY; SQLite's batched INSERT),
are added up into the daily table in one statement (`DayStaging.into_days`), and the five
coarser tables are then added up from the days (`counters_roll_up`). The live path stays
`counters.counters_add`; both give the same rows (the rebuild test compares every table).
Rows go in in day (month) order, as the live path appends each day's rows that day: the pages
read a period's rows, which then sit on few pages of the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection

from .counters import TABLES, Key, key_values
from .models import (
    FLOWS,
    AgencyDailyCounter,
    AgencyMonthlyCounter,
    DailyCounter,
    MonthlyCounter,
    ProcedureDailyCounter,
    ProcedureMonthlyCounter,
)

STAGING = "indicators_rebuild_days"
DAY_KEY = (TABLES[0][1], *TABLES[0][2])  # day, agency, procedure, channel
STAGED = (*DAY_KEY, "level", *FLOWS)


def rows_copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert plain rows (values in `columns` order) into `table`, in the caller's
    transaction: PostgreSQL's COPY, SQLite's INSERT in batches; no model instance is built.
    `table` is a name of ours, already quoted when it needs to be. Returns the rows.

    On PostgreSQL the rows are listed before the COPY starts: making one may read the
    database (a cached lookup), which the connection cannot do in the middle of a COPY.
    """
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            listed = list(rows)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in listed:
                    copy.write_row(row)
            return len(listed)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == COPY_BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


COPY_BATCH = 5000


class DayStaging:
    """A temporary table of daily deltas: `add` many times, then `into_days` once. The same
    key may be added more than once (a day spans two chunks of the history)."""

    def __init__(self) -> None:
        quote = connection.ops.quote_name
        self._columns = ", ".join(quote(c) for c in STAGED)
        # Named in the temporary schema, so that no table of the database is ever dropped.
        self.table = ("pg_temp." if connection.vendor == "postgresql" else "temp.") + STAGING
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
            # Same column types as the daily table, on both engines.
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.table} AS SELECT {self._columns} "
                f"FROM {quote(DailyCounter._meta.db_table)} WHERE 1 = 0"
            )

    def add(self, totals: Mapping[Key, Mapping[str, Any]]) -> None:
        _model, period_column, key_columns = TABLES[0]
        rows = (
            [*key_values(key, period_column, key_columns), *(deltas.get(n) or 0 for n in FLOWS)]
            for key, deltas in totals.items()
            if any(deltas.values())
        )
        rows_copy(self.table, STAGED, rows)

    def into_days(self) -> None:
        """Add the staged deltas up into the (empty) daily table, and drop the staging."""
        quote = connection.ops.quote_name
        keys = ", ".join(quote(c) for c in (*DAY_KEY, "level"))
        flows, sums = _flows_and_sums()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(DailyCounter._meta.db_table)} ({keys}, {flows}) "
                f"SELECT {keys}, {sums} FROM {self.table} GROUP BY {keys} ORDER BY {quote('day')}"
            )
            cursor.execute(f"DROP TABLE {self.table}")


# Each coarser table and the finer one it is the sum of: every key of the daily table holds
# theirs (a month, an agency's level beside it), so one GROUP BY each gives what the live
# upserts would have written row by row.
ROLL_UPS = (
    (MonthlyCounter, DailyCounter),
    (AgencyDailyCounter, DailyCounter),
    (ProcedureDailyCounter, DailyCounter),
    (AgencyMonthlyCounter, MonthlyCounter),
    (ProcedureMonthlyCounter, MonthlyCounter),
)


def counters_roll_up() -> None:
    """Fill the five coarser (empty) tables from the daily counters, one INSERT … SELECT …
    GROUP BY each."""
    quote = connection.ops.quote_name
    keys = {model: (period, key_columns) for model, period, key_columns in TABLES}
    flows, sums = _flows_and_sums()
    with connection.cursor() as cursor:
        for target, source in ROLL_UPS:
            period, key_columns = keys[target]
            level = [] if "level" in key_columns else ["level"]
            columns = ", ".join(quote(c) for c in (*key_columns, *level))
            source_period = keys[source][0]
            period_value = (
                _month_of(quote(source_period))
                if (source_period, period) == ("day", "month")
                else quote(source_period)
            )
            cursor.execute(
                f"INSERT INTO {quote(target._meta.db_table)} ({quote(period)}, {columns}, {flows}) "
                f"SELECT {period_value}, {columns}, {sums} FROM {quote(source._meta.db_table)} "
                f"GROUP BY {period_value}, {columns} ORDER BY {period_value}"
            )


def _flows_and_sums() -> tuple[str, str]:
    """The flow columns, and their sums, as a column list of SQL."""
    quote = connection.ops.quote_name
    return ", ".join(quote(n) for n in FLOWS), ", ".join(f"SUM({quote(n)})" for n in FLOWS)


def _month_of(day_column: str) -> str:
    if connection.vendor == "sqlite":
        return f"date({day_column}, 'start of month')"
    return f"date_trunc('month', {day_column})::date"
