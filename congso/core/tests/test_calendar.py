# SPDX-License-Identifier: MIT
"""The working calendar deadlines are counted on (DOMAIN §1.3): examples and laws."""

from __future__ import annotations

import time as _time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congso.core import calendar as cal
from congso.core.calendar import (
    DAY_OFF,
    HALF_DAY,
    WORKING_DAY,
    DayStatus,
    Override,
    ReceptionSlot,
    Schedule,
    WorkingCalendar,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = ZoneInfo("UTC")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=VN)


# A calendar from plain data: official holidays plus an administrator's changes in October 2025
# (Mon 6 … Sun 12 October 2025 is an ordinary week) and a new schedule from 2027.
PLAIN = WorkingCalendar(
    schedules=[
        Schedule(
            valid_from=date(2027, 1, 1),
            morning=(dtime(8, 0), dtime(12, 0)),
            afternoon=(dtime(13, 30), dtime(17, 30)),
        )
    ],
    overrides={
        date(2025, 10, 15): Override(HALF_DAY, "Half day"),
        date(2025, 10, 17): Override(DAY_OFF, "Extra day off"),
        date(2025, 10, 18): Override(WORKING_DAY, "Make-up Saturday"),
    },
)


# --- examples --------------------------------------------------------------------------------


def test_kinds_match_the_model_choices() -> None:
    from congso.core.models import DayKind

    assert {DAY_OFF, WORKING_DAY, HALF_DAY} == set(DayKind.values)


def test_three_working_days_keep_the_time_of_day() -> None:
    assert PLAIN.add_working_days(at(2025, 10, 6, 10), 3) == at(2025, 10, 9, 10)  # Mon → Thu
    assert PLAIN.add_working_days(at(2025, 10, 24, 10), 3) == at(2025, 10, 29, 10)  # Fri → Wed
    plain = WorkingCalendar(official_holidays=False)
    assert plain.add_working_days(at(2025, 10, 10, 10), 3) == at(2025, 10, 15, 10)  # Fri → Wed


def test_after_closing_counts_from_the_next_interval() -> None:
    assert PLAIN.add_working_days(at(2025, 10, 6, 17, 30), 1) == at(2025, 10, 7, 17)
    assert PLAIN.add_working_hours(at(2025, 10, 6, 6, 0), 1) == at(2025, 10, 6, 8, 30)
    assert PLAIN.add_working_hours(at(2025, 10, 4, 9), 1) == at(2025, 10, 6, 8, 30)  # Saturday


def test_lunch_break_is_not_working_time() -> None:
    assert PLAIN.add_working_hours(at(2025, 10, 6, 11), 1) == at(2025, 10, 6, 13, 30)
    assert PLAIN.working_hours_between(at(2025, 10, 6, 11), at(2025, 10, 6, 14)) == Decimal("1.5")
    assert not PLAIN.is_working_time(at(2025, 10, 6, 12))
    assert PLAIN.next_working_moment(at(2025, 10, 6, 11, 30)) == at(2025, 10, 6, 13)
    assert PLAIN.next_working_moment(at(2025, 10, 6, 9)) == at(2025, 10, 6, 9)


def test_ending_at_the_close_of_an_interval_stays_there() -> None:
    assert PLAIN.add_working_hours(at(2025, 10, 6, 10), Decimal("1.5")) == at(2025, 10, 6, 11, 30)
    assert PLAIN.add_working_days(at(2025, 10, 6, 7, 30), 1) == at(2025, 10, 6, 17)


