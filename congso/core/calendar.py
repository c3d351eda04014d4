# SPDX-License-Identifier: MIT
"""The working calendar every deadline (NgayHenTra) is counted on (DOMAIN §1.3).

A processing time in "ngày làm việc" or "giờ" runs only during working time: the working
intervals of a working day (default Mon–Fri 07:30–11:30 and 13:00–17:00, 8 hours; the
lunch break does not count) minus official holidays (Labour Code 2019 Art.112, from the
``holidays`` package, including the government's swap days it knows) and minus/plus the
administrator's CalendarOverride rows (extra day off, make-up working day, half day =
morning only). One working day is the schedule's hours per day (8 h), so "3 working days"
received Mon 10:00 ends Thu 10:00, the way one-stop systems store processing time in hours
and print ``hours / 8`` (DOMAIN §1.3, [S4]).

How it is fast: per-day data (the working intervals in microseconds since local midnight)
is computed once per calendar, and a prefix sum ``cum[i]`` of working microseconds before
day ``i`` turns "working time before a moment" into one lookup and "add N hours" into one
binary search, whatever N is. The table covers whole years and grows on demand (1990–2099).

How it stays fresh (``working_calendar()``): each process keeps one calendar built from the
database together with a fingerprint — count and latest ``updated_at`` of CalendarOverride,
WorkSchedule and ReceptionHours, plus a version number in the shared Django cache that
``calendar_changed()`` bumps. The fingerprint (one small query) is re-checked at most every
``CONGSO_CALENDAR_REFRESH_SECONDS`` (default 2 s), and on every call while the calendar was
last verified inside a transaction (it might hold data that is then rolled back). Saving or
deleting one of the three models clears this process's calendar at once (signals) and bumps
the shared version on commit, so other processes follow within the refresh interval. Code
that changes these tables with ``QuerySet.update()`` or raw SQL (which neither send signals
nor touch ``updated_at``) must call ``calendar_changed()``.

Times: inputs are timezone-aware datetimes, converted to settings.TIME_ZONE
(Asia/Ho_Chi_Minh, no daylight saving); results are aware datetimes in that zone.
"""

from __future__ import annotations

import bisect
import calendar as _stdlib_calendar
import logging
import threading
import time as _time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as dtime
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import holidays as holidays_lib
from django.conf import settings
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models.signals import post_delete, post_migrate, post_save

logger = logging.getLogger(__name__)

__all__ = [
    "DAY_OFF",
    "HALF_DAY",
    "WORKING_DAY",
    "DayInfo",
    "DayStatus",
    "Override",
    "ReceptionSlot",
    "Schedule",
    "WorkingCalendar",
    "add_calendar_days",
    "add_months",
    "add_working_days",
    "add_working_hours",
    "add_working_time",
    "apply_cutoff",
    "calendar_changed",
    "is_reception_open",
    "is_working_day",
    "is_working_time",
    "next_working_day",
    "next_working_moment",
    "working_calendar",
    "working_days_between",
    "working_hours_between",
    "working_intervals",
    "working_time_between",
]

# The values of congso.core.models.DayKind (kept here so this module imports without the app
# registry; a test checks they match).
DAY_OFF = "day_off"
WORKING_DAY = "working_day"
HALF_DAY = "half_day"
_KINDS = frozenset({DAY_OFF, WORKING_DAY, HALF_DAY})

US_PER_SECOND = 1_000_000
US_PER_HOUR = 3_600 * US_PER_SECOND
US_PER_DAY = 24 * US_PER_HOUR
MIN_YEAR = 1990  # the table grows on demand inside these years; the lunar holidays of the
MAX_YEAR = 2099  # `holidays` package are computed up to 2099
DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"
DEFAULT_REFRESH_SECONDS = 2.0
_SHARED_VERSION_KEY = "congso:calendar:version"

Number = int | float | Decimal
Span = tuple[int, int]  # [start, end) in microseconds since local midnight


def _us(t: dtime) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * US_PER_SECOND + t.microsecond


