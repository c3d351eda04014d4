# SPDX-License-Identifier: MIT
"""Reads on field reports: the public ones for anyone, the rest scoped to who asks."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from congso.accounts.models import OfficerRole, OfficerRoleKind
from congso.accounts.selectors import active_on_q

from .access import handling_agency_ids, is_coordinator
from .exceptions import CategoryNotFoundError, FieldReportNotFoundError
from .geo import Bbox, bbox_around, distance_m
from .models import Category, FieldReport, FieldReportEvent, FieldReportPhoto
from .states import UNANSWERED, Status

PUBLIC_FIELDS = (
    "id",
    "public_id",
    "category_id",
    "description_public",
    "lat",
    "lon",
    "address",
    "unit_id",
    "agency_id",
    "status",
    "status_notes",
    "reject_reason",
    "duplicate_of_id",
    "created_at",
    "updated_at",
    "due_at",
    "answered_at",
    "answer",
    "supporter_count",
    "rating",
)


def categories_active() -> QuerySet[Category]:
    return (
        Category.objects.filter(is_active=True)
        .select_related("group")
        .order_by("group__order", "group__code", "order", "code")
    )


def category_get(code: str) -> Category:
    category = categories_active().filter(code=code).first()
    if category is None:
        raise CategoryNotFoundError(_("Unknown service_code “%(code)s”.") % {"code": code[:40]})
    return category


# --- public ----------------------------------------------------------------------------------


def _public() -> QuerySet[FieldReport]:
    return FieldReport.objects.filter(is_public=True)


@dataclass(frozen=True)
class PublicFilter:
    bbox: Bbox | None = None
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    unit_id: int | None = None
    ids: tuple[int, ...] = ()
    start: datetime | None = None
    end: datetime | None = None


def _filtered(flt: PublicFilter) -> QuerySet[FieldReport]:
    qs = _public()
    if flt.bbox is not None:
        box = flt.bbox
        cells = box.cells()
        if cells is not None:
            qs = qs.filter(grid_cell__in=cells)
        qs = qs.filter(
            lat__gte=box.min_lat, lat__lte=box.max_lat, lon__gte=box.min_lon, lon__lte=box.max_lon
        )
    if flt.categories:
        qs = qs.filter(category__code__in=flt.categories)
    if flt.statuses:
        qs = qs.filter(status__in=flt.statuses)
    if flt.unit_id:
        qs = qs.filter(unit_id=flt.unit_id)
    if flt.ids:
        qs = qs.filter(pk__in=flt.ids)
    if flt.start:
        qs = qs.filter(created_at__gte=flt.start)
    if flt.end:
        qs = qs.filter(created_at__lte=flt.end)
    return qs


PER_CELL_MAX_CELLS = 100
LIST_ONLY = (
    *PUBLIC_FIELDS,
    "category__code",
    "category__name",
    "category__name_en",
    "category__group__code",
    "category__group__name",
    "unit__name",
    "agency__name",
)


def _newest_ids_by_cell(flt: PublicFilter, need: int) -> list[int] | None:
    """The `need` newest ids in a small box, taken cell by cell; None for other filters.

    Each cell's newest rows come straight off the (grid_cell, created_at) index, so a dense
    city centre costs `need` rows per cell instead of sorting every report in the box.
    Boxes larger than PER_CELL_MAX_CELLS cells hold matches densely enough for a
    newest-first scan of the whole table.
    """
    if flt.bbox is None or flt.ids:
        return None
    cells = flt.bbox.cells()
    if cells is None or len(cells) > PER_CELL_MAX_CELLS:
        return None
    base = _filtered(replace(flt, bbox=None)).filter(
        lat__gte=flt.bbox.min_lat,
        lat__lte=flt.bbox.max_lat,
        lon__gte=flt.bbox.min_lon,
        lon__lte=flt.bbox.max_lon,
    )
    found: list[tuple[Any, int]] = []
    for cell in cells:
        found += (
            base.filter(grid_cell=cell)
            .order_by("-created_at", "-id")
            .values_list("created_at", "id")[:need]
        )
    found.sort(reverse=True)
    return [pk for _at, pk in found[:need]]


def field_report_public_page(
    *, flt: PublicFilter, limit: int, offset: int = 0
) -> tuple[list[FieldReport], bool]:
    """One page of public reports, newest first, and whether another page follows.

    No total count: counting a large box over millions of rows costs more than the page.
    """
    qs = FieldReport.objects.select_related("category", "category__group", "unit", "agency")
    ids = _newest_ids_by_cell(flt, offset + limit + 1)
    if ids is not None:
        wanted = ids[offset : offset + limit + 1]
        by_id = {r.pk: r for r in qs.filter(pk__in=wanted).only(*LIST_ONLY)}
        rows = [by_id[pk] for pk in wanted if pk in by_id]
    else:
        rows = list(
            _filtered(flt)
            .select_related("category", "category__group", "unit", "agency")
            .only(*LIST_ONLY)
            .order_by("-created_at", "-id")[offset : offset + limit + 1]
        )
    return rows[:limit], len(rows) > limit


def field_report_public_points(*, flt: PublicFilter, limit: int) -> list[dict[str, Any]]:
    """Id, place, status and category of the newest public reports, for the map."""
    ids = _newest_ids_by_cell(flt, limit)
    qs = _filtered(flt) if ids is None else FieldReport.objects.filter(pk__in=ids)
    return list(
        qs.order_by("-created_at", "-id").values(
            "id", "lat", "lon", "status", "category__name", "category__code"
        )[:limit]
    )


def field_report_public_get(report_id: int) -> FieldReport:
    report = (
        _public()
        .select_related("category", "category__group", "unit", "agency", "duplicate_of")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise FieldReportNotFoundError(_("No such report."))
    return report


def field_report_by_token(token: str) -> FieldReport | None:
    try:
        return _public().filter(public_id=token).first()
    except (ValueError, Exception):
        return None


def field_report_public_events(report: FieldReport) -> QuerySet[FieldReportEvent]:
    return report.events.filter(is_public=True).order_by("created_at", "id")


def field_report_public_photos(report: FieldReport) -> QuerySet[FieldReportPhoto]:
    return report.photos.filter(hidden=False).order_by("created_at", "id")


def field_report_public_photo(photo_id: str) -> FieldReportPhoto:
    try:
        photo = (
            FieldReportPhoto.objects.select_related("public_file")
            .filter(public_id=photo_id, hidden=False, report__is_public=True)
            .first()
        )
    except (ValueError, Exception):
        photo = None
    if photo is None:
        raise FieldReportNotFoundError(_("No such photo."))
    return photo


def field_reports_nearby_open(
    *, category: Category, lat: float, lon: float, metres: float, limit: int = 10
) -> list[tuple[FieldReport, float]]:
    """Open public reports of `category` within `metres`, nearest first, with the distance."""
    flt = PublicFilter(bbox=bbox_around(lat, lon, metres))
    rows = (
        _filtered(flt)
        .filter(category=category)
        .exclude(status__in=[Status.CLOSED, Status.REJECTED])
        .only(*PUBLIC_FIELDS)
        .order_by("-created_at")[:200]
    )
    found = [(row, distance_m(lat, lon, row.lat, row.lon)) for row in rows]
    return sorted((pair for pair in found if pair[1] <= metres), key=lambda p: p[1])[:limit]


# --- officers --------------------------------------------------------------------------------


def field_report_list_for(*, user: Any) -> QuerySet[FieldReport]:
    """All reports for coordinators; those of the officer's agencies otherwise."""
    qs = FieldReport.objects.select_related("category", "agency", "unit")
    if is_coordinator(user):
        return qs
    return qs.filter(agency_id__in=handling_agency_ids(user))


