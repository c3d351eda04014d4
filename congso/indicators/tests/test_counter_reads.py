# SPDX-License-Identifier: MIT
"""`flows_total` and `flows_by` read the counters with statements written once per shape:
the same sums, from the same tables, with the same types, as the ORM's aggregation, for
every grouping and every kind of scope."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum

from congso.catalog.models import Procedure
from congso.core.models import AdministrativeUnit, Agency
from congso.indicators.models import (
    FLOWS,
    AgencyDailyCounter,
    AgencyMonthlyCounter,
    DailyCounter,
    MonthlyCounter,
    ProcedureDailyCounter,
    ProcedureMonthlyCounter,
)
from congso.indicators.periods import Period
from congso.indicators.selectors import Scope, _querysets, flows_by, flows_total

ORM_COLUMN = {
    "agency": "agency_id",
    "level": "level",
    "procedure": "procedure_id",
    "channel": "channel",
    "unit": "agency__unit_id",
}
PERIODS = (
    Period(dt.date(2026, 1, 1), dt.date(2026, 4, 15), "months and days"),
    Period(dt.date(2026, 4, 3), dt.date(2026, 4, 9), "days only"),
    Period(dt.date(2026, 2, 1), dt.date(2026, 3, 31), "months only"),
    Period(dt.date(2025, 1, 1), dt.date(2025, 1, 31), "nothing counted"),
)


def _orm_total(period: Period, scope: Scope) -> dict[str, Any]:
    totals: dict[str, Any] = dict.fromkeys(FLOWS, 0)
    for queryset in _querysets(period, scope):
        row = queryset.aggregate(**{name: Sum(name) for name in FLOWS})
        for name in FLOWS:
            totals[name] += row[name] or 0
    return totals


def _orm_by(period: Period, by: str, scope: Scope, names: tuple[str, ...]) -> dict:
    grouped: dict[Any, dict[str, Any]] = {}
    for queryset in _querysets(period, scope, by):
        sums = {f"sum_{n}": Sum(n) for n in names}
        for row in queryset.values(ORM_COLUMN[by]).annotate(**sums):
            target = grouped.setdefault(row[ORM_COLUMN[by]], dict.fromkeys(names, 0))
            for name in names:
                target[name] += row[f"sum_{name}"] or 0
    return grouped


@pytest.fixture
def counted(world):
    """Every counter table filled with its own random rows (so a read from the wrong table
    shows), over two communes, three agencies, three procedures, two levels, three channels."""
    province = AdministrativeUnit.objects.get(code="46")
    communes = [
        AdministrativeUnit.objects.create(
            scheme="2025",
            level="commune",
            code=code,
            name=name,
            division_type="phường",
            parent=province,
        )
        for code, name in (("19753", "Phú Xuân"), ("19774", "Thuận Hóa"))
    ]
    agencies = [
        *Agency.objects.all(),
        Agency.objects.create(
            code="000.30.01.H46",
            name="UBND phường",
            kind="commune_committee",
            level="commune",
            unit=communes[0],
        ),
    ]
    Agency.objects.filter(pk=agencies[1].pk).update(unit=communes[1])
    procedures = list(Procedure.objects.order_by("pk")[:3])
    rng = random.Random(11)

    def flows() -> dict[str, Any]:
        values: dict[str, Any] = {name: rng.randrange(0, 30) for name in FLOWS}
        values["processing_hours"] = Decimal(rng.randrange(0, 100_000)) / 100
        return values

    months = [dt.date(2026, m, 1) for m in (1, 2, 3, 4)]
    days = [dt.date(2026, 4, d) for d in range(2, 19, 2)]
    channels, levels = ("direct", "online", "post"), ("province", "commune")
    rows: dict[type, list] = {
        table: []
        for table in (
            DailyCounter,
            MonthlyCounter,
            AgencyDailyCounter,
            AgencyMonthlyCounter,
            ProcedureDailyCounter,
            ProcedureMonthlyCounter,
        )
    }
    for channel in channels:
        for when, agency, procedure in itertools.product(months + days, agencies, procedures):
            level = levels[(agency.pk + procedure.pk) % 2]
            table, key = (MonthlyCounter, "month") if when in months else (DailyCounter, "day")
            rows[table].append(
                table(
                    agency=agency,
                    procedure=procedure,
                    level=level,
                    channel=channel,
                    **{key: when},
                    **flows(),
                )
            )
        for when, agency in itertools.product(months + days, agencies):
            monthly = when in months
            table, key = (AgencyMonthlyCounter, "month") if monthly else (AgencyDailyCounter, "day")
            rows[table].append(
                table(
                    agency=agency,
                    level=levels[agency.pk % 2],
                    channel=channel,
                    **{key: when},
                    **flows(),
                )
            )
        for when, procedure, level in itertools.product(months + days, procedures, levels):
            monthly = when in months
            table, key = (
                (ProcedureMonthlyCounter, "month") if monthly else (ProcedureDailyCounter, "day")
            )
            rows[table].append(
                table(procedure=procedure, level=level, channel=channel, **{key: when}, **flows())
            )
    for table, objects in rows.items():
        table.objects.bulk_create(objects)
    return agencies, procedures


def _scopes(agencies, procedures) -> list[Scope]:
    return [
        Scope(),
        Scope(agency_ids=(agencies[0].pk,)),
        Scope(agency_ids=(agencies[0].pk, agencies[2].pk), channel="online"),
        Scope(agency_ids=()),
        Scope(level="commune"),
        Scope(procedure_id=procedures[1].pk),
        Scope(procedure_id=procedures[0].pk, level="province", channel="direct"),
        Scope(agency_ids=(agencies[1].pk,), procedure_id=procedures[2].pk),
    ]


def test_totals_are_the_orms(counted):
    for period, scope in itertools.product(PERIODS, _scopes(*counted)):
        got = flows_total(period, scope)
        assert got == _orm_total(period, scope), (period.label, scope)
        assert type(got["received"]) is int
        assert isinstance(got["processing_hours"], (Decimal, int))
    assert flows_total(PERIODS[0])["received"] > 0


@pytest.mark.parametrize("by", ["agency", "level", "procedure", "channel", "unit"])
def test_groups_are_the_orms(counted, by):
    agencies, procedures = counted
    names_options = (tuple(FLOWS), ("received", "processing_hours"))
    for period, scope, names in itertools.product(
        PERIODS, _scopes(agencies, procedures), names_options
    ):
        got = flows_by(period, by, scope, names=names)
        assert got == _orm_by(period, by, scope, names), (period.label, scope, names)
        for flows in got.values():
            assert set(flows) == set(names)
            assert type(flows["received"]) is int
            assert isinstance(flows["processing_hours"], Decimal) or not flows["processing_hours"]
    everything = flows_by(PERIODS[0], by)
    assert len(everything) >= 2


def test_an_unknown_grouping_is_refused(counted):
    with pytest.raises(ValueError, match="group"):
        flows_by(PERIODS[0], "applicant")
