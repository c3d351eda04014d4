# SPDX-License-Identifier: MIT
"""Dossier codes: `<agency code>-<YYMMDD>-<NNNN>` (DOMAIN §2.2), e.g. 000.00.12.H62-201105-0004.

The format is pluggable (`CONGSO_DOSSIER_CODE_FORMATTER`, a dotted path) because Circular
03/2025/TT-VPCP re-regulates the code and its exact structure is not yet confirmed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
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
    for _attempt in range(3):
        counter = (
            DossierCodeCounter.objects.select_for_update().filter(agency=agency, day=day).first()
        )
        if counter is None:
            try:
                # A savepoint, so a lost race for the first code of the day can be retried.
                with transaction.atomic():
                    DossierCodeCounter.objects.create(agency=agency, day=day, last=1)
                return 1
            except IntegrityError:
                continue
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
    raise RuntimeError("could not allocate a dossier number")  # pragma: no cover


def dossier_code_allocate(*, agency: Agency, received_at: dt.datetime) -> str:
    """Take the next code for a dossier received by `agency` at `received_at`.

    Must run inside the transaction that creates the dossier: the number is only kept if the
    dossier is. The day is the local (Asia/Ho_Chi_Minh) date of reception.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossier_code_allocate must run inside the dossier's transaction")
    day = timezone.localtime(received_at).date()
    return _formatter()(agency.code, day, _next_number(agency, day))
