# SPDX-License-Identifier: MIT
"""Reads of the catalog. Public reads only ever see published procedures."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from congso.core.exceptions import NotFoundError

from .models import Field, OnlineLevel, Procedure, PublicationStatus


def procedure_public_queryset() -> QuerySet[Procedure]:
    return Procedure.objects.filter(publication_status=PublicationStatus.PUBLISHED)


def procedure_get_public(*, code: str) -> Procedure:
    procedure = (
        procedure_public_queryset()
        .select_related("field")
        .prefetch_related("channels", "fees", "documents", "agency_links__agency")
        .filter(code=code)
        .first()
    )
    if procedure is None:
        raise NotFoundError(
            _("No published procedure has the code “%(code)s”.") % {"code": code[:20]}
        )
    return procedure


def field_list_public() -> QuerySet[Field]:
    return (
        Field.objects.annotate(
            procedure_count=Count(
                "procedures", filter=Q(procedures__publication_status=PublicationStatus.PUBLISHED)
            )
        )
        .filter(procedure_count__gt=0)
        .order_by("name")
    )


def catalog_key_figures() -> dict[str, float | int]:
    """Figures for the home page: published procedures and the online shares."""
    counts = procedure_public_queryset().aggregate(
        total=Count("id"),
        full=Count("id", filter=Q(online_level=OnlineLevel.FULL)),
        partial=Count("id", filter=Q(online_level=OnlineLevel.PARTIAL)),
    )
    total = counts["total"] or 0
    return {
        "total": total,
        "full": counts["full"],
        "partial": counts["partial"],
        "full_share": round(100 * counts["full"] / total, 1) if total else 0.0,
        "online_share": round(100 * (counts["full"] + counts["partial"]) / total, 1)
        if total
        else 0.0,
    }
