# SPDX-License-Identifier: MIT
"""Reporting periods: a month, a quarter, a year or any range of days, checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.exceptions import InvalidInputError

MAX_DAYS = 3 * 366
EARLIEST = dt.date(2000, 1, 1)


@dataclasses.dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> tuple[list[tuple[dt.date, dt.date]], list[dt.date]]:
        """Split into day ranges (partial months at the edges) and whole months between."""
        ranges: list[tuple[dt.date, dt.date]] = []
        months: list[dt.date] = []
        cursor = self.start
        while cursor <= self.end:
            month_end = _month_end(cursor)
            last = min(month_end, self.end)
            if cursor.day == 1 and last == month_end:
                months.append(cursor)
            else:
                ranges.append((cursor, last))
            cursor = last + dt.timedelta(days=1)
        return ranges, months

    def previous(self) -> Period:
        length = self.end - self.start
        end = self.start - dt.timedelta(days=1)
        return Period(end - length, end, "")


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def today() -> dt.date:
    return timezone.localdate()


def period_parse(value: str | None, *, start: str = "", end: str = "") -> Period:
    """`2026-11` (a month), `2026-Q3`, `2026`, or explicit `start`/`end` dates (YYYY-MM-DD).

    Empty: the current month up to today. Impossible or too long periods raise a clear error.
    """
    value = (value or "").strip()
    if start or end:
        try:
            first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        except ValueError as exc:
            raise InvalidInputError(_("Dates must be written YYYY-MM-DD.")) from exc
        return _checked(first, last, f"{first:%d/%m/%Y}–{last:%d/%m/%Y}")
    if not value:
        now = today()
        return _checked(now.replace(day=1), now, f"{now:%m/%Y}")
    if match := re.fullmatch(r"(\d{4})(?:-.*)?", value):
        _check_year(int(match[1]))
    if match := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise InvalidInputError(_("There is no month %(m)s.") % {"m": month})
        first = dt.date(year, month, 1)
        return _checked(first, _month_end(first), f"{month:02d}/{year}")
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", value, flags=re.IGNORECASE):
        year, quarter = int(match[1]), int(match[2])
        first = dt.date(year, 3 * quarter - 2, 1)
        return _checked(first, _month_end(dt.date(year, 3 * quarter, 1)), f"Q{quarter}/{year}")
    if match := re.fullmatch(r"(\d{4})", value):
        year = int(match[1])
        return _checked(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))
    raise InvalidInputError(
        _("Unknown period “%(value)s”: use 2026-11, 2026-Q3 or 2026.") % {"value": value[:20]}
    )


def _check_year(year: int) -> None:
    if not EARLIEST.year <= year <= today().year + 1:
        raise InvalidInputError(_("The period must start between 2000 and today."))


def _checked(first: dt.date, last: dt.date, label: str) -> Period:
    if last < first:
        raise InvalidInputError(_("The period ends before it starts."))
    if first < EARLIEST or first > today() + dt.timedelta(days=1):
        raise InvalidInputError(_("The period must start between 2000 and today."))
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInputError(_("A period can be at most three years long."))
    return Period(first, last, label)
