# SPDX-License-Identifier: MIT
"""The field-report pages of the operations centre: figures per agency and the reports
behind each figure, scoped to what the viewer may see, with exports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from congso.core.audit import audit_record
from congso.core.exceptions import InvalidInputError
from congso.core.models import Agency
from congso.feedback.access import handling_agency_ids, is_coordinator, officer_page
from congso.feedback.models import FieldReport

from .exports import export_format, table_response
from .field_reports import (
    KINDS,
    field_report_figures,
    field_report_figures_by_agency,
    field_reports_behind,
)
from .views import _handles_bad_input, _num, _period, _sees_everything, _when


def _visible_agencies(request: HttpRequest) -> tuple[int, ...] | None:
    """None: every agency (province administrators, coordinators); else the officer's own."""
    user = request.user
    if _sees_everything(user) or is_coordinator(user):
        own = None
    else:
        own = tuple(sorted(handling_agency_ids(user)))
    code = request.GET.get("agency")
    if not code:
        return own
    agency_id = Agency.objects.filter(code=code).values_list("pk", flat=True).first()
    if agency_id is None:
        raise Http404(_("No such agency."))
    if own is not None and agency_id not in own:
        raise PermissionDenied(_("These reports belong to another agency."))
    return (agency_id,)


@officer_page
@_handles_bad_input
def field_report_overview(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    agency_ids = _visible_agencies(request)
    by_agency = field_report_figures_by_agency(period, agency_ids)
    agencies = Agency.objects.in_bulk([pk for pk in by_agency if pk is not None])
    rows = sorted(
        ({"agency": agencies.get(pk), "figures": f} for pk, f in by_agency.items()),
        key=lambda r: (-r["figures"].received, r["agency"].name if r["agency"] else ""),
    )
    fmt = export_format(request.GET.get("format"))
    if fmt:
        header = [_("Agency code"), _("Agency"), _("Received"), _("Answered")]
        header += [_("Answered on time (%)"), _("Average answer time (hours)")]
        header += [_("Waiting for an answer"), _("Overdue")]
        data = (
            [
                r["agency"].code if r["agency"] else "",
                r["agency"].name if r["agency"] else _("Not routed"),
                r["figures"].received,
                r["figures"].answered,
                _num(r["figures"].on_time_rate),
                _num(r["figures"].answer_hours),
                r["figures"].open,
                r["figures"].overdue,
            ]
            for r in rows
        )
        return table_response(fmt=fmt, filename="phan-anh-co-quan", header=header, rows=data)
    total = (
        field_report_figures(period)
        if agency_ids is None
        else field_report_figures(period, agency_ids)
    )
    return render(
        request,
        "indicators/field_reports.html",
        {"period": period, "total": total, "rows": rows, "agency_code": request.GET.get("agency")},
    )


@officer_page
@_handles_bad_input
def field_report_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "received")
    if kind not in KINDS:
        raise InvalidInputError(_("Unknown list."))
    period = _period(request)
    agency_ids = _visible_agencies(request)
    reports = FieldReport.objects.select_related("category", "agency")
    if agency_ids is not None:
        reports = reports.filter(agency_id__in=agency_ids)
    reports = field_reports_behind(kind, period, reports)
    fmt = export_format(request.GET.get("format"))
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="indicators.field_report_list" + (f".{fmt}" if fmt else ""),
            note=f"{kind} {period.start}..{period.end} {request.GET.urlencode()[:200]}",
            request=request,
        )
    if fmt:
        header = [_("Report"), _("Category"), _("Responsible agency"), _("Received")]
        header += [_("Answer due"), _("Answered at"), _("Status")]
        data = (_row(r) for r in reports.iterator(chunk_size=2000))
        return table_response(fmt=fmt, filename=f"phan-anh-{kind}", header=header, rows=data)
    page = Paginator(reports, 50, allow_empty_first_page=True).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "indicators/field_report_list.html",
        {
            "page": page,
            "kind": kind,
            "kind_label": KINDS[kind],
            "period": period,
            "query": query.urlencode(),
        },
    )


def _row(report: FieldReport) -> list[Any]:
    return [
        report.pk,
        report.category.name,
        report.agency.name if report.agency else "",
        _when(report.created_at),
        _when(report.due_at),
        _when(report.answered_at),
        report.get_status_display(),
    ]
