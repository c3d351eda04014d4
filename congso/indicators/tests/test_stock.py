# SPDX-License-Identifier: MIT
"""Dossiers in progress at the end of a day and those already late (indicator 2.1): judged
from the history at any moment, kept per closed day, rebuilt in one sweep, read live today."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db.models import Max
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congso.catalog.models import Procedure
from congso.dossiers import lateness, routing, services
from congso.dossiers.models import Dossier, DossierEvent
from congso.indicators.counters import local_day
from congso.indicators.index766 import dossiers_behind, index_compute
from congso.indicators.models import AgencyDailyCounter, AgencyDailyStock
from congso.indicators.periods import Period
from congso.indicators.rebuild import indicators_rebuild
from congso.indicators.stock import (
    end_of_day,
    histories,
    key_among,
    late_at,
    open_late_at_end,
    stock_at,
    stock_close_day,
    stock_close_days,
    stock_now,
    stock_rebuild,
)
from congso.indicators.tests.test_counters import _apply, step

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=HUE)
MIGRATION = "congso.dossiers.migrations.0016_ended_late"
pytestmark = pytest.mark.django_db


def _accepted(office) -> Dossier:
    dossier = services.dossier_register(
        procedure=Procedure.objects.get(code="1.000001"),
        receiving_agency=office["centre"],
        channel="direct",
        source="desk",
        applicant_name="Trần Thị Bình",
        applicant_user=office["alice"],
        actor=office["desk"],
    )
    return services.dossier_accept(dossier=dossier, actor=office["desk"])


def _process(office, dossier: Dossier) -> None:
    routing.dossier_forward(dossier=dossier, actor=office["desk"])
    routing.dossier_task_claim(dossier=dossier, actor=office["desk"])
    routing.dossier_forward(dossier=dossier, actor=office["desk"])
    services.dossier_mark_processed(dossier=dossier, actor=office["desk"])


def _apologise(office, dossier: Dossier, new_due_at: dt.datetime) -> None:
    lateness.dossier_extension_send(
        dossier=dossier,
        actor=office["desk"],
        reason="Chờ ý kiến sở khác",
        new_due_at=new_due_at,
        signer_name="Trần Văn Ký",
        signer_title="Giám đốc",
    )


def _judged(dossier: Dossier, day: dt.date) -> tuple[bool, bool]:
    """(open, late) at the end of `day`, from the history."""
    moment = end_of_day(day)
    (history,) = histories(Dossier.objects.filter(pk=dossier.pk))
    return history.open_at(moment), history.open_at(moment) and late_at(history, moment)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _stock_rows() -> dict[tuple, tuple[int, int]]:
    return {
        (row.day, row.agency_id, row.level, row.channel): (row.open, row.open_late)
        for row in AgencyDailyStock.objects.all()
    }


def test_an_open_dossier_is_late_at_the_end_of_its_due_day(office):
    with time_machine.travel(MONDAY, tick=False):
        dossier = _accepted(office)
    due_day = dossier.due_at.astimezone(HUE).date()  # 3 working days: Thursday
    assert due_day == dt.date(2026, 3, 5)
    assert _judged(dossier, dt.date(2026, 3, 1)) == (False, False)  # not yet accepted
    assert _judged(dossier, dt.date(2026, 3, 2)) == (True, False)
    assert _judged(dossier, dt.date(2026, 3, 4)) == (True, False)
    assert _judged(dossier, due_day) == (True, True)  # due at 09:00, still open at midnight
    with time_machine.travel(dossier.due_at + dt.timedelta(days=2), tick=False):
        _process(office, dossier)
        assert stock_now() == {"open": 0, "open_late": 0}
    assert _judged(dossier, dt.date(2026, 3, 6)) == (True, True)  # history does not change
    assert _judged(dossier, dt.date(2026, 3, 9)) == (False, False)


def test_waiting_for_the_applicant_stops_the_clock_and_a_second_request_makes_it_late(office):
    with time_machine.travel(MONDAY, tick=False) as clock:
        dossier = _accepted(office)
        routing.dossier_forward(dossier=dossier, actor=office["desk"])
        clock.shift(dt.timedelta(days=1))  # Tuesday: asked to complete, on time
        services.dossier_request_supplement(
            dossier=dossier, actor=office["desk"], items=["Bản sao sổ đỏ"], reason="Thiếu"
        )
        clock.shift(dt.timedelta(days=14))  # long past the first due date, still waiting
        assert stock_now() == {"open": 1, "open_late": 0}
        assert _judged(dossier, dt.date(2026, 3, 12)) == (True, False)
        services.dossier_supplement_received(dossier=dossier, actor=office["alice"])
        dossier.refresh_from_db()
        resumed_due = dossier.due_at.astimezone(HUE).date()
        assert resumed_due > dt.date(2026, 3, 16)  # the time left is counted again
        assert _judged(dossier, resumed_due - dt.timedelta(days=1)) == (True, False)
        assert stock_now() == {"open": 1, "open_late": 0}
        clock.shift(dt.timedelta(hours=1))
        services.dossier_request_supplement(
            dossier=dossier, actor=office["desk"], items=["Bản chính"], reason="Lại thiếu"
        )
        assert stock_now() == {"open": 1, "open_late": 1}  # a second request: late
    assert _judged(dossier, dt.date(2026, 3, 12)) == (True, False)  # judged as it stood then
    assert _judged(dossier, dt.date(2026, 3, 16)) == (True, False)
    assert _judged(dossier, dt.date(2026, 3, 17)) == (True, True)  # asked again that day


def test_a_dossier_already_late_stays_late_while_it_waits(office):
    with time_machine.travel(MONDAY, tick=False) as clock:
        dossier = _accepted(office)
        routing.dossier_forward(dossier=dossier, actor=office["desk"])
        clock.shift(dt.timedelta(days=7))  # past the Thursday due date
        services.dossier_request_supplement(
            dossier=dossier, actor=office["desk"], items=["Bản sao"], reason="Thiếu"
        )
        clock.shift(dt.timedelta(days=3))
        assert stock_now() == {"open": 1, "open_late": 1}
        services.dossier_supplement_received(dossier=dossier, actor=office["alice"])
        assert stock_now() == {"open": 1, "open_late": 1}  # nothing was added back
    for day in (dt.date(2026, 3, 10), dt.date(2026, 3, 13)):
        assert _judged(dossier, day) == (True, True)


def test_an_apology_letter_does_not_make_an_open_dossier_on_time(office):
    with time_machine.travel(MONDAY, tick=False) as clock:
        dossier = _accepted(office)
        first_due = dossier.due_at
        clock.shift(dt.timedelta(days=2))
        _apologise(office, dossier, first_due + dt.timedelta(days=10))
    with time_machine.travel(first_due + dt.timedelta(days=1), tick=False):
        assert stock_now(fresh=True) == {"open": 1, "open_late": 1}
    assert _judged(dossier, dt.date(2026, 3, 6)) == (True, True)


def test_a_re_dated_dossier_waiting_for_the_applicant_is_not_late(office):
    with time_machine.travel(MONDAY, tick=False) as clock:
        dossier = _accepted(office)
        routing.dossier_forward(dossier=dossier, actor=office["desk"])
        first_due = dossier.due_at
        _apologise(office, dossier, first_due + dt.timedelta(days=10))
        clock.shift(dt.timedelta(days=1))  # before the first due date: asked to complete
        services.dossier_request_supplement(
            dossier=Dossier.objects.get(pk=dossier.pk),
            actor=office["desk"],
            items=["Bản sao"],
            reason="Thiếu",
        )
    with time_machine.travel(first_due + dt.timedelta(days=5), tick=False):
        assert stock_now(fresh=True) == {"open": 1, "open_late": 0}
        now = dt.datetime.now(HUE)
        assert not Dossier.objects.filter(
            open_late_at_end(Period(now.date(), now.date(), ""))
        ).exists()
    assert _judged(dossier, dt.date(2026, 3, 9)) == (True, False)


def test_a_dossier_withdrawn_while_waiting_is_judged_when_the_wait_began(office):
    with time_machine.travel(MONDAY, tick=False) as clock:
        dossier = _accepted(office)
        routing.dossier_forward(dossier=dossier, actor=office["desk"])
        clock.shift(dt.timedelta(days=1))  # on time when asked to complete
        services.dossier_request_supplement(
            dossier=dossier, actor=office["desk"], items=["Bản sao"], reason="Thiếu"
        )
        clock.shift(dt.timedelta(days=20))  # long after the due date, still waiting
        services.dossier_withdraw(dossier=dossier, actor=office["alice"])
    dossier.refresh_from_db()
    assert dossier.processing_ended_at > dossier.due_at
    flows = AgencyDailyCounter.objects.get(day=dossier.processing_ended_at.astimezone(HUE).date())
    assert (flows.ended, flows.ended_on_time, flows.ended_late) == (1, 1, 0)
    march = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "")
    assert not dossiers_behind("late", march).exists()
    assert list(dossiers_behind("on_time", march)) == [dossier]
    (history,) = histories(Dossier.objects.filter(pk=dossier.pk))
    assert not late_at(history, history.ended_at)


def _ended_late_flags() -> dict[int, bool | None]:
    return dict(Dossier.objects.values_list("pk", "ended_late"))


def test_an_apology_letter_does_not_make_an_ended_dossier_on_time(office):
    with time_machine.travel(MONDAY, tick=False) as clock:
        on_time, re_dated, still_open = _accepted(office), _accepted(office), _accepted(office)
        _process(office, on_time)
        first_due = re_dated.due_at
        clock.shift(dt.timedelta(days=2))
        _apologise(office, re_dated, first_due + dt.timedelta(days=10))
    with time_machine.travel(first_due + dt.timedelta(days=2), tick=False):
        _process(office, re_dated)  # before the new date, after the one it was given
    expected = {on_time.pk: False, re_dated.pk: True, still_open.pk: None}
    assert _ended_late_flags() == expected
    march = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "")
    assert list(dossiers_behind("late", march)) == [Dossier.objects.get(pk=re_dated.pk)]
    assert list(dossiers_behind("on_time", march)) == [Dossier.objects.get(pk=on_time.pk)]
    # The migration that added the column judges the dossiers already ended the same way,
    # and so does the rebuild.
    Dossier.objects.update(ended_late=None)
    importlib.import_module(MIGRATION).judge_ended_dossiers(django_apps, None)
    assert _ended_late_flags() == expected
    Dossier.objects.update(ended_late=None)
    indicators_rebuild()
    assert _ended_late_flags() == expected


# Steps that move a few dossiers through their life (waits, answers, apologies), more often
# than uniformly random steps do.
LIFECYCLE = ["accept", "forward", "supplement", "answer", "extend", "process", "register"]
LIFECYCLE += ["withdraw", "stop"]
lifecycle_step = st.tuples(st.sampled_from(LIFECYCLE), st.integers(0, 2), st.integers(0, 3))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=st.lists(st.one_of(step, lifecycle_step), min_size=1, max_size=24))
def test_closed_days_the_sweep_and_the_live_read_agree(office, history):
    dossiers: list[Dossier] = []
    # Examples share the database: each starts after everything the earlier ones did, so
    # no dossier has a history in this example's future.
    latest = DossierEvent.objects.aggregate(latest=Max("occurred_at"))["latest"]
    start = MONDAY
    if latest is not None:
        start = max(
            start, dt.datetime.combine(local_day(latest) + dt.timedelta(days=1), MONDAY.timetz())
        )
    with time_machine.travel(start, tick=False) as clock:
        for action, pick, days in history:
            _apply(action, office, dossiers, pick, days)
            clock.shift(dt.timedelta(days=days, hours=pick % 7))
        # Both read the instant just after the last step: the clock stands still, so a
        # dossier may end at that very instant, or be due exactly then (late an instant
        # later, not yet at it).
        clock.shift(dt.timedelta(microseconds=1))
        now = dt.datetime.now(HUE)
        live = stock_now(fresh=True)
        at_now = stock_at(now)
        assert live == {
            "open": sum(row[0] for row in at_now.values()),
            "open_late": sum(row[1] for row in at_now.values()),
        }
    yesterday = now.date() - dt.timedelta(days=1)
    days = _days(start.date(), yesterday)
    late = dossiers_behind("late", Period(dt.date(2000, 1, 1), now.date(), ""))
    stock_rebuild(until=yesterday)
    swept = _stock_rows()
    for day in days:
        stock_close_day(day)
    assert _stock_rows() == swept

    # Open at the end of a day, counted straight from the dossier table.
    opened = Counter()
    for d in Dossier.objects.filter(
        accepted_at__isnull=False, accepted_at__lt=end_of_day(yesterday)
    ):
        for day in days:
            moment = end_of_day(day)
            if d.accepted_at < moment and (
                d.processing_ended_at is None or d.processing_ended_at >= moment
            ):
                opened[(day, d.competent_agency_id, d.channel)] += 1
    assert +Counter({(k[0], k[1], k[3]): v[0] for k, v in swept.items() if k[0] in days}) == opened

    # Late only grows; a dossier was late at its end exactly when the counters and the list
    # of late dossiers say it ended late.
    ended_late = Counter()
    for row in AgencyDailyCounter.objects.values("agency_id", "channel", "ended_late"):
        ended_late[(row["agency_id"], row["channel"])] += row["ended_late"]
    judged_late = Counter()
    for h in histories(Dossier.objects.all()):
        flags = [late_at(h, end_of_day(day)) for day in days if h.open_at(end_of_day(day))]
        assert flags == sorted(flags)
        if h.ended_at is not None:
            is_late = late_at(h, h.ended_at)
            judged_late[(h.agency_id, h.channel)] += is_late
            assert is_late == late.filter(pk=h.pk).exists()
    assert +judged_late == +ended_late

    # The list behind 2.1 of each closed day adds the dossiers open and late at its end.
    every = histories(Dossier.objects.all())
    for day in days:
        moment = end_of_day(day)
        expected = {h.pk for h in every if h.open_at(moment) and late_at(h, moment)}
        listed = Dossier.objects.filter(open_late_at_end(Period(day, day, "")))
        assert set(listed.values_list("pk", flat=True)) == expected, day

    # The migration that added Dossier.ended_late judges them the same way.
    flags = _ended_late_flags()
    assert sum(1 for flag in flags.values() if flag) == late.count()
    Dossier.objects.update(ended_late=None)
    importlib.import_module(MIGRATION).judge_ended_dossiers(django_apps, None)
    assert _ended_late_flags() == flags


def test_days_are_closed_once_and_the_first_run_sweeps_the_history(office):
    with time_machine.travel(MONDAY, tick=False):
        dossier = _accepted(office)
    with time_machine.travel(MONDAY + dt.timedelta(days=7), tick=False):
        closed = stock_close_days()
        assert closed[0] == dt.date(2026, 3, 2) and closed[-1] == dt.date(2026, 3, 8)
        assert stock_close_days() == []
        rows = _stock_rows()
        key = (office["centre"].pk, "province", "direct")
        assert rows[(dt.date(2026, 3, 4), *key)] == (1, 0)
        assert rows[(dt.date(2026, 3, 5), *key)] == (1, 1)
        assert (dt.date(2026, 3, 1), *key) not in rows
    with time_machine.travel(MONDAY + dt.timedelta(days=9), tick=False):
        _process(office, dossier)
        out = StringIO()
        call_command("close_indicator_days", stdout=out)
        assert "2 days closed, 2026-03-09 to 2026-03-10" in out.getvalue()
    assert _stock_rows()[(dt.date(2026, 3, 10), *key)] == (1, 1)  # processed on the 11th


def test_indicator_2_1_counts_the_dossiers_still_in_progress_at_the_end(office):
    with time_machine.travel(MONDAY, tick=False):
        on_time = _accepted(office)
        _process(office, on_time)
        still_open = _accepted(office)
        fresh = _accepted(office)
    march = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "03/2026")
    with time_machine.travel(dt.datetime(2026, 4, 15, 9, 0, tzinfo=HUE), tick=False):
        _process(office, fresh)  # late, in April
        stock_close_days()
        # At the end of March: one processed on time, two still open and both late.
        index = index_compute(march)
        value = next(i for i in index.indicators if i.code == "2.1").value
        assert value == Decimal("33.33")
        assert index.in_progress == {"open": 2, "open_late": 2}
        behind = set(dossiers_behind("2.1", march).values_list("pk", flat=True))
        assert behind == {still_open.pk, fresh.pk}
        # This month, read live: the April end of `fresh` is late, `still_open` too.
        april = Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30), "04/2026")
        assert next(i for i in index_compute(april).indicators if i.code == "2.1").value == 0
        assert set(dossiers_behind("2.1", april).values_list("pk", flat=True)) == {
            still_open.pk,
            fresh.pk,
        }


def test_the_2_1_list_of_a_past_month_reads_the_histories_of_those_that_waited(office):
    with time_machine.travel(MONDAY, tick=False) as clock:
        plain_late = _accepted(office)
        waited_late, waiting_on_time, re_dated = (_accepted(office) for _ in range(3))
        for dossier in (waited_late, waiting_on_time):
            routing.dossier_forward(dossier=dossier, actor=office["desk"])
        clock.shift(dt.timedelta(days=1))  # asked to complete on time; waits on
        services.dossier_request_supplement(
            dossier=waiting_on_time, actor=office["desk"], items=["Bản sao"], reason="Thiếu"
        )
        _apologise(office, re_dated, re_dated.due_at + dt.timedelta(days=40))
        services.dossier_request_supplement(
            dossier=waited_late, actor=office["desk"], items=["Bản sao"], reason="Thiếu"
        )
        clock.shift(dt.timedelta(hours=2))
        services.dossier_supplement_received(dossier=waited_late, actor=office["alice"])
        clock.shift(dt.timedelta(hours=1))
        services.dossier_request_supplement(  # a second request: late from now on
            dossier=waited_late, actor=office["desk"], items=["Bản chính"], reason="Lại thiếu"
        )
    march = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "03/2026")
    with time_machine.travel(dt.datetime(2026, 4, 15, 9, 0, tzinfo=HUE), tick=False):
        behind = set(dossiers_behind("2.1", march).values_list("pk", flat=True))
    # Waiting since before its due date: not late. Re-dated: judged by the date it was given.
    assert behind == {plain_late.pk, waited_late.pk, re_dated.pk}


def test_a_long_list_of_ids_is_one_parameter(office):
    with time_machine.travel(MONDAY, tick=False):
        dossier = _accepted(office)
    ids = [dossier.pk, *range(10_000_000, 10_040_000)]  # beyond SQLite's 32,766 parameters
    assert list(Dossier.objects.filter(key_among(ids))) == [dossier]