def test_fractions_and_counting_back() -> None:
    assert PLAIN.add_working_days(at(2025, 10, 6, 7, 30), 0.5) == at(2025, 10, 6, 11, 30)
    assert PLAIN.add_working_days(at(2025, 10, 6, 7, 30), Decimal("0.5")) == at(2025, 10, 6, 11, 30)
    assert PLAIN.add_working_hours(at(2025, 10, 6, 10), -2) == at(2025, 10, 6, 8)
    assert PLAIN.add_working_days(at(2025, 10, 9, 10), -3) == at(2025, 10, 6, 10)
    assert PLAIN.working_days_between(at(2025, 10, 6, 10), at(2025, 10, 9, 15, 30)) == Decimal(
        "3.5"
    )
    assert PLAIN.working_days_between(at(2025, 10, 9, 10), at(2025, 10, 6, 10)) == -3


def test_tet_2026_is_respected() -> None:
    # Tết Bính Ngọ: civil servants off Mon 16 … Fri 20 February 2026.
    for d in range(16, 21):
        info = PLAIN.day(date(2026, 2, d))
        assert info.status == DayStatus.HOLIDAY and not info.is_working and info.reason
    assert PLAIN.add_working_days(at(2026, 2, 13, 10), 1) == at(2026, 2, 23, 10)
    assert PLAIN.working_days_between(at(2026, 2, 12, 10), at(2026, 2, 24, 10)) == 3
    assert PLAIN.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_official_holidays_and_swap_days_2025_2026() -> None:
    # 30/4, 1/5 and the swap: Fri 2 May 2025 off, worked on Sat 26 April 2025.
    for day in (date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2), date(2025, 9, 2)):
        assert not PLAIN.is_working_day(day)
    assert PLAIN.day(date(2025, 4, 26)).status == DayStatus.MAKE_UP
    assert PLAIN.add_working_days(at(2025, 4, 25, 10), 1) == at(2025, 4, 26, 10)
    assert PLAIN.add_working_days(at(2025, 4, 29, 10), 1) == at(2025, 5, 5, 10)
    assert not PLAIN.is_working_day(date(2026, 1, 1))


def test_make_up_saturday_half_day_and_extra_day_off() -> None:
    assert PLAIN.day(date(2025, 10, 18)).status == DayStatus.MAKE_UP
    assert PLAIN.day(date(2025, 10, 17)).status == DayStatus.DAY_OFF
    assert [
        (s.hour, s.minute, e.hour, e.minute) for s, e in PLAIN.working_intervals(date(2025, 10, 15))
    ] == [(7, 30, 11, 30)]
    # Tue 14 10:00 → Tue 5.5 h, Wed (half) 4 h, Thu 6.5 h → Thu 16 15:30.
    assert PLAIN.add_working_days(at(2025, 10, 14, 10), 2) == at(2025, 10, 16, 15, 30)
    # Thu 16 10:00 + 1 day: Thu 5.5 h, Fri off, Sat worked → Sat 18 10:00.
    assert PLAIN.add_working_days(at(2025, 10, 16, 10), 1) == at(2025, 10, 18, 10)
    assert PLAIN.working_hours_between(at(2025, 10, 15, 7, 30), at(2025, 10, 16, 7, 30)) == 4


def test_schedule_change_applies_from_its_date() -> None:
    assert PLAIN.working_intervals(date(2027, 1, 4))[0][0] == at(2027, 1, 4, 8)
    assert PLAIN.add_working_hours(at(2027, 1, 4, 11), 2) == at(2027, 1, 4, 14, 30)
    assert PLAIN.hours_per_day(date(2027, 1, 4)) == 8
    assert PLAIN.schedule_for(date(2026, 12, 31)) == cal.DEFAULT_SCHEDULE


def test_continuous_schedule_and_six_day_week() -> None:
    calendar = WorkingCalendar(
        [Schedule(date.min, (dtime(7), dtime(11)), (dtime(11), dtime(15)), frozenset(range(6)))],
        official_holidays=False,
    )
    assert calendar.working_intervals(date(2025, 10, 11)) == [
        (at(2025, 10, 11, 7), at(2025, 10, 11, 15))
    ]
    assert calendar.add_working_days(at(2025, 10, 10, 7), 2) == at(2025, 10, 11, 15)
    assert calendar.next_working_moment(at(2025, 10, 11, 11)) == at(2025, 10, 11, 11)
    with pytest.raises(ValueError, match="in order"):
        Schedule(morning=(dtime(9), dtime(8)))


