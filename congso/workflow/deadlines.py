# SPDX-License-Identifier: MIT
"""Legal deadlines of a dossier (DOMAIN §1.3–1.5), on the working calendar.

- The clock starts at acceptance (Ngày tiếp nhận), not at submission.
- The due date (Ngày hẹn trả) is acceptance + the procedure's processing time in its own
  unit: working hours or working days on the working calendar; calendar days or months by
  the calendar (moved to a working moment if they end on a day off).
- A per-procedure cut-off hour (e.g. 15:00 for certification) moves later receptions to the
  next working day.
- While the dossier waits for the applicant (supplement, fees) the clock is paused: the
  time left when it paused is counted again from the moment the applicant answers.
- On time, as the Decision 766 index counts it (indicator 2.1): the end of processing minus
  the supplement waits is not after the due date; a dossier still waiting for a supplement
  counts as ended when asked, unless it was asked more than once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from congso.core.calendar import WorkingCalendar, working_calendar

WORKING_UNITS = frozenset({"hour", "working_day"})


@dataclass(frozen=True)
class Pause:
    """A time the applicant held the dossier (supplement or payment); ended_at None = still."""

    started_at: dt.datetime
    ended_at: dt.datetime | None
    kind: str = "supplement"


def _cal(calendar: WorkingCalendar | None) -> WorkingCalendar:
    return calendar or working_calendar()


def clock_start(
    accepted_at: dt.datetime,
    *,
    cutoff: dt.time | None = None,
    calendar: WorkingCalendar | None = None,
) -> dt.datetime:
    """When the processing clock starts for a dossier accepted at `accepted_at`."""
    cal = _cal(calendar)
    return cal.apply_cutoff(accepted_at, cutoff) if cutoff else cal.next_working_moment(accepted_at)


def due_at(
    *,
    accepted_at: dt.datetime,
    processing_time: Decimal,
    unit: str,
    cutoff: dt.time | None = None,
    calendar: WorkingCalendar | None = None,
) -> dt.datetime:
    """The legal due date (Ngày hẹn trả) of a dossier accepted at `accepted_at`."""
    cal = _cal(calendar)
    start = clock_start(accepted_at, cutoff=cutoff, calendar=cal)
    amount = Decimal(processing_time)
    if unit == "hour":
        return cal.add_working_hours(start, amount)
    if unit == "working_day":
        return cal.add_working_days(start, amount)
    if amount != amount.to_integral_value():
        raise ValueError(f"{unit} must be a whole number, got {amount}")
    if unit == "day":
        return cal.add_calendar_days(start, int(amount))
    if unit == "month":
        return cal.add_months(start, int(amount))
    raise ValueError(f"unknown time unit {unit!r}")


def due_after_pause(
    *,
    due: dt.datetime,
    paused_at: dt.datetime,
    resumed_at: dt.datetime,
    unit: str,
    calendar: WorkingCalendar | None = None,
) -> dt.datetime:
    """The due date once the applicant answers: the time that was left is counted again.

    Working units count the working time left; calendar units the calendar time left.
    A dossier that was already late when it paused stays as late (nothing is added back).
    """
    cal = _cal(calendar)
    if unit in WORKING_UNITS:
        left = cal.working_time_between(paused_at, due)
        if left <= dt.timedelta(0):
            return due
        return cal.add_working_time(cal.next_working_moment(resumed_at), left)
    left = due - paused_at
    if left <= dt.timedelta(0):
        return due
    return cal.next_working_moment(resumed_at + left)


def step_due_dates(
    *,
    start: dt.datetime,
    shares_in_days: Sequence[Decimal],
    calendar: WorkingCalendar | None = None,
) -> list[dt.datetime]:
    """Internal due dates of consecutive steps, each with its share of working days."""
    cal = _cal(calendar)
    moments = []
    moment = cal.next_working_moment(start)
    for share in shares_in_days:
        moment = cal.add_working_days(moment, share)
        moments.append(moment)
    return moments


def supplement_time(pauses: Iterable[Pause], *, until: dt.datetime) -> dt.timedelta:
    """Calendar time the applicant held the dossier for supplements, up to `until`."""
    total = dt.timedelta(0)
    for pause in pauses:
        if pause.kind != "supplement":
            continue
        end = min(pause.ended_at or until, until)
        if end > pause.started_at:
            total += end - pause.started_at
    return total


def is_on_time_766(
    *,
    due: dt.datetime,
    ended_at: dt.datetime | None,
    pauses: Sequence[Pause],
    period_end: dt.datetime,
) -> bool:
    """On time as indicator 2.1 of Decision 766 counts it (DOMAIN §1.3, [S5]).

    `ended_at` is the first of result ready > returned > stopped/refused/withdrawn, or None
    if processing has not ended. effective end = end − Σ(supplement answered − asked).
    A dossier waiting for a supplement counts as ending when it was asked — unless more than
    one supplement was asked, then it is overdue.
    """
    supplements = [p for p in pauses if p.kind == "supplement"]
    waiting = [p for p in supplements if p.ended_at is None]
    if ended_at is None and waiting:
        if len(supplements) > 1:
            return False
        end = waiting[0].started_at
        return end - supplement_time(supplements[:-1], until=end) <= due
    end = ended_at or period_end
    return end - supplement_time(supplements, until=end) <= due
