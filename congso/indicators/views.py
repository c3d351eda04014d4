# SPDX-License-Identifier: MIT
"""The operations centre: live figures, drill-down to the dossiers, the 766 index, targets,
the public transparency page, and an export of every table."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congso.accounts.access import officer_required
from congso.accounts.models import OfficerRoleKind
from congso.accounts.selectors import officer_agencies_for, officer_roles_for
from congso.catalog.models import Procedure
from congso.core.audit import audit_record
from congso.core.exceptions import DomainError, InvalidInputError
from congso.core.models import AdministrativeUnit, Agency, AgencyKind
from congso.core.pagination import IdsFirstPaginator, KeyListPaginator

from . import index766
from .commune_map import commune_features
from .exports import export_format, table_response
from .field_reports import field_report_figures
from .forms import MeasurementForm
from .html_tables import AgencyShown, agency_rows_html, procedure_rows_html
from .models import FLOWS, Target
from .pending import pending_by_agency, pending_now
from .periods import Period, period_parse, today
from .selectors import (
    Scope,
    average_processing_days,
    cached,
    flows_by,
    flows_by_agency_and_level,
    flows_total,
    percent,
    rates,
    roll_up,
    trend,
)
from .targets import target_measurement_record, targets_overview

LEVELS = ("province", "commune", "district", "central")
PROCEDURE_ROWS = 100  # on the page; the export has them all
LIST_COUNT_SECONDS = 30  # how long the length of a list behind a figure is kept


def _handles_bad_input(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return render(
                request, "indicators/error.html", {"message": exc.detail}, status=exc.http_status
            )

    return wrapper


def _period(request: HttpRequest) -> Period:
    return period_parse(
        request.GET.get("period"), start=request.GET.get("from", ""), end=request.GET.get("to", "")
    )


def _sees_everything(user: Any) -> bool:
    if user.is_superuser:
        return True
    return officer_roles_for(user=user).filter(role=OfficerRoleKind.PROVINCE_ADMIN).exists()


def _headline(flows: dict[str, Any]) -> dict[str, Any]:
    return {
        "flows": flows,
        "rates": rates(flows),
        "average_days": average_processing_days(flows),
    }


NOTHING_PENDING = {"pending": 0, "overdue": 0}
AGENCIES_SHOWN = 25  # the operations view's table; its export lists every agency
CHARTED = ("received", "ended")  # the flows the pages' daily chart draws


def _agency_rows(
    grouped: dict[int, dict[str, Any]],
    agencies: dict[int, AgencyShown],
    *,
    first: int | None = None,
) -> tuple[list[dict], int]:
    """The agencies with their figures, the most dossiers received first, and how many there
    are; with `first`, the rates of only the first ones (what the page shows) are worked out."""
    order = sorted(
        (pk for pk in grouped if pk in agencies),
        key=lambda pk: (-grouped[pk]["received"], agencies[pk].name),
    )
    shown = order if first is None else order[:first]
    return [{"agency": agencies[pk], **_headline(grouped[pk])} for pk in shown], len(order)


def _chart(points: list[dict[str, Any]], key: str, names: tuple[str, ...]) -> dict[str, Any]:
    """Polylines for a small inline SVG chart (no JavaScript)."""
    width, height = 600, 140
    top = max([1] + [p[n] or 0 for p in points for n in names])
    step = width / max(1, len(points) - 1)
    lines = {
        name: " ".join(
            f"{i * step:.1f},{height - (p[name] or 0) * height / top:.1f}"
            for i, p in enumerate(points)
        )
        for name in names
    }
    return {"width": width, "height": height, "top": top, "lines": lines, "points": points}


def _commune_rows(units: dict[int | None, dict[str, Any]]) -> list[dict[str, Any]]:
    """Communes with dossiers in the period, least on time first, each with the page of its
    people's committee."""
    ids = [pk for pk, f in units.items() if pk and (f["received"] or f["ended"])]
    names = dict(AdministrativeUnit.objects.filter(pk__in=ids).values_list("pk", "name"))
    committees: dict[int, str] = {}
    for unit_id, code in (
        Agency.objects.filter(unit_id__in=ids, kind=AgencyKind.COMMUNE_COMMITTEE)
        .order_by("-code")
        .values_list("unit_id", "code")
    ):
        committees[unit_id] = code
    rows = [
        {
            "unit_id": pk,
            "name": names.get(pk, "—"),
            "url": reverse("indicators:agency", kwargs={"code": committees[pk]})
            if pk in committees
            else "",
            **_headline(units[pk]),
        }
        for pk in ids
    ]
    rows.sort(key=lambda r: (r["rates"]["on_time"] is None, r["rates"]["on_time"] or 0))
    return rows