def test_cutoff_at_15() -> None:
    cutoff = dtime(15, 0)
    assert PLAIN.apply_cutoff(at(2025, 10, 6, 14, 59), cutoff) == at(2025, 10, 6, 14, 59)
    assert PLAIN.apply_cutoff(at(2025, 10, 6, 15, 0), cutoff) == at(2025, 10, 6, 15, 0)
    assert PLAIN.apply_cutoff(at(2025, 10, 6, 15, 1), cutoff) == at(2025, 10, 7, 7, 30)
    assert PLAIN.apply_cutoff(at(2025, 10, 6, 12, 0), cutoff) == at(2025, 10, 6, 13, 0)
    assert PLAIN.apply_cutoff(at(2025, 10, 11, 9), cutoff) == at(2025, 10, 13, 7, 30)  # Sat
    assert PLAIN.apply_cutoff(at(2026, 2, 13, 16), cutoff) == at(2026, 2, 23, 7, 30)  # Tết
    assert PLAIN.apply_cutoff(at(2025, 10, 6, 18), None) == at(2025, 10, 7, 7, 30)


def test_calendar_days_and_months_move_off_days_forward() -> None:
    assert PLAIN.add_calendar_days(at(2025, 10, 6, 10), 3) == at(2025, 10, 9, 10)
    assert PLAIN.add_calendar_days(at(2025, 10, 6, 10), 5) == at(2025, 10, 13, 7, 30)  # Sat
    assert PLAIN.add_calendar_days(at(2025, 10, 6, 17), 1) == at(2025, 10, 7, 17)  # a close
    assert PLAIN.add_months(at(2025, 12, 31, 10), 2) == at(2026, 3, 2, 7, 30)  # 28 Feb = Sat
    assert PLAIN.add_months(at(2024, 1, 31, 10), 1) == at(2024, 2, 29, 10)
    assert PLAIN.add_months(at(2025, 11, 20, 10), -1) == at(2025, 10, 20, 10)


