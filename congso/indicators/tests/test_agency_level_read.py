# SPDX-License-Identifier: MIT
"""The operations view's main read, written as statements of its own: the same sums, with
the same types, as the ORM's aggregation over the same counters."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum

from congso.core.models import AdministrativeUnit, Agency
from congso.indicators.models import FLOWS, AgencyDailyCounter, AgencyMonthlyCounter
from congso.indicators.periods import Period
from congso.indicators.selectors import flows_by_agency_and_level

pytestmark = pytest.mark.django_db


def _flows(rng: random.Random) -> dict[str, Any]:
    flows: dict[str, Any] = {name: rng.randrange(0, 40) for name in FLOWS}
    flows["processing_hours"] = Decimal(rng.randrange(0, 100_000)) / 100
    return flows


def _by_orm(period: Period) -> dict[tuple[int, str], dict[str, Any]]:
    ranges, months = period.months()
    querysets = [AgencyMonthlyCounter.objects.filter(month__in=months)] if months else []
    querysets += [AgencyDailyCounter.objects.filter(day__range=r) for r in ranges]
    grouped: dict[tuple[int, str], dict[str, Any]] = {}
    for queryset in querysets:
        sums = {f"sum_{n}": Sum(n) for n in FLOWS}
        for row in queryset.values("agency_id", "level").annotate(**sums):
            target = grouped.setdefault((row["agency_id"], row["level"]), dict.fromkeys(FLOWS, 0))
            for name in FLOWS:
                target[name] += row[f"sum_{name}"] or 0
    return grouped


def test_the_sums_per_agency_and_level_are_the_orms() -> None:
    unit = AdministrativeUnit.objects.create(
        scheme="2025", level="province", code="46", name="Huế", division_type="thành phố"
    )
    agencies = [
        Agency.objects.create(
            code=f"000.00.0{i}.H46", name=f"Sở {i}", kind="department", level="province", unit=unit
        )
        for i in range(1, 4)
    ]
    rng = random.Random(7)
    monthly, daily = [], []
    levels = ("province", "commune")  # an agency's level as counted can change over time
    for index, agency in enumerate(agencies):
        for channel in ("direct", "online", "post"):
            for month in (1, 2, 3, 4):
                level = levels[(index + month) % 2]
                monthly.append(
                    AgencyMonthlyCounter(
                        agency=agency,
                        level=level,
                        channel=channel,
                        month=dt.date(2026, month, 1),
                        **_flows(rng),
                    )
                )
            for day in range(1, 21):
                daily.append(
                    AgencyDailyCounter(
                        agency=agency,
                        level=levels[index % 2],
                        channel=channel,
                        day=dt.date(2026, 4, day),
                        **_flows(rng),
                    )
                )
    AgencyMonthlyCounter.objects.bulk_create(monthly)
    AgencyDailyCounter.objects.bulk_create(daily)

    for period in (
        Period(dt.date(2026, 1, 1), dt.date(2026, 4, 15), ""),  # three months and ten days
        Period(dt.date(2026, 4, 3), dt.date(2026, 4, 9), ""),  # days only
        Period(dt.date(2026, 2, 1), dt.date(2026, 3, 31), ""),  # months only
    ):
        got = flows_by_agency_and_level(period)
        assert got == _by_orm(period)
        assert len(got) >= 3
        assert all(isinstance(f["processing_hours"], Decimal) for f in got.values())
        assert all(isinstance(f["received"], int) for f in got.values())
    assert flows_by_agency_and_level(Period(dt.date(2025, 1, 1), dt.date(2025, 1, 31), "")) == {}


def test_roll_up_adds_each_flow_under_its_new_key():
    from congso.indicators.selectors import roll_up

    rng = random.Random(4)
    cells = {(agency, level): _flows(rng) for agency in range(1, 30) for level in ("a", "b", "c")}
    by_level = roll_up(cells, lambda cell: cell[1] if cell[1] != "c" else None)
    assert set(by_level) == {"a", "b"}
    for level, rolled in by_level.items():
        for name in FLOWS:
            expected = sum(flows[name] for cell, flows in cells.items() if cell[1] == level)
            assert rolled[name] == expected and type(rolled[name]) is type(expected)
    assert roll_up(cells, lambda cell: None) == {}
    single = roll_up({(1, "a"): cells[(1, "a")]}, lambda cell: "all")["all"]
    assert single == cells[(1, "a")] and single is not cells[(1, "a")]
