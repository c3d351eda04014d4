# SPDX-License-Identifier: MIT
"""Administration of units, agencies and the working calendar (in Vietnamese by default)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    AdministrativeUnit,
    Agency,
    CalendarOverride,
    ReceptionHours,
    UnitSuccession,
    WorkSchedule,
)


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ("successor",)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "level",
        "division_type",
        "parent",
        "scheme",
        "valid_from",
        "valid_to",
    )
    list_filter = ("scheme", "level", "division_type")
    search_fields = ("code", "name", "codename")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    inlines = (SuccessionInline,)


class ReceptionHoursInline(admin.TabularInline):
    model = ReceptionHours
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "level", "unit", "valid_from", "valid_to", "is_demo")
    list_filter = ("kind", "level", "is_demo")
    search_fields = ("code", "name", "name_en", "short_name")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit", "parent")
    inlines = (ReceptionHoursInline,)


class CalendarChangeAdmin(admin.ModelAdmin):
    """Changes to the calendar take effect for new deadlines as soon as they are saved."""

    def save_model(self, request: HttpRequest, obj: object, form: object, change: bool) -> None:
        super().save_model(request, obj, form, change)
        _calendar_changed()

    def delete_model(self, request: HttpRequest, obj: object) -> None:
        super().delete_model(request, obj)
        _calendar_changed()


def _calendar_changed() -> None:
    from . import calendar

    calendar.calendar_changed()


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(CalendarChangeAdmin):
    list_display = ("date", "kind", "reason", "basis")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("reason", "basis")


@admin.register(WorkSchedule)
class WorkScheduleAdmin(CalendarChangeAdmin):
    list_display = (
        "valid_from",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
        "working_weekdays",
    )


@admin.register(ReceptionHours)
class ReceptionHoursAdmin(CalendarChangeAdmin):
    list_display = ("agency", "weekday", "opens", "closes")
    list_filter = ("weekday",)
    autocomplete_fields = ("agency",)


admin.site.site_header = _("congso administration")
admin.site.site_title = _("congso administration")
admin.site.index_title = _("Province data")
