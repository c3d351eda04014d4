# SPDX-License-Identifier: MIT
"""Signed documents in the admin: to look up, never to edit (services write them)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import SignedDocument


@admin.register(SignedDocument)
class SignedDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "agency", "reference", "signed_at", "revoked_at")
    list_filter = ("kind", "revoked_at")
    search_fields = ("=token", "=sha256", "reference", "title")
    list_select_related = ("agency",)
    date_hierarchy = "signed_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
