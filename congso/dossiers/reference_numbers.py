# SPDX-License-Identifier: MIT
"""Dossier codes: `<agency code>-<YYMMDD>-<NNNN>` (DOMAIN §2.2), e.g. 000.00.12.H62-201105-0004.

The format is pluggable (`CONGSO_DOSSIER_CODE_FORMATTER`, a dotted path) because Circular
03/2025/TT-VPCP re-regulates the code and its exact structure is not yet confirmed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from congso.core.models import Agency

from .models import DossierCodeCounter

CodeFormatter = Callable[[str, dt.date, int], str]


def format_circular_01_2018(agency_code: str, day: dt.date, number: int) -> str:
    """Agency code, receipt date as yymmdd, the day's number on at least four digits."""
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


def _formatter() -> CodeFormatter:
    path = getattr(
        settings,
        "CONGSO_DOSSIER_CODE_FORMATTER",
        "congso.dossiers.reference_numbers.format_circular_01_2018",
    )
    return import_string(path)


def _next_number(agency: Agency, day: dt.date) -> int:
    """One statement: the day's first number inserts the row, any later one increments it.

    The row stays locked by the writing transaction until it ends (PostgreSQL's row lock,
    SQLite's write lock), so a concurrent submission for the same agency and day waits and
    then counts on: unique and gapless, as a rolled-back submission takes its number back.
    """
    table = connection.ops.quote_name(DossierCodeCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("agency_id", "day", "last") VALUES (%s, %s, 1) '
            f'ON CONFLICT ("agency_id", "day") DO UPDATE SET "last" = {table}."last" + 1 '
            'RETURNING "last"',
            [agency.pk, day],
        )
        return cursor.fetchone()[0]


def dossier_code_allocate(*, agency: Agency, received_at: dt.datetime) -> str:
    """Take the next code for a dossier received by `agency` at `received_at`.

    Must run inside the transaction that creates the dossier: the number is only kept if the
    dossier is. The day is the local (Asia/Ho_Chi_Minh) date of reception.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossier_code_allocate must run inside the dossier's transaction")
    day = timezone.localtime(received_at).date()
    return _formatter()(agency.code, day, _next_number(agency, day))