def test_timezones_are_converted() -> None:
    received = datetime(2025, 10, 6, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
    result = PLAIN.add_working_days(received, 3)
    assert result == at(2025, 10, 9, 10) and result.utcoffset() == timedelta(hours=7)
    assert PLAIN.is_working_day(datetime(2025, 10, 5, 18, tzinfo=UTC))  # Monday 01:00 local
    with pytest.raises(ValueError, match="timezone-aware"):
        PLAIN.add_working_days(datetime(2025, 10, 6, 10), 1)


def test_years_2018_to_2035() -> None:
    for year in range(2018, 2036):
        days = [PLAIN.day(date(year, 1, 1) + timedelta(days=i)) for i in range(365)]
        holidays = [d for d in days if d.status == DayStatus.HOLIDAY]
        working = [d for d in days if d.is_working]
        assert len(holidays) >= 10, year  # 11 days in law, fewer on weekdays
        assert 235 <= len(working) <= 255, year
    start = at(2018, 1, 2, 10)
    end = PLAIN.add_working_days(start, 4000)
    assert end.year in (2033, 2034) and PLAIN.working_days_between(start, end) == 4000


def test_adding_sixty_working_days_is_fast() -> None:
    start = at(2025, 10, 6, 10)
    PLAIN.add_working_days(start, 60)
    runs = 2000
    began = _time.perf_counter()
    for i in range(runs):
        PLAIN.add_working_days(start + timedelta(minutes=i), 60)
    assert (_time.perf_counter() - began) / runs < 0.001


def test_reception_hours_saturday_for_one_agency() -> None:
    weekdays = [ReceptionSlot(wd, dtime(7, 30), dtime(11, 30)) for wd in range(5)] + [
        ReceptionSlot(wd, dtime(13, 0), dtime(17, 0)) for wd in range(5)
    ]
    own = [*weekdays, ReceptionSlot(5, dtime(7, 30), dtime(11, 30))]
    calendar = WorkingCalendar(
        overrides={date(2025, 10, 25): DAY_OFF, date(2025, 10, 15): HALF_DAY},
        reception={None: weekdays, 7: own},
    )
    saturday = at(2025, 10, 11, 9)
    assert calendar.is_reception_open(7, saturday)
    assert not calendar.is_reception_open(8, saturday)
    assert not calendar.is_reception_open(None, saturday)
    assert not calendar.is_reception_open(7, at(2025, 10, 11, 14))
    assert not calendar.is_reception_open(7, at(2025, 10, 25, 9))  # extra day off
    assert not calendar.is_reception_open(7, at(2026, 2, 17, 9))  # Tết
    assert calendar.is_reception_open(8, at(2025, 10, 15, 9))  # half day: morning
    assert not calendar.is_reception_open(8, at(2025, 10, 15, 14))
    # Saturday reception does not make Saturday count for deadlines.
    assert calendar.add_working_hours(saturday, 1) == at(2025, 10, 13, 8, 30)
    # Without any rows the desk follows working time.
    assert WorkingCalendar().is_reception_open(None, at(2025, 10, 6, 9))


# --- laws ------------------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2024, 6, 1), max_value=datetime(2027, 6, 30), timezones=st.just(VN)
) | st.datetimes(
    min_value=datetime(2024, 6, 1), max_value=datetime(2027, 6, 30), timezones=st.just(UTC)
)
durations = st.integers(min_value=0, max_value=90 * 8 * 3600).map(lambda s: timedelta(seconds=s))
quarter_hours = st.integers(min_value=0, max_value=4 * 8 * 90).map(lambda q: Decimal(q) / 4)
law = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _lands_in_working_time(calendar: WorkingCalendar, moment: datetime) -> bool:
    day = calendar.day(moment)
    local = moment.astimezone(VN)
    return (
        any(start <= local <= end for start, end in calendar.working_intervals(day.day))
        and day.is_working
    )


@law
@given(moments, durations)
def test_adding_then_counting_gives_back_the_amount(m: datetime, delta: timedelta) -> None:
    end = PLAIN.add_working_time(m, delta)
    assert PLAIN.working_time_between(m, end) == delta
    assert PLAIN.working_time_between(PLAIN.next_working_moment(m), end) == delta
    start = PLAIN.next_working_moment(m)
    assert PLAIN.working_time_between(start, PLAIN.add_working_time(start, delta)) == delta


@law
@given(moments, quarter_hours)
def test_adding_then_counting_hours(m: datetime, hours: Decimal) -> None:
    end = PLAIN.add_working_hours(m, hours)
    assert PLAIN.working_hours_between(m, end) == hours
    assert PLAIN.working_days_between(m, end) == hours / 8
    assert PLAIN.add_working_days(m, hours / 8) == end


@law
@given(moments, durations)
def test_result_never_lands_on_a_day_off(m: datetime, delta: timedelta) -> None:
    end = PLAIN.add_working_time(m, delta)
    assert end >= m
    assert _lands_in_working_time(PLAIN, end)
    assert PLAIN.is_working_time(PLAIN.next_working_moment(m))
    back = PLAIN.add_working_time(m, -delta) if delta else PLAIN.next_working_moment(m)
    assert _lands_in_working_time(PLAIN, back)


@law
@given(moments, durations, durations)
def test_monotonic_in_the_amount(m: datetime, a: timedelta, b: timedelta) -> None:
    low, high = sorted((a, b))
    assert PLAIN.add_working_time(m, low) <= PLAIN.add_working_time(m, high)
    assert PLAIN.add_working_time(m, -high) <= PLAIN.add_working_time(m, -low)


