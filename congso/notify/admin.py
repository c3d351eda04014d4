# SPDX-License-Identifier: MIT
"""Administration: the message log (read-only), wording overrides, preferences (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congso.core.audit import audit_record

from .models import Message, MessageStatus, MessageTemplateOverride, NotificationPreference
from .rendering import file_parts


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "event",
        "channel",
        "recipient_name",
        "address",
        "subject_label",
        "status",
        "attempts",
        "provider_message_id",
    )
    list_filter = ("status", "channel", "event", "language")
    search_fields = ("address", "recipient_name", "subject_label", "provider_message_id", "key")
    date_hierarchy = "created_at"
    list_select_related = ()
    actions = ("retry_now",)
    readonly_fields = [field.name for field in Message._meta.fields]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        """Opening one message shows a person's address and text: it is audited."""
        response = super().change_view(request, object_id, form_url, extra_context)
        message = Message.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if message is not None and response.status_code == 200:
            with transaction.atomic():
                audit_record(
                    actor=request.user,
                    action="notify.message_view",
                    target=message,
                    request=request,
                )
        return response

    @admin.action(description=_("Retry the selected queued messages now"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        from .services import messages_due_dispatch

        now = timezone.now()
        with transaction.atomic():
            count = queryset.filter(status=MessageStatus.QUEUED).update(
                next_attempt_at=now, updated_at=now
            )
            audit_record(
                actor=request.user,
                action="notify.message_retry",
                changes={"count": count},
                request=request,
            )
        messages_due_dispatch(now=now)
        self.message_user(
            request,
            ngettext("%(n)d message retried.", "%(n)d messages retried.", count) % {"n": count},
            messages.SUCCESS,
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The actions need it; the form itself stays read-only (every field is).
        return request.user.has_perm("notify.change_message") and obj is None


@admin.register(MessageTemplateOverride)
class MessageTemplateOverrideAdmin(admin.ModelAdmin):
    list_display = ("event", "language", "is_active", "updated_at")
    list_filter = ("language", "is_active")
    readonly_fields = ("file_wording",)
    fields = (
        "event",
        "language",
        "is_active",
        "email_subject",
        "email_body",
        "sms",
        "zns",
        "file_wording",
    )

    @admin.display(description=_("Wording of the file (used for empty parts)"))
    def file_wording(self, obj: MessageTemplateOverride) -> str:
        if not obj or not obj.event or not obj.language:
            return "—"
        parts = file_parts(obj.event, obj.language)
        return "\n\n".join(f"[{name}]\n{text}" for name, text in parts.items())

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="notify.template_override_save",
                target=obj,
                changes={name: form.cleaned_data.get(name) for name in form.changed_data},
                request=request,
            )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "use_zalo", "use_sms", "use_email", "language")
    list_filter = ("language", "use_zalo", "use_sms", "use_email")
    search_fields = ("user__username", "user__full_name")
