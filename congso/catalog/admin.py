# SPDX-License-Identifier: MIT
"""Catalog administration. Saving a procedure here records a new version of it."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    Field,
    Procedure,
    ProcedureAgency,
    ProcedureChannel,
    ProcedureFee,
    ProcedureVersion,
    RequiredDocument,
)


class ChannelInline(admin.TabularInline):
    model = ProcedureChannel
    extra = 0


class FeeInline(admin.StackedInline):
    model = ProcedureFee
    extra = 0
    fields = (("name", "kind"), ("amount", "basis", "channel", "due"), "exemption", "reductions")


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    extra = 0
    fields = (
        ("position", "code", "case"),
        "name",
        "name_en",
        ("originals", "copies", "is_optional"),
        ("template_name", "template_url"),
    )


class AgencyInline(admin.TabularInline):
    model = ProcedureAgency
    extra = 0
    autocomplete_fields = ("agency",)


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    extra = 0
    fields = ("number", "decision_number", "created_at", "note")
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "field",
        "online_level",
        "publication_status",
        "version",
        "is_demo",
    )
    list_filter = ("online_level", "publication_status", "field", "is_demo")
    search_fields = ("code", "name", "name_en")
    list_select_related = ("field",)
    readonly_fields = ("version",)
    inlines = (ChannelInline, FeeInline, DocumentInline, AgencyInline, VersionInline)
    fieldsets = (
        (
            None,
            {"fields": ("code", "name", "name_en", "field", "levels", "procedure_type", "version")},
        ),
        (
            _("Publication"),
            {"fields": ("decision_number", "decision_date", "publication_status", "is_demo")},
        ),
        (
            _("Online service"),
            {
                "fields": (
                    "online_level",
                    "full_online_eligible",
                    "paper_result_required",
                    "boundary_free",
                    "cutoff_time",
                )
            },
        ),
        (
            _("Content"),
            {
                "fields": (
                    "description",
                    "description_en",
                    "cases",
                    "steps",
                    "subjects",
                    "results",
                    "legal_bases",
                    "conditions",
                    "reception_address",
                    "agency_names",
                )
            },
        ),
    )

    @transaction.atomic
    def save_related(
        self, request: HttpRequest, form: object, formsets: object, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        services.procedure_record_change(
            procedure=form.instance,  # type: ignore[attr-defined]
            note=f"admin: {request.user.get_username()}",
        )


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en")
    search_fields = ("code", "name", "name_en")


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ("procedure", "number", "decision_number", "created_at", "note")
    search_fields = ("procedure__code", "procedure__name")
    readonly_fields = ("procedure", "number", "data", "decision_number", "created_at", "note")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
