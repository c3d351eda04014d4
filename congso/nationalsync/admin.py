# SPDX-License-Identifier: MIT
from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import InboundRecord, OutboxEvent, OutboxState, ProcedureMapping, StatusMapping
from .sender import outbox_replay


@admin.register(StatusMapping)
class StatusMappingAdmin(admin.ModelAdmin):
    list_display = ["state", "national_code"]
    list_editable = ["national_code"]


@admin.register(ProcedureMapping)
class ProcedureMappingAdmin(admin.ModelAdmin):
    list_display = ["procedure", "national_code", "national_name"]
    search_fields = ["procedure__code", "procedure__name", "national_code"]
    autocomplete_fields = ["procedure"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ["id", "dossier", "event", "state", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["dossier__code"]
    readonly_fields = [f.name for f in OutboxEvent._meta.fields]
    list_select_related = ["dossier", "event"]
    actions = ["replay"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Send the selected failed events again"))
    def replay(self, request: HttpRequest, queryset: QuerySet[OutboxEvent]) -> None:
        ids = list(queryset.filter(state=OutboxState.DEAD).values_list("pk", flat=True))
        count = outbox_replay(ids=ids)
        self.message_user(
            request,
            ngettext("%(n)d event is back in line.", "%(n)d events are back in line.", count)
            % {"n": count},
            messages.SUCCESS,
        )


@admin.register(InboundRecord)
class InboundRecordAdmin(admin.ModelAdmin):
    list_display = ["national_code", "received_at", "channel", "status", "dossier"]
    list_filter = ["status", "channel"]
    search_fields = ["national_code"]
    readonly_fields = [f.name for f in InboundRecord._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
