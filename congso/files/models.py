# SPDX-License-Identifier: MIT
"""Stored files: an inspected upload, kept under a name derived from its content."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congso.core.models import BaseModel

from .kinds import KINDS, storage_name


def stored_file_upload_to(instance: StoredFile, filename: str) -> str:
    """files/ab/cd/<sha256>.<ext>: the same bytes always get the same name."""
    return storage_name(instance.sha256, instance.kind)


class StoredFile(BaseModel):
    """One upload by one person. Rows with the same content share one storage object.

    Only `stored_file_create()` makes these: it inspects the bytes first, so `kind`,
    `content_type`, `size` and `sha256` are facts about the content, not claims.
    """

    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=[(kind.code, kind.label) for kind in KINDS.values()],
        editable=False,
    )
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    original_name = models.CharField(_("original name"), max_length=200, editable=False)
    file = models.FileField(
        _("file"), upload_to=stored_file_upload_to, max_length=255, editable=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="stored_file_size_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=list(KINDS)), name="stored_file_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name
