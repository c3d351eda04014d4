# SPDX-License-Identifier: MIT
"""The counters stay true: over random dossier histories, the counters written live equal a
rebuild from the history and a from-scratch count over the dossier table."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congso.catalog.models import Procedure
from congso.core.exceptions import DomainError
from congso.dossiers import lateness, routing, services
from congso.dossiers.models import ApplicantWait, Dossier, DossierExtension, DossierRating
from congso.indicators.models import (
    FLOWS,
    AgencyDailyCounter,
    AgencyMonthlyCounter,
    DailyCounter,
    MonthlyCounter,
    ProcedureDailyCounter,
    ProcedureMonthlyCounter,
)
from congso.indicators.rebuild import indicators_rebuild

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db

ACTIONS = [
    "register",
    "accept",
    "refuse",
    "supplement",
    "answer",
    "forward",
    "process",
    "return",
    "withdraw",
    "stop",
    "rate",
    "extend",
]


def _apply(action: str, office, dossiers: list[Dossier], pick: int, rng_days: int) -> None:
    desk, alice = office["desk"], office["alice"]
    if action == "register" or not dossiers:
        code = ["1.000001", "1.000002", "1.000003"][pick % 3]
        procedure = Procedure.objects.get(code=code)
        channel = ["online", "direct"][pick % 2] if procedure.is_online else "direct"
        dossiers.append(
            services.dossier_register(
                procedure=procedure,
                receiving_agency=office["centre"],
                channel=channel,
                source="portal",
                applicant_name="Người thử",
                applicant_user=alice,
                actor=alice,
            )
        )
        return
    dossier = Dossier.objects.get(pk=dossiers[pick % len(dossiers)].pk)
    calls = {
        "accept": lambda: services.dossier_accept(dossier=dossier, actor=desk, expected_state=None),
        "refuse": lambda: services.dossier_refuse(
            dossier=dossier, actor=desk, reason="Sai mẫu", basis="NĐ 61/2018", expected_state=None
        ),
        "supplement": lambda: services.dossier_request_supplement(
            dossier=dossier, actor=desk, items=["Bản sao"], reason="Thiếu"
        ),
        "answer": lambda: services.dossier_supplement_received(dossier=dossier, actor=alice),
        "forward": lambda: routing.dossier_forward(dossier=dossier, actor=desk),
        "process": lambda: services.dossier_mark_processed(
            dossier=dossier, actor=desk, expected_state=None
        ),
        "return": lambda: services.dossier_return_result(dossier=dossier, actor=desk),
        "withdraw": lambda: services.dossier_withdraw(dossier=dossier, actor=alice),
        "stop": lambda: services.dossier_stop(
            dossier=dossier, actor=desk, reason="Không đủ điều kiện", basis="Luật"
        ),
        "rate": lambda: services.dossier_rate(
            dossier=dossier,
            actor=alice,
            grade=["satisfied", "acceptable", "not_satisfied"][pick % 3],
        ),
        "extend": lambda: lateness.dossier_extension_send(
            dossier=dossier,
            actor=desk,
            reason="Chờ ý kiến",
            new_due_at=(dossier.due_at or dt.datetime.now(HUE)) + dt.timedelta(days=rng_days + 1),
            signer_name="Trần Văn Ký",
            signer_title="Giám đốc",
        ),
    }
    with contextlib.suppress(DomainError, TypeError):  # refused cleanly in this state
        calls[action]()


def _summed(model, period: str, keys: tuple[str, ...]) -> dict[tuple, dict]:
    """The table's non-zero flows summed per (period, *keys): its own rows when `keys` is its
    key, a roll-up when it is less."""
    flows = sorted(FLOWS)
    summed: dict[tuple, Counter] = {}
    for row in model.objects.values(period, *keys, *flows):
        key = (row[period], *(row[k] for k in keys))
        summed.setdefault(key, Counter()).update({f: row[f] for f in flows})
    return {key: {f: v for f, v in values.items() if v} for key, values in summed.items()}


FULL_KEY = ("agency_id", "procedure_id", "channel")
AGENCY_KEY = ("agency_id", "channel")
PROCEDURE_KEY = ("procedure_id", "level", "channel")


def _local(moment: dt.datetime) -> dt.date:
    return moment.astimezone(HUE).date()


SCRATCH_FLOWS = (
    *("submitted", "received", "refused", "ended", "ended_on_time", "ended_late"),
    *("supplement_requests", "returned", "rated_satisfied", "rated_acceptable"),
    "rated_unsatisfied",
)


def _from_scratch() -> tuple[dict[str, Counter], dict[int, bool]]:
    """Counted directly from dossiers, waits, re-datings and ratings, without any event; and
    whether each ended dossier ended late."""
    counts: dict[str, Counter] = {f: Counter() for f in SCRATCH_FLOWS}
    ended_late: dict[int, bool] = {}
    for d in Dossier.objects.all():
        key = (d.competent_agency_id, d.procedure_id, d.channel)
        counts["submitted"][(_local(d.submitted_at), *key)] += 1
        if d.accepted_at:
            counts["received"][(_local(d.accepted_at), *key)] += 1
        elif d.state == "refused":
            counts["refused"][(_local(d.state_changed_at), *key)] += 1
        if d.accepted_at and d.processing_ended_at:
            day = (_local(d.processing_ended_at), *key)
            counts["ended"][day] += 1
            redated = (
                DossierExtension.objects.filter(dossier=d, sent_at__isnull=False)
                .order_by("sent_at")
                .first()
            )
            due = redated.original_due_at if redated else d.due_at
            end = d.processing_ended_at
            waiting = ApplicantWait.objects.filter(
                Q(answered_at__isnull=True) | Q(answered_at__gte=end),
                dossier=d,
                requested_at__gte=d.accepted_at,
                requested_at__lt=end,
            ).first()
            if waiting:  # ended while waiting for the applicant: judged when the wait began
                end = waiting.requested_at
            on_time = d.supplement_count <= 1 and end <= due
            counts["ended_on_time" if on_time else "ended_late"][day] += 1
            ended_late[d.pk] = not on_time
        for wait in ApplicantWait.objects.filter(dossier=d, kind="supplement"):
            counts["supplement_requests"][(_local(wait.requested_at), *key)] += 1
        if d.returned_at:
            counts["returned"][(_local(d.returned_at), *key)] += 1
    for rating in DossierRating.objects.select_related("dossier"):
        d = rating.dossier
        flow = {"not_satisfied": "rated_unsatisfied"}.get(rating.grade, f"rated_{rating.grade}")
        counts[flow][
            (_local(rating.rated_at), d.competent_agency_id, d.procedure_id, d.channel)
        ] += 1
    return counts, ended_late


def _ended_late() -> dict[int, bool]:
    return dict(Dossier.objects.exclude(ended_late=None).values_list("pk", "ended_late"))


step = st.tuples(st.sampled_from(ACTIONS), st.integers(0, 50), st.integers(0, 3))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=st.lists(step, min_size=1, max_size=20))
def test_live_counters_equal_the_rebuild_and_a_count_from_scratch(office, history):
    dossiers: list[Dossier] = []
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HUE), tick=False) as clock:
        for action, pick, days in history:
            _apply(action, office, dossiers, pick, days)
            clock.shift(dt.timedelta(days=days, hours=pick % 7))
    live_daily = _summed(DailyCounter, "day", FULL_KEY)
    live_monthly = _summed(MonthlyCounter, "month", FULL_KEY)
    live_agency_daily = _summed(AgencyDailyCounter, "day", AGENCY_KEY)
    live_agency_monthly = _summed(AgencyMonthlyCounter, "month", AGENCY_KEY)
    # The per-agency tables are the procedure tables summed over procedures, the
    # per-procedure ones summed over agencies.
    assert live_agency_daily == _summed(DailyCounter, "day", AGENCY_KEY)
    assert live_agency_monthly == _summed(MonthlyCounter, "month", AGENCY_KEY)
    live_procedure_daily = _summed(ProcedureDailyCounter, "day", PROCEDURE_KEY)
    live_procedure_monthly = _summed(ProcedureMonthlyCounter, "month", PROCEDURE_KEY)
    assert live_procedure_daily == _summed(DailyCounter, "day", PROCEDURE_KEY)
    assert live_procedure_monthly == _summed(MonthlyCounter, "month", PROCEDURE_KEY)

    scratch, judged = _from_scratch()
    # Each dossier keeps the judgement the counters made when it ended, for the lists.
    assert _ended_late() == judged
    for flow, expected in scratch.items():
        got = Counter(
            {
                (day, *key[1:]): values[flow]
                for (day, *rest), values in live_daily.items()
                for key in [(day, *rest)]
                if values.get(flow)
            }
        )
        assert got == +expected, flow

    Dossier.objects.update(ended_late=None)
    indicators_rebuild()
    assert _ended_late() == judged
    assert _summed(DailyCounter, "day", FULL_KEY) == live_daily
    assert _summed(MonthlyCounter, "month", FULL_KEY) == live_monthly
    assert _summed(AgencyDailyCounter, "day", AGENCY_KEY) == live_agency_daily
    assert _summed(AgencyMonthlyCounter, "month", AGENCY_KEY) == live_agency_monthly
    assert _summed(ProcedureDailyCounter, "day", PROCEDURE_KEY) == live_procedure_daily
    assert _summed(ProcedureMonthlyCounter, "month", PROCEDURE_KEY) == live_procedure_monthly
    months: Counter = Counter()
    for (day, *rest), values in live_daily.items():
        for flow, value in values.items():
            months[(day.replace(day=1), *rest, flow)] += value
    assert months == Counter(
        {(m, *rest, f): v for (m, *rest), values in live_monthly.items() for f, v in values.items()}
    )
