# SPDX-License-Identifier: MIT
"""Field-report indicators: answers on time, average answer time, what is open and overdue.

Read from the reports table itself rather than from counters: a province receives
hundreds of thousands of reports a year, not millions of dossiers, and each figure is one
aggregate over an indexed time range. Province-wide figures are kept a few minutes in the
cache (CONGSO_INDICATORS_CACHE_SECONDS), like indicator 3.2.

- received: reports created in the period (rejected ones included, and counted apart);
- answered: reports whose (latest) answer was given in the period; on time when it came
  before the answer deadline (`answered_late` is fixed at the moment of the answer);
- average answer time: calendar hours from the report to its answer, over those answers;
- open / overdue: reports waiting for an answer now, and those of them past the deadline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from congso.feedback.models import FieldReport
from congso.feedback.states import UNANSWERED, Status

from .periods import Period
from .selectors import cached, percent

KINDS = {
    "received": gettext_lazy("received"),
    "answered": gettext_lazy("answered"),
    "answered_on_time": gettext_lazy("answered on time"),
    "answered_late": gettext_lazy("answered late"),
    "open": gettext_lazy("waiting for an answer"),
    "overdue": gettext_lazy("past the answer deadline"),
}
GOOD_RATING = 4  # 4 or 5 stars out of 5 count as satisfied


@dataclasses.dataclass(frozen=True)
class FieldReportFigures:
    received: int = 0
    rejected: int = 0
    answered: int = 0
    answered_late: int = 0
    rated: int = 0
    rated_good: int = 0
    open: int = 0
    overdue: int = 0
    answer_hours: Decimal | None = None

    @property
    def answered_on_time(self) -> int:
        return self.answered - self.answered_late

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.answered_on_time, self.answered)

    @property
    def satisfied_rate(self) -> Decimal | None:
        return percent(self.rated_good, self.rated)


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) instants in the province's time zone."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def _scoped(agency_ids: tuple[int, ...] | None) -> QuerySet[FieldReport]:
    qs = FieldReport.objects.all()
    return qs if agency_ids is None else qs.filter(agency_id__in=agency_ids)


_ANSWER_TIME = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())


def _hours(value: dt.timedelta | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.total_seconds()) / 3600).quantize(Decimal("0.1"))


def _aggregates(period: Period, agency_ids: tuple[int, ...] | None, by: str | None) -> dict:
    """{group: {figure: value}}, three indexed queries; group None when `by` is None."""
    start, end = bounds(period)
    now = timezone.now()
    qs = _scoped(agency_ids)
    parts = [
        (
            qs.filter(created_at__gte=start, created_at__lt=end),
            {"received": Count("id"), "rejected": Count("id", filter=Q(status=Status.REJECTED))},
        ),
        (
            qs.filter(answered_at__gte=start, answered_at__lt=end),
            {
                "answered": Count("id"),
                "answered_late": Count("id", filter=Q(answered_late=True)),
                "rated": Count("rating"),
                "rated_good": Count("id", filter=Q(rating__gte=GOOD_RATING)),
                "answer_time": Avg(_ANSWER_TIME),
            },
        ),
        (
            qs.filter(status__in=UNANSWERED),
            {"open": Count("id"), "overdue": Count("id", filter=Q(due_at__lt=now))},
        ),
    ]
    grouped: dict[Any, dict[str, Any]] = {}
    for queryset, figures in parts:
        rows = (
            [queryset.aggregate(**figures)]
            if by is None
            else queryset.order_by().values(by).annotate(**figures)
        )
        for row in rows:
            key = row.pop(by) if by else None
            grouped.setdefault(key, {}).update(row)
    return grouped


def _figures(values: dict[str, Any]) -> FieldReportFigures:
    answer_time = values.pop("answer_time", None)
    if isinstance(answer_time, (int, float)):  # some back-ends give microseconds
        answer_time = dt.timedelta(microseconds=answer_time)
    counts = {name: value or 0 for name, value in values.items()}
    return FieldReportFigures(**counts, answer_hours=_hours(answer_time))


def field_report_figures(
    period: Period, agency_ids: tuple[int, ...] | None = None
) -> FieldReportFigures:
    """The figures for the period, province-wide (cached a few minutes) or for some agencies."""
    if agency_ids is not None:
        return _figures(_aggregates(period, agency_ids, None).get(None, {}))
    return cached(
        f"field-reports:{period.start}:{period.end}",
        lambda: _figures(_aggregates(period, None, None).get(None, {})),
    )


def field_report_figures_by_agency(
    period: Period, agency_ids: tuple[int, ...] | None = None
) -> dict[int | None, FieldReportFigures]:
    """The same figures per responsible agency (None: reports not routed to any)."""
    return {
        agency_id: _figures(values)
        for agency_id, values in _aggregates(period, agency_ids, "agency_id").items()
    }


def field_reports_behind(
    kind: str, period: Period, reports: QuerySet[FieldReport]
) -> QuerySet[FieldReport]:
    """The reports a figure counts, out of `reports` (already narrowed to the viewer)."""
    start, end = bounds(period)
    answered = Q(answered_at__gte=start, answered_at__lt=end)
    filters = {
        "received": Q(created_at__gte=start, created_at__lt=end),
        "answered": answered,
        "answered_on_time": answered & Q(answered_late=False),
        "answered_late": answered & Q(answered_late=True),
        "open": Q(status__in=UNANSWERED),
        "overdue": Q(status__in=UNANSWERED, due_at__lt=timezone.now()),
    }
    order = ("due_at", "id") if kind in ("open", "overdue") else ("-created_at", "-id")
    return reports.filter(filters[kind]).order_by(*order)