@officer_required
@_handles_bad_input
def operations(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    cells = flows_by_agency_and_level(period)
    levels = roll_up(cells, lambda cell: cell[1])
    flows = roll_up(levels, lambda level: "all").get("all") or dict.fromkeys(FLOWS, 0)
    by_level = {
        level: _headline(level_flows) for level, level_flows in levels.items() if level in LEVELS
    }
    by_agency = roll_up(cells, lambda cell: cell[0])
    shown = Agency.objects.filter(pk__in=list(by_agency)).values_list(*AgencyShown._fields)
    agencies = {agency.pk: agency for agency in map(AgencyShown._make, shown)}
    fmt = export_format(request.GET.get("format"))
    agency_rows, agency_count = _agency_rows(
        by_agency, agencies, first=None if fmt else AGENCIES_SHOWN
    )
    pending = pending_by_agency()
    for row in agency_rows:
        row["pending"] = pending.get(row["agency"].pk, NOTHING_PENDING)
    if fmt:
        return _agency_export(fmt, period, agency_rows)
    communes = _commune_rows(
        roll_up(
            cells,
            lambda cell: (
                agencies[cell[0]].unit_id if cell[1] == "commune" and cell[0] in agencies else None
            ),
        )
    )
    index = index766.index_compute(period, flows=flows)
    _views, achieved, total_targets = targets_overview()
    recent = Period(today().replace(day=1) if period.days > 62 else period.start, period.end, "")
    chart = _chart(trend(recent, names=CHARTED), "day", CHARTED)
    return render(
        request,
        "indicators/operations.html",
        {
            "period": period,
            "total": _headline(flows),
            "pending": {
                name: sum(counts[name] for counts in pending.values()) for name in NOTHING_PENDING
            },
            "by_level": by_level,
            "agency_rows": agency_rows_html(agency_rows, period),
            "agency_count": agency_count,
            "communes": communes[:40],
            "commune_map": commune_features(
                {
                    row["unit_id"]: {
                        "name": row["name"],
                        "received": row["flows"]["received"],
                        "on_time": row["rates"]["on_time"],
                        "url": row["url"],
                    }
                    for row in communes
                }
            ),
            "map": {
                "tiles": settings.CONGSO_MAP_TILE_URL,
                "attribution": settings.CONGSO_MAP_TILE_ATTRIBUTION,
                "center": settings.CONGSO_MAP_CENTER,
            },
            "field_reports": field_report_figures(period),
            "index": index,
            "targets_achieved": achieved,
            "targets_total": total_targets,
            "chart": chart,
            "big_screen": request.GET.get("tv") == "1",
            "refresh_seconds": 60,
        },
    )


def _agency_export(fmt: str, period: Period, rows: list[dict[str, Any]]) -> HttpResponse:
    header = [
        _("Agency code"),
        _("Agency"),
        _("Received"),
        _("Ended"),
        _("On time (%)"),
        _("Online (%)"),
        _("Digitised (%)"),
        _("Average time (working days)"),
        _("Being processed now"),
        _("Overdue now"),
    ]
    data = (
        [
            r["agency"].code,
            r["agency"].name,
            r["flows"]["received"],
            r["flows"]["ended"],
            _num(r["rates"]["on_time"]),
            _num(r["rates"]["online"]),
            _num(r["rates"]["digitised"]),
            _num(r["average_days"]),
            r["pending"]["pending"],
            r["pending"]["overdue"],
        ]
        for r in rows
    )
    name = f"co-quan-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return table_response(fmt=fmt, filename=name, header=header, rows=data)


# What the per-procedure table of an agency shows (and exports): the rest is not added up.
PROCEDURE_FLOWS = (
    "received",
    "received_online",
    "ended",
    "ended_on_time",
    "ended_late",
    "processing_hours",
)


def _procedure_headline(flows: dict[str, Any]) -> dict[str, Any]:
    return {
        "flows": flows,
        "rates": {
            "on_time": percent(flows["ended_on_time"], flows["ended"]),
            "online": percent(flows["received_online"], flows["received"]),
        },
        "average_days": average_processing_days(flows),
    }


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@officer_required
@_handles_bad_input
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    period = _period(request)
    scope = Scope(agency_ids=(agency.pk,))
    agency_flows = flows_total(period, scope)
    fmt = export_format(request.GET.get("format"))

    # An agency's year touches hundreds of procedures (130 ms for the busiest at 10M
    # dossiers): the page's table is shared like indicator 3.2; an export reads it afresh.
    def by_procedure() -> dict:
        return flows_by(period, "procedure", scope, names=PROCEDURE_FLOWS)

    key = f"agency-procedures:{period.start}:{period.end}:{agency.pk}"
    grouped = by_procedure() if fmt else cached(key, by_procedure)
    ranked = sorted(grouped.items(), key=lambda item: -item[1]["received"])
    # The page shows the busiest PROCEDURE_ROWS; only the export needs every procedure.
    shown = ranked if fmt else ranked[:PROCEDURE_ROWS]
    procedures = Procedure.objects.only("code", "name").in_bulk([pk for pk, _f in shown])
    rows = [{"procedure": procedures[pk], **_procedure_headline(f)} for pk, f in shown]
    if fmt:
        header = [_("Procedure code"), _("Procedure"), _("Received"), _("Ended")]
        header += [_("On time (%)"), _("Online (%)")]
        data = (
            [
                r["procedure"].code,
                r["procedure"].name,
                r["flows"]["received"],
                r["flows"]["ended"],
                _num(r["rates"]["on_time"]),
                _num(r["rates"]["online"]),
            ]
            for r in rows
        )
        return table_response(fmt=fmt, filename=f"thu-tuc-{agency.code}", header=header, rows=data)
    return render(
        request,
        "indicators/agency.html",
        {
            "agency": agency,
            "period": period,
            "total": _headline(agency_flows),
            "pending": pending_now(scope),
            "procedures": rows,
            "procedure_rows": procedure_rows_html(rows, period, agency.code),
            "procedure_count": len(ranked),
            "index": index766.index_compute(period, scope, flows=agency_flows),
            "chart": _chart(trend(period, scope, names=CHARTED), "day", CHARTED),
            "field_reports": field_report_figures(period, (agency.pk,)),
        },
    )


@officer_required
@_handles_bad_input
def index_page(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    agency = None
    scope = Scope()
    if code := request.GET.get("agency"):
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise Http404(_("No such agency."))
        scope = Scope(agency_ids=(agency.pk,))
    result = index766.index_compute(period, scope)
    fmt = export_format(request.GET.get("format"))
    if fmt:
        header = [_("Code"), _("Group"), _("Indicator"), _("Rate (%)"), _("Full points from (%)")]
        header += [_("Maximum points"), _("Points")]
        data = (
            [i.code, i.group, i.name, _num(i.value), float(i.cap), float(i.points), float(i.earned)]
            for i in result.indicators
        )
        return table_response(fmt=fmt, filename="chi-so-766", header=header, rows=data)
    return render(
        request,
        "indicators/index766.html",
        {"period": period, "index": result, "agency": agency, "list_codes": index766.KINDS},
    )


def _dossier_scope(request: HttpRequest) -> Scope:
    """The scope asked for, narrowed to what the officer may see."""
    user = request.user
    agency_ids: tuple[int, ...] | None = None
    if code := request.GET.get("agency"):
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise Http404(_("No such agency."))
        agency_ids = (agency.pk,)
    if not _sees_everything(user):
        own = tuple(officer_agencies_for(user=user).values_list("pk", flat=True))
        if agency_ids is None:
            agency_ids = own
        elif not set(agency_ids) <= set(own):
            raise PermissionDenied(_("These dossiers belong to another agency."))
    procedure_id = None
    if code := request.GET.get("procedure"):
        procedure_id = Procedure.objects.filter(code=code).values_list("pk", flat=True).first()
        if procedure_id is None:
            raise Http404(_("No such procedure."))
    level = request.GET.get("level", "")
    if level and level not in LEVELS:
        raise InvalidInputError(_("Unknown level."))
    return Scope(agency_ids=agency_ids, level=level, procedure_id=procedure_id)


@officer_required
@_handles_bad_input
def dossier_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "received")
    if kind not in index766.KINDS:
        raise InvalidInputError(_("Unknown list."))
    period = _period(request)
    scope = _dossier_scope(request)
    fmt = export_format(request.GET.get("format"))
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="indicators.dossier_list" + (f".{fmt}" if fmt else ""),
            note=f"{kind} {period.start}..{period.end} {request.GET.urlencode()[:200]}",
            request=request,
        )
    if fmt:
        header = [_("Dossier code"), _("Procedure"), _("Competent agency"), _("Accepted")]
        header += [_("Due"), _("Processing ended"), _("State")]
        data = (
            [
                d.code,
                d.procedure.code,
                d.competent_agency.code,
                _when(d.accepted_at),
                _when(d.due_at),
                _when(d.processing_ended_at),
                d.state_label,
            ]
            for d in index766.dossiers_behind(kind, period, scope).iterator(chunk_size=2000)
        )
        return table_response(fmt=fmt, filename=f"ho-so-{kind}", header=header, rows=data)
    keys = index766.keys_behind(kind, period, scope)  # 2.1 and 5.4 of an ended period
    if keys is not None:
        paginator = KeyListPaginator(keys, index766.list_rows(), 50, allow_empty_first_page=True)
    else:
        dossiers = index766.dossiers_behind(kind, period, scope)
        # The count is kept half a minute: the pages of one list, and screens refreshing
        # it, count a long list once (the rows of each page are always read afresh).
        name = f"count:{kind}:{period.start}:{period.end}:{scope!r}"
        count = cached(name, dossiers.count, at_most=LIST_COUNT_SECONDS)
        paginator = IdsFirstPaginator(dossiers, 50, count=count, allow_empty_first_page=True)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "indicators/dossiers.html",
        {"page": page, "kind": kind, "period": period, "query": query.urlencode()},
    )


