# SPDX-License-Identifier: MIT
"""Stored files in the admin: to look at and download, never to add, edit or delete.

Files enter only through `stored_file_create()`, which inspects them; a record of what a
citizen sent is not edited afterwards.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import StoredFile
from .responses import stored_file_response


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = (
        "original_name",
        "kind",
        "size_display",
        "short_sha256",
        "uploaded_by",
        "created_at",
    )
    list_filter = ("kind",)
    search_fields = ("original_name", "=sha256")
    list_select_related = ("uploaded_by",)
    date_hierarchy = "created_at"
    fields = (
        "original_name",
        "kind",
        "content_type",
        "size_display",
        "sha256",
        "download",
        "uploaded_by",
        "public_id",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("size"), ordering="size")
    def size_display(self, obj: StoredFile) -> str:
        return filesizeformat(obj.size)

    @admin.display(description=_("SHA-256"))
    def short_sha256(self, obj: StoredFile) -> str:
        return f"{obj.sha256[:12]}…"

    @admin.display(description=_("download"))
    def download(self, obj: StoredFile) -> str:
        url = reverse("admin:files_storedfile_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))

    def get_urls(self) -> list[URLPattern]:
        download = path(
            "<int:pk>/download/",
            self.admin_site.admin_view(self.download_view),
            name="files_storedfile_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request: HttpRequest, pk: int) -> FileResponse:
        """Always as an attachment: the admin's own origin must never render a file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return stored_file_response(get_object_or_404(StoredFile, pk=pk))
