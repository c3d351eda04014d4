# SPDX-License-Identifier: MIT
"""Counters that stay true, and the data behind the Decision 766 index and the targets.

`DailyCounter` and `MonthlyCounter` hold the same flows, per day (or month) × competent
agency × procedure × channel, written in the transaction of the event that changes them
(counters.py) and rebuildable from the dossiers' history (`manage.py rebuild_indicators`).
Dashboards read them: their cost grows with days × agencies, never with dossiers.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from congso.core.models import BaseModel

# The flows every counter row carries: name → what it counts (on the day of the event).
FLOWS: dict[str, str] = {
    "submitted": "dossiers registered (any channel)",
    "received": "dossiers accepted (Ngày tiếp nhận): the clock starts",
    "received_online": "…of which filed online (KenhThucHien 2)",
    "received_fully_online": "…of which for a fully online procedure",
    "received_reused": "…of which with a component reused or from the data store",
    "received_store": "…of which with a component from the applicant's data store",
    "received_vneid": "…of which filed by a VNeID-authenticated applicant",
    "received_with_fees": "…of which with fees to pay (counted on the day of acceptance)",
    "received_paid_online": "…of which paid online, by gateway or VietQR transfer (same day)",
    "refused": "dossiers refused at reception",
    "ended": "dossiers whose processing ended (processed, stopped, withdrawn)",
    "ended_on_time": "…of which on time (DOMAIN §1.3)",
    "ended_late": "…of which late",
    "ended_digitised": "…of which with files for their components",
    "ended_e_result": "…of which with a signed electronic result",
    "processing_hours": "working hours of processing of the ended dossiers, pauses deducted",
    "returned": "results handed over",
    "supplement_requests": "requests to complete a dossier",
    "repeat_supplement_requests": "…beyond the first for the same dossier",
    "apologies": "apology letters with a new date sent (Mẫu 04)",
    "rated_satisfied": "ratings: satisfied",
    "rated_acceptable": "ratings: acceptable",
    "rated_unsatisfied": "ratings: not satisfied",
}


class Flows(models.Model):
    # The agency's level when counted (province, commune…): the on-time rate "by level".
    level = models.CharField(_("level"), max_length=10)
    channel = models.CharField(_("channel"), max_length=8)

    submitted = models.IntegerField(default=0, db_default=0)
    received = models.IntegerField(default=0, db_default=0)
    received_online = models.IntegerField(default=0, db_default=0)
    received_fully_online = models.IntegerField(default=0, db_default=0)
    received_reused = models.IntegerField(default=0, db_default=0)
    received_store = models.IntegerField(default=0, db_default=0)
    received_vneid = models.IntegerField(default=0, db_default=0)
    received_with_fees = models.IntegerField(default=0, db_default=0)
    received_paid_online = models.IntegerField(default=0, db_default=0)
    refused = models.IntegerField(default=0, db_default=0)
    ended = models.IntegerField(default=0, db_default=0)
    ended_on_time = models.IntegerField(default=0, db_default=0)
    ended_late = models.IntegerField(default=0, db_default=0)
    ended_digitised = models.IntegerField(default=0, db_default=0)
    ended_e_result = models.IntegerField(default=0, db_default=0)
    processing_hours = models.DecimalField(
        max_digits=14, decimal_places=2, default=Decimal(0), db_default=Decimal(0)
    )
    returned = models.IntegerField(default=0, db_default=0)
    supplement_requests = models.IntegerField(default=0, db_default=0)
    repeat_supplement_requests = models.IntegerField(default=0, db_default=0)
    apologies = models.IntegerField(default=0, db_default=0)
    rated_satisfied = models.IntegerField(default=0, db_default=0)
    rated_acceptable = models.IntegerField(default=0, db_default=0)
    rated_unsatisfied = models.IntegerField(default=0, db_default=0)

    class Meta:
        abstract = True


class FlowsBase(Flows):
    # Each counter table indexes (agency, day or month): no index of the column alone.
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True


class CounterBase(FlowsBase):
    # Indexed first in (procedure, day or month) by each table: no index of its own.
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True


class DailyCounter(CounterBase):
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily counter")
        verbose_name_plural = _("daily counters")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency", "procedure", "channel"], name="daily_counter_key"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "day"], name="daily_counter_agency_day"),
            models.Index(fields=["procedure", "day"], name="daily_counter_procedure_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id} {self.procedure_id} {self.channel}"


class MonthlyCounter(CounterBase):
    month = models.DateField(_("month"))  # the first day of the month

    class Meta:
        verbose_name = _("monthly counter")
        verbose_name_plural = _("monthly counters")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "agency", "procedure", "channel"], name="monthly_counter_key"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "month"], name="monthly_counter_agency_month"),
            models.Index(fields=["procedure", "month"], name="monthly_counter_proc_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency_id} {self.procedure_id} {self.channel}"


class AgencyDailyCounter(FlowsBase):
    """The same flows without the procedure: what province- and agency-wide figures read
    (a few thousand rows a year instead of hundreds of thousands)."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily counter per agency")
        verbose_name_plural = _("daily counters per agency")
        constraints = [
            models.UniqueConstraint(fields=["day", "agency", "channel"], name="agency_daily_key")
        ]
        indexes = [models.Index(fields=["agency", "day"], name="agency_daily_agency_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id} {self.channel}"


class AgencyMonthlyCounter(FlowsBase):
    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("monthly counter per agency")
        verbose_name_plural = _("monthly counters per agency")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "agency", "channel"], name="agency_monthly_key"
            )
        ]
        indexes = [models.Index(fields=["agency", "month"], name="agency_monthly_agency_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency_id} {self.channel}"


class ProcedureFlows(Flows):
    # Indexed first in (procedure, day or month) by each table: no index of its own.
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True


class ProcedureDailyCounter(ProcedureFlows):
    """The same flows without the agency, per procedure and level: what province-wide
    figures per procedure read (indicator 3.2, the procedure table), a few thousand rows a
    day instead of one per agency and procedure."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily counter per procedure")
        verbose_name_plural = _("daily counters per procedure")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "procedure", "level", "channel"], name="procedure_daily_key"
            )
        ]
        indexes = [
            models.Index(fields=["procedure", "day"], name="procedure_daily_proc_day"),
            # Indicator 3.2 (procedures with online dossiers) reads this index alone.
            models.Index(
                fields=["day", "procedure"],
                condition=models.Q(received_online__gt=0),
                name="procedure_daily_online",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.procedure_id} {self.level} {self.channel}"


class ProcedureMonthlyCounter(ProcedureFlows):
    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("monthly counter per procedure")
        verbose_name_plural = _("monthly counters per procedure")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "procedure", "level", "channel"], name="procedure_monthly_key"
            )
        ]
        indexes = [
            models.Index(fields=["procedure", "month"], name="procedure_monthly_proc_month"),
            models.Index(
                fields=["month", "procedure"],
                condition=models.Q(received_online__gt=0),
                name="procedure_monthly_online",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.procedure_id} {self.level} {self.channel}"


class AgencyDailyStock(models.Model):
    """Dossiers still being processed at the end of a day, and of them those already late by
    the rule of indicator 2.1 (DOMAIN §1.3, §5.2): a stock, not a flow, so never summed over
    days. Written when the day is closed (`close_indicator_days`) and by the rebuild; the
    current day is read live. stock.py says how a dossier is judged at a moment."""

    day = models.DateField(_("day"))
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=10)
    channel = models.CharField(_("channel"), max_length=8)
    open = models.IntegerField(_("being processed"), default=0)
    open_late = models.IntegerField(_("of which late"), default=0)

    class Meta:
        verbose_name = _("dossiers being processed at the end of a day")
        verbose_name_plural = _("dossiers being processed at the end of each day")
        constraints = [
            models.UniqueConstraint(fields=["day", "agency", "channel"], name="agency_stock_key")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.agency_id} {self.channel}: {self.open_late}/{self.open}"


# --- the Decision 766 index, as editable data ------------------------------------------------


class IndexIndicator(models.Model):
    """One indicator of the index: its group, points and cap (DOMAIN §5.1–5.2).

    The official per-indicator points are not public: the seeded points are assumptions an
    administrator replaces when the province has the annex.
    """

    code = models.CharField(_("code"), max_length=8, unique=True)
    group = models.PositiveSmallIntegerField(
        _("group"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    name = models.CharField(_("name"), max_length=255)
    points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=2)
    cap_percent = models.DecimalField(
        _("full points from (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        help_text=_("At or above this rate the indicator earns all its points (80, 50, 90…)."),
    )
    enabled = models.BooleanField(_("counted"), default=True)

    class Meta:
        verbose_name = _("index indicator")
        verbose_name_plural = _("index indicators")
        ordering = ["group", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndexGrade(models.Model):
    """A grade of the total score (Xuất sắc ≥ 90, Tốt ≥ 80…), editable."""

    label = models.CharField(_("grade"), max_length=40)
    min_points = models.DecimalField(_("from (points)"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("index grade")
        verbose_name_plural = _("index grades")
        ordering = ["-min_points"]

    def __str__(self) -> str:
        return f"{self.label} ≥ {self.min_points}"


# --- digital-transformation targets ----------------------------------------------------------


class TargetSource(models.TextChoices):
    MANUAL = "manual", _("Entered by an officer")
    INDICATOR = "indicator", _("Taken from an indicator")


class TargetDirection(models.TextChoices):
    AT_LEAST = "at_least", _("At least")
    AT_MOST = "at_most", _("At most")


class Target(BaseModel):
    """A target of the province's digital-transformation plan (e.g. "online dossiers ≥ 60%")."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("target"), max_length=500)
    unit = models.CharField(_("unit"), max_length=40, default="%")
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=TargetDirection.choices,
        default=TargetDirection.AT_LEAST,
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    due_date = models.DateField(_("to reach by"))
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("measured value"), max_length=10, choices=TargetSource.choices)
    indicator = models.CharField(_("indicator"), max_length=40, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("digital-transformation target")
        verbose_name_plural = _("digital-transformation targets")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TargetMeasurement(models.Model):
    """A measured value of a target, kept as its history."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("target measurement")
        verbose_name_plural = _("target measurements")
        ordering = ["target_id", "-measured_on", "-id"]

    def __str__(self) -> str:
        return f"{self.target_id} {self.measured_on}: {self.value}"