def _to_us(value: Number) -> int:
    """A number of hours (Decimal, int, float) as whole microseconds, rounded half-even."""
    if isinstance(value, float):
        value = Decimal(value)  # exact binary value; rounding happens once, below
    elif not isinstance(value, Decimal):
        value = Decimal(int(value))
    return int((value * US_PER_HOUR).to_integral_value(rounding=ROUND_HALF_EVEN))


def _us_to_hours(us: int) -> Decimal:
    return Decimal(us) / Decimal(US_PER_HOUR)


def _merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


# --- plain data ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Schedule:
    """Working hours in force from ``valid_from`` (mirror of the WorkSchedule model)."""

    valid_from: date = date.min
    morning: tuple[dtime, dtime] = (dtime(7, 30), dtime(11, 30))
    afternoon: tuple[dtime, dtime] = (dtime(13, 0), dtime(17, 0))
    weekdays: frozenset[int] = frozenset(range(5))

    def __post_init__(self) -> None:
        (m0, m1), (a0, a1) = self.morning, self.afternoon
        if not (m0 < m1 <= a0 < a1):
            raise ValueError("Schedule times must be in order: morning, then afternoon.")
        if not self.weekdays or not set(self.weekdays) <= set(range(7)):
            raise ValueError("Schedule weekdays must be a non-empty subset of 0 (Mon)…6 (Sun).")

    @property
    def full_spans(self) -> tuple[Span, ...]:
        return _merge(
            [
                (_us(self.morning[0]), _us(self.morning[1])),
                (_us(self.afternoon[0]), _us(self.afternoon[1])),
            ]
        )

    @property
    def morning_spans(self) -> tuple[Span, ...]:
        return ((_us(self.morning[0]), _us(self.morning[1])),)

    @property
    def day_us(self) -> int:
        return sum(e - s for s, e in self.full_spans)

    @property
    def hours_per_day(self) -> Decimal:
        """Hours in one working day: the length of "1 ngày làm việc" (8 by default)."""
        return _us_to_hours(self.day_us)


DEFAULT_SCHEDULE = Schedule()


class Override(NamedTuple):
    """An administrator's change to one day (mirror of the CalendarOverride model)."""

    kind: str  # DAY_OFF, WORKING_DAY or HALF_DAY
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ReceptionSlot:
    """One opening of a reception desk on a weekday (mirror of the ReceptionHours model)."""

    weekday: int
    opens: dtime
    closes: dtime


class DayStatus(StrEnum):
    WORKING = "working"  # an ordinary working weekday of the schedule
    MAKE_UP = "make_up"  # a day worked instead of another (override or official swap)
    HALF_DAY = "half_day"  # morning only
    WEEKEND = "weekend"  # not a working weekday of the schedule
    HOLIDAY = "holiday"  # official public holiday (Labour Code Art.112) or official swap day off
    DAY_OFF = "day_off"  # an administrator's extra day off


@dataclass(frozen=True, slots=True)
class DayInfo:
    """What one local date is for deadline counting."""

    day: date
    status: DayStatus
    spans: tuple[Span, ...]
    reason: str = ""
    schedule: Schedule = DEFAULT_SCHEDULE

    @property
    def is_working(self) -> bool:
        return bool(self.spans)

    @property
    def working_us(self) -> int:
        return sum(e - s for s, e in self.spans)

    @property
    def hours(self) -> Decimal:
        return _us_to_hours(self.working_us)


@dataclass(frozen=True, slots=True)
class _Table:
    first_ord: int  # date.toordinal() of days[0]
    days: tuple[DayInfo, ...]
    cum: tuple[int, ...]  # cum[i] = working µs before days[i]; len(days) + 1 entries

    @property
    def last_ord(self) -> int:
        return self.first_ord + len(self.days) - 1


@lru_cache(maxsize=256)
def _official_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Public holidays and official make-up working days (swap Saturdays) of one year."""
    vn = holidays_lib.country_holidays("VN", years=year, language="vi")
    days_off = {d: str(name) for d, name in vn.items() if d.year == year}
    make_up = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
    return days_off, make_up


def _worked(spans: tuple[Span, ...], us: int) -> int:
    """Working µs of a day's spans before ``us`` (µs since midnight)."""
    total = 0
    for start, end in spans:
        if us <= start:
            break
        total += min(us, end) - start
    return total