def field_report_get_for(*, user: Any, report_id: int) -> FieldReport:
    report = field_report_list_for(user=user).filter(pk=report_id).first()
    if report is None:
        raise FieldReportNotFoundError(_("No such report."))
    return report


def field_reports_overdue(*, now: datetime) -> QuerySet[FieldReport]:
    return FieldReport.objects.filter(
        status__in=UNANSWERED, due_at__lt=now, escalated_at__isnull=True
    ).order_by("due_at")


def agency_head_emails(*, agency_id: int | None) -> list[str]:
    if agency_id is None:
        return []
    roles = OfficerRole.objects.filter(
        active_on_q(), agency_id=agency_id, role=OfficerRoleKind.HEAD
    ).select_related("user")
    return sorted({r.user.email for r in roles if r.user.email and r.user.is_active})


def field_report_counts_by_agency() -> list[dict[str, Any]]:
    """Per agency: open, overdue (escalated and still unanswered), answered late, answered."""
    return list(
        FieldReport.objects.exclude(agency=None)
        .values("agency_id", "agency__name")
        .annotate(
            open=Count("id", filter=Q(status__in=UNANSWERED)),
            overdue=Count("id", filter=Q(status__in=UNANSWERED, escalated_at__isnull=False)),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            answered_late=Count("id", filter=Q(answered_late=True)),
        )
        .order_by("agency__name")
    )
