# SPDX-License-Identifier: MIT
"""Administration: collection accounts are edited here; payments and logs are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import AgencyBankAccount, CallbackLog, Payment, PaymentRequest, StatementImport


@admin.register(AgencyBankAccount)
class AgencyBankAccountAdmin(admin.ModelAdmin):
    list_display = ("agency", "bank_bin", "account_number", "account_name", "is_demo")
    search_fields = ("agency__name", "agency__code", "account_number")
    autocomplete_fields = ("agency",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PaymentRequest)
class PaymentRequestAdmin(ReadOnlyAdmin):
    list_display = ("reference", "dossier", "agency", "due", "amount", "status", "requested_at")
    list_filter = ("status", "due")
    search_fields = ("reference", "dossier__code")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "order_id",
        "request",
        "method",
        "status",
        "amount",
        "received_amount",
        "receipt_number",
        "started_at",
    )
    list_filter = ("method", "status")
    search_fields = ("order_id", "provider_ref", "receipt_number", "request__reference")


@admin.register(CallbackLog)
class CallbackLogAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "kind", "order_id", "outcome", "http_status", "remote_addr")
    list_filter = ("kind", "outcome")
    search_fields = ("order_id", "nonce")


@admin.register(StatementImport)
class StatementImportAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "agency",
        "filename",
        "lines_read",
        "matched",
        "ambiguous",
        "unmatched",
    )