# --- the calendar ----------------------------------------------------------------------------


class WorkingCalendar:
    """The working calendar from plain data; ``WorkingCalendar.from_db()`` reads the tables.

    ``official_holidays=False`` leaves out the ``holidays`` package (tests use it to build a
    calendar from overrides alone). Instances are safe to share between threads.
    """

    def __init__(
        self,
        schedules: Iterable[Schedule] = (),
        overrides: Mapping[date, Override | str] | None = None,
        reception: Mapping[int | None, Iterable[ReceptionSlot]] | None = None,
        *,
        official_holidays: bool = True,
        tz: tzinfo | str | None = None,
    ) -> None:
        self._schedules = sorted(schedules, key=lambda s: s.valid_from)
        self._schedule_starts = [s.valid_from for s in self._schedules]
        self._overrides: dict[date, Override] = {}
        for day, value in (overrides or {}).items():
            override = Override(value) if isinstance(value, str) else Override(*value)
            if override.kind not in _KINDS:
                raise ValueError(f"Unknown calendar override kind {override.kind!r}.")
            self._overrides[day] = override
        self._reception: dict[int | None, dict[int, tuple[Span, ...]]] = {}
        for agency_id, slots in (reception or {}).items():
            by_day: dict[int, list[Span]] = {}
            for slot in slots:
                by_day.setdefault(slot.weekday, []).append((_us(slot.opens), _us(slot.closes)))
            self._reception[agency_id] = {wd: _merge(s) for wd, s in by_day.items()}
        self._official = official_holidays
        if tz is None:
            tz = getattr(settings, "TIME_ZONE", None) or DEFAULT_TIME_ZONE
        self.tz: tzinfo = ZoneInfo(tz) if isinstance(tz, str) else tz
        self._table: _Table | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_db(cls, using: str | None = None) -> WorkingCalendar:
        """Build from WorkSchedule, CalendarOverride and ReceptionHours rows."""
        from .models import CalendarOverride, ReceptionHours, WorkSchedule

        alias = using or router.db_for_read(CalendarOverride) or DEFAULT_DB_ALIAS
        schedules = [
            Schedule(
                valid_from=row.valid_from,
                morning=(row.morning_start, row.morning_end),
                afternoon=(row.afternoon_start, row.afternoon_end),
                weekdays=frozenset(int(c) for c in row.working_weekdays),
            )
            for row in WorkSchedule.objects.using(alias).order_by("valid_from")
        ]
        overrides = {
            row.date: Override(row.kind, row.reason)
            for row in CalendarOverride.objects.using(alias).order_by("date")
        }
        reception: dict[int | None, list[ReceptionSlot]] = {}
        for row in ReceptionHours.objects.using(alias).order_by("agency_id", "weekday", "opens"):
            reception.setdefault(row.agency_id, []).append(
                ReceptionSlot(row.weekday, row.opens, row.closes)
            )
        return cls(schedules, overrides, reception)

    # --- per-day data --------------------------------------------------------------------

    def schedule_for(self, day: date) -> Schedule:
        """The schedule with the greatest ``valid_from`` <= ``day``, else the default."""
        i = bisect.bisect_right(self._schedule_starts, day)
        return self._schedules[i - 1] if i else DEFAULT_SCHEDULE

    def _compute_day(self, day: date, official: tuple[dict[date, str], frozenset[date]]) -> DayInfo:
        schedule = self.schedule_for(day)
        override = self._overrides.get(day)
        if override is not None:
            if override.kind == DAY_OFF:
                return DayInfo(day, DayStatus.DAY_OFF, (), override.reason, schedule)
            if override.kind == HALF_DAY:
                spans = schedule.morning_spans
                return DayInfo(day, DayStatus.HALF_DAY, spans, override.reason, schedule)
            return DayInfo(day, DayStatus.MAKE_UP, schedule.full_spans, override.reason, schedule)
        days_off, make_up = official
        if day in days_off:
            return DayInfo(day, DayStatus.HOLIDAY, (), days_off[day], schedule)
        if day in make_up:
            return DayInfo(day, DayStatus.MAKE_UP, schedule.full_spans, "", schedule)
        if day.weekday() in schedule.weekdays:
            return DayInfo(day, DayStatus.WORKING, schedule.full_spans, "", schedule)
        return DayInfo(day, DayStatus.WEEKEND, (), "", schedule)

    def _year_days(self, year: int) -> list[DayInfo]:
        official = _official_year(year) if self._official else ({}, frozenset())
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        return [self._compute_day(date.fromordinal(o), official) for o in range(first, last + 1)]

    def _cover(self, first_year: int, last_year: int) -> _Table:
        """The table, grown (whole years) to cover ``first_year``…``last_year``."""
        table = self._table
        if table is not None and (
            date.fromordinal(table.first_ord).year <= first_year
            and date.fromordinal(table.last_ord).year >= last_year
        ):
            return table
        if first_year < MIN_YEAR or last_year > MAX_YEAR:
            raise ValueError(f"The working calendar covers the years {MIN_YEAR}–{MAX_YEAR} only.")
        with self._lock:
            table = self._table
            if table is None:
                days: list[DayInfo] = []
                for year in range(first_year, last_year + 1):
                    days.extend(self._year_days(year))
            else:
                have_first = date.fromordinal(table.first_ord).year
                have_last = date.fromordinal(table.last_ord).year
                before: list[DayInfo] = []
                for year in range(min(first_year, have_first), have_first):
                    before.extend(self._year_days(year))
                after: list[DayInfo] = []
                for year in range(have_last + 1, max(last_year, have_last) + 1):
                    after.extend(self._year_days(year))
                days = before + list(table.days) + after
            cum = [0] * (len(days) + 1)
            running = 0
            for i, info in enumerate(days):
                running += info.working_us
                cum[i + 1] = running
            self._table = _Table(days[0].day.toordinal(), tuple(days), tuple(cum))
            return self._table

    def _table_for(self, ordinal: int) -> tuple[_Table, int]:
        """The table covering the day ``ordinal`` (plus a year either side) and its index."""
        table = self._table
        if table is None or not table.first_ord <= ordinal <= table.last_ord:
            year = date.fromordinal(ordinal).year
            table = self._cover(max(MIN_YEAR, year - 1), min(MAX_YEAR, year + 1))
            if not table.first_ord <= ordinal <= table.last_ord:
                raise ValueError(
                    f"The working calendar covers the years {MIN_YEAR}–{MAX_YEAR} only."
                )
        return table, ordinal - table.first_ord

    def _grow(self, forward: bool) -> _Table:
        """The table grown by five years forward or backward (for long additions)."""
        table = self._table
        assert table is not None
        first = date.fromordinal(table.first_ord).year
        last = date.fromordinal(table.last_ord).year
        if (forward and last >= MAX_YEAR) or (not forward and first <= MIN_YEAR):
            raise ValueError(f"No working time within {MIN_YEAR}–{MAX_YEAR} for this calculation.")
        if forward:
            return self._cover(first, min(MAX_YEAR, last + 5))
        return self._cover(max(MIN_YEAR, first - 5), last)

    def day(self, day: date) -> DayInfo:
        """Status, working intervals and reason (holiday name, override reason) of a date."""
        day = self._as_date(day)
        table, i = self._table_for(day.toordinal())
        return table.days[i]

    # --- conversions ---------------------------------------------------------------------

    def _as_date(self, value: date) -> date:
        if isinstance(value, datetime):
            return self._local(value).date()
        return value

    def _local(self, moment: datetime) -> datetime:
        """``moment`` as a naive local wall-clock datetime."""
        if not isinstance(moment, datetime):
            raise TypeError("Expected a datetime.")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("The working calendar needs timezone-aware datetimes.")
        return moment.astimezone(self.tz).replace(tzinfo=None)

    def _split(self, moment: datetime) -> tuple[date, int]:
        local = self._local(moment)
        us = (
            (local.hour * 60 + local.minute) * 60 + local.second
        ) * US_PER_SECOND + local.microsecond
        return local.date(), us

    def _at(self, day: date, us: int) -> datetime:
        return datetime.combine(day, dtime(), tzinfo=self.tz) + timedelta(microseconds=us)

    def _position(self, moment: datetime, table: _Table | None = None) -> tuple[_Table, int]:
        """(table, working µs before ``moment`` counted from the table's first day)."""
        day, us = self._split(moment)
        ordinal = day.toordinal()
        if table is None or not table.first_ord <= ordinal <= table.last_ord:
            table, i = self._table_for(ordinal)
        else:
            i = ordinal - table.first_ord
        return table, table.cum[i] + _worked(table.days[i].spans, us)

    def _moment_at(self, table: _Table, target: int) -> datetime:
        """The earliest moment whose working µs before it equals ``target`` (> cum[0])."""
        j = bisect.bisect_left(table.cum, target) - 1
        info = table.days[j]
        rest = target - table.cum[j]
        for start, end in info.spans:
            if rest <= end - start:
                return self._at(info.day, start + rest)
            rest -= end - start
        raise AssertionError("unreachable: cum and spans disagree")

    # --- queries -------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether any working time falls on ``day`` (a half day counts)."""
        return self.day(day).is_working

    def working_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working intervals of ``day`` as aware (start, end) pairs; end is exclusive."""
        info = self.day(day)
        return [(self._at(info.day, s), self._at(info.day, e)) for s, e in info.spans]

    def hours_per_day(self, day: date | None = None) -> Decimal:
        """Length of one working day in the schedule in force on ``day`` (today if None)."""
        if day is None:
            day = datetime.now(self.tz).date()
        return self.schedule_for(self._as_date(day)).hours_per_day

    def is_working_time(self, moment: datetime) -> bool:
        """Whether ``moment`` lies inside a working interval (start inclusive, end exclusive)."""
        day, us = self._split(moment)
        return any(s <= us < e for s, e in self.day(day).spans)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        table, i = self._table_for(self._as_date(day).toordinal())
        while True:
            k = bisect.bisect_right(table.cum, table.cum[i + 1])
            if k < len(table.cum):
                return table.days[k - 1].day
            ordinal = table.first_ord + i
            table = self._grow(forward=True)
            i = ordinal - table.first_ord

    def next_working_moment(self, moment: datetime) -> datetime:
        """``moment`` itself if it is working time, else the start of the next interval."""
        day, us = self._split(moment)
        for start, end in self.day(day).spans:
            if us < end:
                return moment.astimezone(self.tz) if us >= start else self._at(day, start)
        following = self.next_working_day(day)
        return self._at(following, self.day(following).spans[0][0])

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end`` (negative if ``end`` is earlier)."""
        years = sorted((self._split(start)[0].year, self._split(end)[0].year))
        table = self._cover(max(MIN_YEAR, years[0]), min(MAX_YEAR, years[1]))
        table, a = self._position(start, table)
        table_b, b = self._position(end, table)
        if table_b is not table:  # grown meanwhile by another thread: count on the new one
            table, a = self._position(start, table_b)
        return timedelta(microseconds=b - a)

    def working_hours_between(self, start: datetime, end: datetime) -> Decimal:
        """Working hours from ``start`` to ``end`` as a Decimal (lunch and days off excluded)."""
        return _us_to_hours(self._delta_us(self.working_time_between(start, end)))

    def working_days_between(self, start: datetime, end: datetime) -> Decimal:
        """Working hours / hours per day (of the schedule in force at ``start``)."""
        return self.working_hours_between(start, end) / self.hours_per_day(start)

    @staticmethod
    def _delta_us(delta: timedelta) -> int:
        return (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds

    # --- arithmetic ----------------------------------------------------------------------

    def add_working_time(self, moment: datetime, delta: timedelta) -> datetime:
        """``moment`` plus ``delta`` of working time (the core of every deadline).

        A positive amount ends at the earliest moment that has that much working time after
        ``moment`` — possibly the close of an interval (17:00), never a day off or the lunch
        break. Zero gives ``next_working_moment(moment)``; a negative amount counts backwards.
        """
        amount = self._delta_us(delta)
        if amount == 0:
            return self.next_working_moment(moment)
        while True:
            table, base = self._position(moment)
            target = base + amount
            if amount > 0 and target > table.cum[-1]:
                self._grow(forward=True)
            elif amount < 0 and target <= table.cum[0]:
                self._grow(forward=False)
            else:
                return self._moment_at(table, target)

    def add_working_hours(self, moment: datetime, hours: Number) -> datetime:
        """``moment`` plus ``hours`` working hours (procedures whose unit is "giờ")."""
        return self.add_working_time(moment, timedelta(microseconds=_to_us(hours)))

    def add_working_days(self, moment: datetime, days: Number) -> datetime:
        """``moment`` plus ``days`` × hours per day of working time ("ngày làm việc").

        Counting in hours keeps the time of day: Mon 10:00 + 3 working days = Thu 10:00.
        The day length is that of the schedule in force on the day of ``moment``.
        """
        if isinstance(days, float):
            days = Decimal(days)
        elif not isinstance(days, Decimal):
            days = Decimal(int(days))
        return self.add_working_hours(moment, days * self.hours_per_day(moment))

    def apply_cutoff(self, moment: datetime, cutoff: dtime | None) -> datetime:
        """When a dossier counts as received, given a same-day cut-off such as 15:00.

        Received after the cut-off (strictly later) or on a day off, it counts as received at
        the start of the next working day — the per-procedure rule for chứng thực and many
        hộ tịch procedures (DOMAIN §1.3). Otherwise, and with no cut-off, it counts from the
        next working moment (e.g. received in the lunch break: from 13:00).
        """
        day, us = self._split(moment)
        if cutoff is None or (self.is_working_day(day) and us <= _us(cutoff)):
            return self.next_working_moment(moment)
        following = self.next_working_day(day)
        return self._at(following, self.day(following).spans[0][0])

    def _settle(self, local: datetime) -> datetime:
        """A calendar-arithmetic result kept if within working time or at an interval's close,
        else moved forward to the next working moment."""
        day = local.date()
        us = (
            (local.hour * 60 + local.minute) * 60 + local.second
        ) * US_PER_SECOND + local.microsecond
        if any(s <= us <= e for s, e in self.day(day).spans):
            return self._at(day, us)
        return self.next_working_moment(self._at(day, us))

    def add_calendar_days(self, moment: datetime, days: int) -> datetime:
        """``moment`` plus ``days`` calendar days ("ngày"), same time of day.

        If that lands on a day off or outside working time, the deadline moves forward to the
        next working moment (the start of the next working interval). This is the strict
        reading; Civil Code 2015 Art.148 [K] would end a period whose last day is a day off at
        the end of the next working day — a procedure that needs that can add the rest of
        that day itself.
        """
        local = self._local(moment) + timedelta(days=int(days))
        return self._settle(local)

    def add_months(self, moment: datetime, months: int) -> datetime:
        """``moment`` plus ``months`` calendar months ("tháng"), same day and time of day.

        A day that the target month lacks becomes its last day (31 Jan + 1 month = 28/29 Feb,
        Civil Code 2015 Art.148 [K]); a result on a day off or outside working time moves
        forward to the next working moment, as in ``add_calendar_days``.
        """
        local = self._local(moment)
        index = local.year * 12 + (local.month - 1) + int(months)
        year, month = divmod(index, 12)
        month += 1
        last = _stdlib_calendar.monthrange(year, month)[1]
        return self._settle(local.replace(year=year, month=month, day=min(local.day, last)))

    # --- reception desks -----------------------------------------------------------------

    def reception_spans(self, agency_id: int | None, day: date) -> tuple[Span, ...]:
        """When the desk of ``agency_id`` (None: province default) receives on ``day``.

        An agency's own ReceptionHours rows replace the province-wide rows (agency=None).
        No desk opens on a holiday or an extra day off. On a make-up or half working day it
        opens at least during working time, and a half day closes at the end of the morning.
        With no rows at all, the desk follows working time.
        """
        info = self.day(day)
        if info.status in (DayStatus.HOLIDAY, DayStatus.DAY_OFF):
            return ()
        rows = self._reception.get(agency_id)
        if rows is None:
            rows = self._reception.get(None)
        if rows is None:
            return info.spans
        slots = rows.get(info.day.weekday(), ())
        if info.status == DayStatus.MAKE_UP:
            return _merge((*slots, *info.spans))
        if info.status == DayStatus.HALF_DAY:
            close = info.spans[-1][1]
            return _merge((s, min(e, close)) for s, e in (*slots, *info.spans))
        return slots

    def is_reception_open(self, agency: Any, moment: datetime) -> bool:
        """Whether the agency's desk receives dossiers at ``moment``.

        Reception hours never change deadline counting (that uses working time only).
        """
        agency_id = getattr(agency, "pk", agency)
        day, us = self._split(moment)
        return any(s <= us < e for s, e in self.reception_spans(agency_id, day))


# --- the per-process calendar built from the database ----------------------------------------


def _refresh_seconds() -> float:
    return float(getattr(settings, "CONGSO_CALENDAR_REFRESH_SECONDS", DEFAULT_REFRESH_SECONDS))


def _shared_version() -> Any:
    try:
        from django.core.cache import cache

        return cache.get(_SHARED_VERSION_KEY)
    except Exception:  # the cache is an optimisation; the DB fingerprint still works
        logger.warning("calendar: cannot read the shared calendar version", exc_info=True)
        return None


def _bump_shared_version() -> None:
    try:
        from django.core.cache import cache

        cache.add(_SHARED_VERSION_KEY, 0, None)
        cache.incr(_SHARED_VERSION_KEY)
    except Exception:
        logger.warning("calendar: cannot bump the shared calendar version", exc_info=True)


def _db_fingerprint(alias: str) -> tuple[Any, ...]:
    """Row count and latest ``updated_at`` of the three calendar tables, in one query."""
    from .models import CalendarOverride, ReceptionHours, WorkSchedule

    connection = connections[alias]
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {n}, COUNT(*), MAX({quote('updated_at')}) FROM {quote(model._meta.db_table)}"
        for n, model in enumerate((CalendarOverride, WorkSchedule, ReceptionHours))
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = sorted(tuple(row) for row in cursor.fetchall())
    return (tuple(rows), _shared_version())


class _Holder:
    """The process's calendar, checked against the database fingerprint every
    CONGSO_CALENDAR_REFRESH_SECONDS.

    A calendar built inside a transaction that changed a calendar table (this thread saw
    the change: a row saved through the ORM, or `calendar_changed()`) may hold data that is
    rolled back: it stays "tentative" and is checked again on each use. Other transactions
    only read committed rows, so a calendar they build is kept like any other.
    """

    def __init__(self) -> None:
        self._calendar: WorkingCalendar | None = None
        self._fingerprint: tuple[Any, ...] | None = None
        self._checked_at = 0.0
        self._tentative = True
        self._lock = threading.Lock()
        self._thread = threading.local()

    def note_change(self, alias: str | None = None) -> None:
        """A calendar table changed in this thread: inside a transaction, that transaction
        may yet be rolled back."""
        from .models import CalendarOverride

        alias = alias or router.db_for_write(CalendarOverride) or DEFAULT_DB_ALIAS
        if connections[alias].in_atomic_block:
            self._thread.changed = True
        self.clear()

    def get(self) -> WorkingCalendar:
        calendar = self._calendar
        if (
            calendar is not None
            and not self._tentative
            and _time.monotonic() - self._checked_at < _refresh_seconds()
        ):
            return calendar
        from .models import CalendarOverride

        alias = router.db_for_read(CalendarOverride) or DEFAULT_DB_ALIAS
        in_transaction = connections[alias].in_atomic_block
        if not in_transaction:
            self._thread.changed = False  # whatever this thread changed has ended
        with self._lock:
            fingerprint = _db_fingerprint(alias)
            if self._calendar is None or fingerprint != self._fingerprint:
                self._calendar = WorkingCalendar.from_db(alias)
                self._fingerprint = fingerprint
            self._checked_at = _time.monotonic()
            # Data this transaction changed may yet be rolled back: verify again next time.
            self._tentative = in_transaction and getattr(self._thread, "changed", False)
            return self._calendar

    def clear(self) -> None:
        with self._lock:
            self._calendar = None
            self._fingerprint = None


_holder = _Holder()


def working_calendar() -> WorkingCalendar:
    """This process's calendar from the database, rebuilt when the calendar tables change."""
    return _holder.get()


def calendar_changed() -> None:
    """Tell every process that holidays, schedules or reception hours changed.

    Called automatically when a CalendarOverride, WorkSchedule or ReceptionHours row is saved
    or deleted; call it after ``QuerySet.update()``, bulk or raw changes to those tables.
    """
    _holder.note_change()
    _bump_shared_version()


def _on_calendar_row_changed(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    _holder.note_change(using)
    transaction.on_commit(calendar_changed, using=using)


def _on_flush_or_setting(**kwargs: Any) -> None:
    setting = kwargs.get("setting")
    if setting is None or setting in {"TIME_ZONE", "CONGSO_CALENDAR_REFRESH_SECONDS"}:
        _holder.clear()


for _model in ("core.CalendarOverride", "core.WorkSchedule", "core.ReceptionHours"):
    post_save.connect(_on_calendar_row_changed, sender=_model, dispatch_uid=f"calendar-{_model}-s")
    post_delete.connect(
        _on_calendar_row_changed, sender=_model, dispatch_uid=f"calendar-{_model}-d"
    )
post_migrate.connect(_on_flush_or_setting, dispatch_uid="calendar-post-migrate")
setting_changed.connect(_on_flush_or_setting, dispatch_uid="calendar-setting-changed")


# --- module-level shortcuts on working_calendar() --------------------------------------------


def is_working_day(day: date) -> bool:
    """Whether ``day`` (a date, or an aware datetime's local date) has working time."""
    return working_calendar().is_working_day(day)


def working_intervals(day: date) -> list[tuple[datetime, datetime]]:
    """The working intervals of ``day`` as aware (start, end) pairs."""
    return working_calendar().working_intervals(day)


def is_working_time(moment: datetime) -> bool:
    """Whether ``moment`` is inside a working interval."""
    return working_calendar().is_working_time(moment)


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day``."""
    return working_calendar().next_working_day(day)


def next_working_moment(moment: datetime) -> datetime:
    """``moment`` if it is working time, else the start of the next working interval."""
    return working_calendar().next_working_moment(moment)


def add_working_time(moment: datetime, delta: timedelta) -> datetime:
    """``moment`` plus ``delta`` of working time."""
    return working_calendar().add_working_time(moment, delta)


def add_working_hours(moment: datetime, hours: Number) -> datetime:
    """``moment`` plus ``hours`` working hours."""
    return working_calendar().add_working_hours(moment, hours)


def add_working_days(moment: datetime, days: Number) -> datetime:
    """``moment`` plus ``days`` working days (× hours per day; 0.5 is half a day)."""
    return working_calendar().add_working_days(moment, days)


def working_time_between(start: datetime, end: datetime) -> timedelta:
    """Working time from ``start`` to ``end``."""
    return working_calendar().working_time_between(start, end)


def working_hours_between(start: datetime, end: datetime) -> Decimal:
    """Working hours from ``start`` to ``end``."""
    return working_calendar().working_hours_between(start, end)


def working_days_between(start: datetime, end: datetime) -> Decimal:
    """Working days (hours / hours per day) from ``start`` to ``end``."""
    return working_calendar().working_days_between(start, end)


def apply_cutoff(moment: datetime, cutoff: dtime | None) -> datetime:
    """When a dossier received at ``moment`` counts as received, given a cut-off time."""
    return working_calendar().apply_cutoff(moment, cutoff)


def add_calendar_days(moment: datetime, days: int) -> datetime:
    """``moment`` plus calendar days, moved forward to working time if needed."""
    return working_calendar().add_calendar_days(moment, days)


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus calendar months, moved forward to working time if needed."""
    return working_calendar().add_months(moment, months)


def is_reception_open(agency: Any, moment: datetime) -> bool:
    """Whether ``agency``'s desk (an Agency, its pk, or None for the default) is open."""
    return working_calendar().is_reception_open(agency, moment)
