# SPDX-License-Identifier: MIT
"""Digital-transformation targets: their measured value, their status, and the summary
the province reports ("9/14 targets met")."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core.audit import audit_record
from congso.core.exceptions import InvalidInputError

from .field_reports import field_report_figures
from .models import Target, TargetDirection, TargetMeasurement, TargetSource
from .periods import Period, today
from .selectors import average_processing_days, flows_total, rates

# What a target can take its value from: the year to date, province-wide.
INDICATOR_SOURCES = {
    "online": gettext_lazy("Online dossier rate (%)"),
    "fully_online": gettext_lazy("Fully online dossier rate (%)"),
    "on_time": gettext_lazy("On-time rate (%)"),
    "digitised": gettext_lazy("Digitised dossiers (%)"),
    "e_result": gettext_lazy("Dossiers with an electronic result (%)"),
    "reused": gettext_lazy("Dossiers reusing digitised data (%)"),
    "vneid": gettext_lazy("Dossiers filed with VNeID (%)"),
    "satisfied": gettext_lazy("Satisfied applicants (%)"),
    "average_days": gettext_lazy("Average processing time (working days)"),
    "field_reports_on_time": gettext_lazy("Field reports answered on time (%)"),
    "field_reports_answer_hours": gettext_lazy("Average time to answer a field report (hours)"),
}


class TargetStatus:
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"


STATUS_LABELS = {
    TargetStatus.ACHIEVED: gettext_lazy("Achieved"),
    TargetStatus.ON_TRACK: gettext_lazy("On track"),
    TargetStatus.BEHIND: gettext_lazy("Behind"),
    TargetStatus.NO_DATA: gettext_lazy("No measurement yet"),
}


@dataclasses.dataclass
class TargetView:
    target: Target
    value: Decimal | None
    measured_on: dt.date | None
    status: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def indicator_value(key: str, on: dt.date) -> Decimal | None:
    period = Period(on.replace(month=1, day=1), on, str(on.year))
    if key == "field_reports_on_time":
        return field_report_figures(period).on_time_rate
    if key == "field_reports_answer_hours":
        return field_report_figures(period).answer_hours
    flows = flows_total(period)
    if key == "average_days":
        return average_processing_days(flows)
    return rates(flows).get(key)


def _meets(target: Target, value: Decimal, goal: Decimal) -> bool:
    if target.direction == TargetDirection.AT_MOST:
        return value <= goal
    return value >= goal


def _expected_by(target: Target, on: dt.date) -> Decimal:
    """Where a straight line from the baseline to the target stands on `on`."""
    span = (target.due_date - target.baseline_date).days
    if span <= 0 or on >= target.due_date:
        return target.target_value
    done = max(0, (on - target.baseline_date).days) / span
    return target.baseline + (target.target_value - target.baseline) * Decimal(str(done))


def target_view(target: Target, on: dt.date | None = None) -> TargetView:
    on = on or today()
    if target.source == TargetSource.INDICATOR and target.indicator in INDICATOR_SOURCES:
        value, measured_on = indicator_value(target.indicator, on), on
    else:
        latest = target.measurements.order_by("-measured_on", "-id").first()
        value, measured_on = (latest.value, latest.measured_on) if latest else (None, None)
    if value is None:
        status = TargetStatus.NO_DATA
    elif _meets(target, value, target.target_value):
        status = TargetStatus.ACHIEVED
    elif _meets(target, value, _expected_by(target, measured_on or on)):
        status = TargetStatus.ON_TRACK
    else:
        status = TargetStatus.BEHIND
    return TargetView(target=target, value=value, measured_on=measured_on, status=status)


def targets_overview(on: dt.date | None = None) -> tuple[list[TargetView], int, int]:
    views = [target_view(t, on) for t in Target.objects.select_related("agency")]
    achieved = sum(1 for v in views if v.status == TargetStatus.ACHIEVED)
    return views, achieved, len(views)


@transaction.atomic
def target_measurement_record(
    *, target: Target, actor: AbstractBaseUser, value: Decimal, measured_on: dt.date, note: str
) -> TargetMeasurement:
    if target.source != TargetSource.MANUAL:
        raise InvalidInputError(_("This target takes its value from an indicator."))
    if measured_on > today():
        raise InvalidInputError(_("A measurement cannot be dated in the future."))
    if value < 0:
        raise InvalidInputError(_("The value cannot be negative."))
    measurement = TargetMeasurement.objects.create(
        target=target, value=value, measured_on=measured_on, note=note[:255], recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="target.measure",
        target=target,
        changes={"value": str(value), "measured_on": measured_on.isoformat()},
    )
    return measurement