def _when(value: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@officer_required
@_handles_bad_input
def targets_page(request: HttpRequest) -> HttpResponse:
    views, achieved, total = targets_overview()
    fmt = export_format(request.GET.get("format"))
    if fmt:
        header = [_("Code"), _("Target"), _("Unit"), _("Baseline"), _("Target value")]
        header += [_("To reach by"), _("Measured value"), _("Measured on"), _("Status")]
        data = (
            [
                v.target.code,
                v.target.name,
                v.target.unit,
                float(v.target.baseline),
                float(v.target.target_value),
                v.target.due_date.isoformat(),
                _num(v.value),
                v.measured_on.isoformat() if v.measured_on else "",
                v.status_label,
            ]
            for v in views
        )
        return table_response(fmt=fmt, filename="muc-tieu", header=header, rows=data)
    return render(
        request,
        "indicators/targets.html",
        {"targets": views, "achieved": achieved, "total": total, "form": MeasurementForm()},
    )


@officer_required
@require_POST
@_handles_bad_input
def target_measure(request: HttpRequest, code: str) -> HttpResponse:
    target = get_object_or_404(Target, code=code)
    user = request.user
    allowed = _sees_everything(user) or (
        target.agency_id is not None
        and officer_roles_for(user=user)
        .filter(
            agency_id=target.agency_id,
            role__in=[OfficerRoleKind.HEAD, OfficerRoleKind.AGENCY_ADMIN],
        )
        .exists()
    )
    if not allowed:
        raise PermissionDenied(
            _("Only the responsible agency's head or a province administrator can record it.")
        )
    form = MeasurementForm(request.POST)
    if not form.is_valid():
        views, achieved, total = targets_overview()
        return render(
            request,
            "indicators/targets.html",
            {"targets": views, "achieved": achieved, "total": total, "form": form, "failed": code},
            status=400,
        )
    target_measurement_record(
        target=target,
        actor=user,
        value=form.cleaned_data["value"],
        measured_on=form.cleaned_data["measured_on"],
        note=form.cleaned_data["note"],
    )
    return redirect("indicators:targets")


PUBLIC_DEFAULT = (
    "received",
    "online",
    "on_time",
    "digitised",
    "satisfied",
    "average_days",
    "field_reports",
)


@_handles_bad_input
def transparency(request: HttpRequest) -> HttpResponse:
    """What the province publishes: the year to date and the last month, by level."""
    published = settings.CONGSO_PUBLIC_INDICATORS or list(PUBLIC_DEFAULT)
    year = period_parse(str(today().year))
    year = Period(year.start, min(year.end, today()), year.label)
    by_level = {
        level: _headline(f) for level, f in flows_by(year, "level").items() if level in LEVELS
    }
    year_flows = flows_total(year)
    return render(
        request,
        "indicators/transparency.html",
        {
            "published": published,
            "period": year,
            "total": _headline(year_flows),
            "by_level": by_level,
            "index": index766.index_compute(year, flows=year_flows)
            if "index" in published
            else None,
            "field_reports": field_report_figures(year) if "field_reports" in published else None,
        },
    )