@law
@given(moments, moments, durations)
def test_monotonic_in_the_start(a: datetime, b: datetime, delta: timedelta) -> None:
    early, late = sorted((a, b))
    assert PLAIN.add_working_time(early, delta) <= PLAIN.add_working_time(late, delta)
    assert PLAIN.next_working_moment(early) <= PLAIN.next_working_moment(late)


@law
@given(moments, moments, moments)
def test_counting_is_additive(a: datetime, b: datetime, c: datetime) -> None:
    assert PLAIN.working_time_between(a, b) + PLAIN.working_time_between(
        b, c
    ) == PLAIN.working_time_between(a, c)
    if a <= c:
        assert PLAIN.working_time_between(a, c) >= timedelta(0)


@law
@given(moments, durations)
def test_counting_back_undoes_adding(m: datetime, delta: timedelta) -> None:
    assert PLAIN.working_time_between(PLAIN.add_working_time(m, -delta), m) == delta


@settings(max_examples=150, deadline=None)
@given(moments, st.integers(min_value=-400, max_value=400), st.sampled_from([15, 16, None]))
def test_calendar_days_cutoff_land_in_working_time(
    m: datetime, days: int, hour: int | None
) -> None:
    assert _lands_in_working_time(PLAIN, PLAIN.add_calendar_days(m, days))
    assert _lands_in_working_time(PLAIN, PLAIN.add_months(m, days // 20))
    received = PLAIN.apply_cutoff(m, None if hour is None else dtime(hour))
    assert received >= m and PLAIN.is_working_time(received)


# --- from the database -----------------------------------------------------------------------


@pytest.fixture
def fresh() -> None:
    cal.calendar_changed()
    yield
    cal.calendar_changed()


def _schedule_row(valid_from: date, start: int = 8) -> object:
    from congso.core.models import WorkSchedule

    return WorkSchedule.objects.create(
        valid_from=valid_from,
        morning_start=dtime(start, 0),
        morning_end=dtime(start + 4, 0),
        afternoon_start=dtime(13, 30),
        afternoon_end=dtime(17, 30),
        working_weekdays="012345",
    )


@pytest.mark.django_db
def test_loads_overrides_schedules_and_reception(fresh: None) -> None:
    from congso.core.models import (
        AdministrativeUnit,
        Agency,
        CalendarOverride,
        DayKind,
        ReceptionHours,
    )

    assert cal.is_working_day(date(2025, 10, 10))
    assert cal.working_intervals(date(2025, 10, 6))[0][0] == at(2025, 10, 6, 7, 30)
    CalendarOverride.objects.create(date=date(2025, 10, 10), kind=DayKind.DAY_OFF, reason="x")
    CalendarOverride.objects.create(date=date(2025, 10, 11), kind=DayKind.WORKING_DAY, reason="y")
    _schedule_row(date(2030, 1, 1))
    assert not cal.is_working_day(date(2025, 10, 10))
    assert cal.add_working_days(at(2025, 10, 9, 10), 1) == at(2025, 10, 11, 10)
    assert cal.working_intervals(date(2030, 1, 5))[0][0] == at(2030, 1, 5, 8)  # a Saturday
    assert cal.working_calendar().day(date(2025, 10, 10)).reason == "x"

    unit = AdministrativeUnit.objects.create(
        scheme="2025", level="commune", code="00001", name="Phường A", division_type="phường"
    )
    agency = Agency.objects.create(
        code="000.00.01.H46",
        name="UBND phường A",
        kind="commune_committee",
        level="commune",
        unit=unit,
    )
    other = Agency.objects.create(
        code="000.00.02.H46",
        name="UBND phường B",
        kind="commune_committee",
        level="commune",
        unit=unit,
    )
    for weekday in range(5):
        ReceptionHours.objects.create(weekday=weekday, opens=dtime(7, 30), closes=dtime(17))
        ReceptionHours.objects.create(
            agency=agency, weekday=weekday, opens=dtime(7, 30), closes=dtime(17)
        )
    ReceptionHours.objects.create(
        agency=agency, weekday=5, opens=dtime(7, 30), closes=dtime(11, 30)
    )
    saturday = at(2025, 10, 18, 9)
    assert cal.is_reception_open(agency, saturday)
    assert not cal.is_reception_open(other, saturday)
    assert cal.is_reception_open(other, at(2025, 10, 20, 9))
    assert not cal.is_working_day(saturday)


@pytest.mark.django_db
def test_cache_is_reused_and_invalidated(fresh: None) -> None:
    from congso.core.models import CalendarOverride, DayKind

    first = cal.working_calendar()
    assert cal.working_calendar() is first
    row = CalendarOverride.objects.create(
        date=date(2025, 10, 8), kind=DayKind.HALF_DAY, reason="signal"
    )
    second = cal.working_calendar()
    assert second is not first and second.day(date(2025, 10, 8)).status == DayStatus.HALF_DAY

    # QuerySet.update() sends no signal and keeps updated_at: calendar_changed() is the contract.
    CalendarOverride.objects.filter(pk=row.pk).update(kind=DayKind.DAY_OFF)
    cal.calendar_changed()
    assert cal.working_calendar().day(date(2025, 10, 8)).status == DayStatus.DAY_OFF

    # Raw SQL (no signal) is caught by the fingerprint: row count changed.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CalendarOverride._meta.db_table}")
    assert cal.working_calendar().day(date(2025, 10, 8)).status == DayStatus.WORKING

    row.delete()  # already gone in SQL; the signal still clears
    assert cal.working_calendar().is_working_day(date(2025, 10, 8))


_T = "2025-01-01 00:00:00+00:00"


@pytest.mark.django_db(transaction=True)
def test_outside_transactions_the_check_is_throttled(fresh: None) -> None:
    from congso.core.models import CalendarOverride

    with override_settings(CONGSO_CALENDAR_REFRESH_SECONDS=3600):
        assert cal.is_working_day(date(2025, 10, 7))
        with connection.cursor() as cursor:  # an edit from another process: no signal here
            cursor.execute(
                f"INSERT INTO {CalendarOverride._meta.db_table} "
                "(public_id, created_at, updated_at, date, kind, reason, basis) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                ["0" * 32, _T, _T, "2025-10-07", DAY_OFF, "x", ""],
            )
        assert cal.is_working_day(date(2025, 10, 7))  # within the refresh interval
        cal.calendar_changed()
        assert not cal.is_working_day(date(2025, 10, 7))
    with override_settings(CONGSO_CALENDAR_REFRESH_SECONDS=0):
        CalendarOverride.objects.all().delete()
        assert cal.is_working_day(date(2025, 10, 7))


@pytest.mark.django_db(transaction=True)
def test_transactions_that_change_no_calendar_row_reuse_the_calendar(fresh: None) -> None:
    from django.db import transaction
    from django.test.utils import CaptureQueriesContext

    from congso.core.models import CalendarOverride, DayKind

    with override_settings(CONGSO_CALENDAR_REFRESH_SECONDS=3600):
        with transaction.atomic():
            first = cal.working_calendar()
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            assert cal.working_calendar() is first
        assert len(queries) == 0

        # A change rolled back: the calendar built inside that transaction saw it, and the
        # next use, in another transaction, is checked again and sees the committed rows.
        with pytest.raises(RuntimeError), transaction.atomic():
            CalendarOverride.objects.create(date=date(2025, 10, 7), kind=DayKind.DAY_OFF)
            assert not cal.is_working_day(date(2025, 10, 7))
            raise RuntimeError("rolled back")
        with transaction.atomic():
            assert cal.is_working_day(date(2025, 10, 7))
