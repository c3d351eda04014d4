# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from congso.core.calendar import WorkingCalendar
from congso.workflow.deadlines import (
    Pause,
    due_after_pause,
    due_at,
    is_on_time_766,
    step_due_dates,
)

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkingCalendar(tz=HUE)  # official Vietnamese holidays, Mon–Fri 07:30–11:30, 13:00–17:00


def at(y, m, d, h=0, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=HUE)


def test_working_days_count_from_acceptance_on_the_working_calendar():
    # Monday 10:00 + 3 working days = Thursday 10:00
    assert due_at(
        accepted_at=at(2025, 11, 3, 10),
        processing_time=Decimal(3),
        unit="working_day",
        calendar=CAL,
    ) == at(2025, 11, 6, 10)
    # Friday 10:00 + 3 working days = Wednesday 10:00 (the weekend does not count)
    assert due_at(
        accepted_at=at(2025, 11, 7, 10),
        processing_time=Decimal(3),
        unit="working_day",
        calendar=CAL,
    ) == at(2025, 11, 12, 10)


def test_tet_holidays_do_not_count():
    # Friday 13 Feb 2026 10:00 + 1 working day: Tết 16–20 Feb is off, so Monday 23 Feb 10:00.
    assert due_at(
        accepted_at=at(2026, 2, 13, 10),
        processing_time=Decimal(1),
        unit="working_day",
        calendar=CAL,
    ) == at(2026, 2, 23, 10)


def test_hours_and_the_afternoon_cut_off():
    # Same-day certification: 4 working hours, cut-off 15:00.
    before = due_at(
        accepted_at=at(2025, 11, 3, 8),
        processing_time=Decimal(4),
        unit="hour",
        cutoff=dt.time(15),
        calendar=CAL,
    )
    assert before == at(2025, 11, 3, 13, 30)
    after = due_at(
        accepted_at=at(2025, 11, 3, 15, 30),
        processing_time=Decimal(4),
        unit="hour",
        cutoff=dt.time(15),
        calendar=CAL,
    )
    assert after == at(2025, 11, 4, 11, 30)


def test_calendar_days_and_months():
    assert due_at(
        accepted_at=at(2025, 11, 3, 10), processing_time=Decimal(30), unit="day", calendar=CAL
    ) == at(2025, 12, 3, 10)
    # 1 month from 31 January lands on the last day of February, a Saturday in 2026: moved to Monday.
    due = due_at(
        accepted_at=at(2026, 1, 30, 10), processing_time=Decimal(1), unit="month", calendar=CAL
    )
    assert due.date() == dt.date(2026, 3, 2)


def test_received_after_hours_counts_from_the_next_morning():
    assert due_at(
        accepted_at=at(2025, 11, 3, 18),
        processing_time=Decimal(1),
        unit="working_day",
        calendar=CAL,
    ) == at(2025, 11, 4, 17)


@pytest.mark.parametrize("unit", ["fortnight", "minute"])
def test_unknown_unit_is_refused(unit):
    with pytest.raises(ValueError):
        due_at(accepted_at=at(2025, 11, 3, 10), processing_time=Decimal(1), unit=unit, calendar=CAL)


def test_the_clock_pauses_while_the_applicant_completes_the_dossier():
    due = at(2025, 11, 6, 10)  # Thursday
    # Asked on Tuesday 10:00 (2 working days left), answered the next Monday 08:00.
    new_due = due_after_pause(
        due=due,
        paused_at=at(2025, 11, 4, 10),
        resumed_at=at(2025, 11, 10, 8),
        unit="working_day",
        calendar=CAL,
    )
    assert CAL.working_hours_between(at(2025, 11, 10, 8), new_due) == Decimal(16)
    assert new_due == at(2025, 11, 12, 8)


def test_a_dossier_already_late_when_paused_gets_no_time_back():
    due = at(2025, 11, 6, 10)
    assert (
        due_after_pause(
            due=due,
            paused_at=at(2025, 11, 7, 10),
            resumed_at=at(2025, 11, 10, 8),
            unit="working_day",
            calendar=CAL,
        )
        == due
    )


def test_steps_get_their_share_of_working_days():
    dates = step_due_dates(
        start=at(2025, 11, 3, 8),
        shares_in_days=[Decimal("0.5"), Decimal(2), Decimal("0.5")],
        calendar=CAL,
    )
    # 08:00 + 4 h = 13:30 (lunch 11:30–13:00 does not count); + 16 h; + 4 h.
    assert dates == [at(2025, 11, 3, 13, 30), at(2025, 11, 5, 13, 30), at(2025, 11, 6, 8, 0)]


class TestOnTime766:
    due = at(2025, 11, 10, 17)
    period_end = at(2025, 11, 30, 17)

    def test_finished_before_the_due_date(self):
        assert is_on_time_766(
            due=self.due, ended_at=at(2025, 11, 10, 16), pauses=[], period_end=self.period_end
        )

    def test_finished_late(self):
        assert not is_on_time_766(
            due=self.due, ended_at=at(2025, 11, 11, 9), pauses=[], period_end=self.period_end
        )

    def test_supplement_time_is_deducted(self):
        pause = Pause(at(2025, 11, 5, 9), at(2025, 11, 7, 9))  # two days with the applicant
        assert is_on_time_766(
            due=self.due, ended_at=at(2025, 11, 12, 8), pauses=[pause], period_end=self.period_end
        )

    def test_waiting_for_one_supplement_counts_as_ended_when_asked(self):
        pause = Pause(at(2025, 11, 5, 9), None)
        assert is_on_time_766(
            due=self.due, ended_at=None, pauses=[pause], period_end=self.period_end
        )

    def test_waiting_after_a_second_supplement_request_is_overdue(self):
        pauses = [Pause(at(2025, 11, 3, 9), at(2025, 11, 4, 9)), Pause(at(2025, 11, 5, 9), None)]
        assert not is_on_time_766(
            due=self.due, ended_at=None, pauses=pauses, period_end=self.period_end
        )

    def test_unfinished_dossier_is_judged_at_the_end_of_the_period(self):
        assert not is_on_time_766(
            due=self.due, ended_at=None, pauses=[], period_end=self.period_end
        )
        assert is_on_time_766(
            due=self.due, ended_at=None, pauses=[], period_end=at(2025, 11, 10, 12)
        )

    def test_payment_waits_are_not_deducted(self):
        pause = Pause(at(2025, 11, 5, 9), at(2025, 11, 7, 9), kind="payment")
        assert not is_on_time_766(
            due=self.due, ended_at=at(2025, 11, 12, 8), pauses=[pause], period_end=self.period_end
        )
