# SPDX-License-Identifier: MIT
from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from congso.workflow.process import PlanStep, default_plan, processing_days


def test_default_plan_without_coordination_is_appraisal_then_signature():
    plan = default_plan(total_days=Decimal(10), coordinating_agency_ids=[])
    assert [(s.role, s.agency_id, s.working_days) for s in plan] == [
        ("specialist", None, Decimal("7.00")),
        ("head", None, Decimal("3.00")),
    ]


def test_default_plan_asks_each_coordinating_agency():
    plan = default_plan(total_days=Decimal(10), coordinating_agency_ids=[7, 9])
    assert [s.agency_id for s in plan] == [None, 7, 9, None]
    assert [s.working_days for s in plan] == [
        Decimal("6.00"),
        Decimal("1.00"),
        Decimal("1.00"),
        Decimal("2.00"),
    ]


@given(
    total=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(400), places=2),
    partners=st.lists(st.integers(min_value=1, max_value=10_000), max_size=6, unique=True),
)
def test_default_plan_always_adds_up_to_the_legal_time(total, partners):
    plan = default_plan(total_days=total, coordinating_agency_ids=partners)
    assert sum(s.working_days for s in plan) == total
    assert all(s.working_days >= 0 for s in plan)


def test_units_convert_to_working_days():
    assert processing_days(Decimal(4), "hour") == Decimal("0.50")
    assert processing_days(Decimal(7), "day") == Decimal("5.00")
    assert processing_days(Decimal(1), "month") == Decimal("22.00")
    assert processing_days(Decimal(3), "working_day") == Decimal("3.00")


def test_plan_steps_survive_the_json_round_trip():
    step = PlanStep("Thẩm định", 12, "specialist", Decimal("1.25"))
    assert PlanStep.from_json(step.as_json()) == step
