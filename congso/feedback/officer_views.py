# SPDX-License-Identifier: MIT
"""Officers' pages: the list of reports to handle, one report with its actions, hotline intake.

Coordinators see and route every report; an agency's officers see those assigned to their
agencies. Opening a report shows the reporter's contact data, so each view is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congso.core.audit import audit_record
from congso.core.exceptions import DomainError
from congso.files.responses import stored_file_response

from . import selectors, services
from .access import is_coordinator, may_handle, may_take_calls, officer_page
from .exceptions import FieldReportNotFoundError
from .forms import AnswerForm, AssignForm, HideForm, MergeForm, RejectForm, ReportForm
from .models import Channel, FieldReportPhoto
from .states import Status
from .views import _create_from_form, _photos, add_domain_error, map_config

PAGE_SIZE = 50


@officer_page
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = selectors.field_report_list_for(user=request.user)
    if status in Status.values:
        qs = qs.filter(status=status)
    elif status != "all":
        qs = qs.exclude(status__in=[Status.CLOSED, Status.REJECTED])
    raw = request.GET.get("page", "1")
    page = max(1, min(int(raw), 10_000)) if raw.isdigit() else 1
    rows = list(qs.order_by("due_at", "id")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    return render(
        request,
        "feedback/officer_inbox.html",
        {
            "rows": rows[:PAGE_SIZE],
            "more": len(rows) > PAGE_SIZE,
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "coordinator": is_coordinator(request.user),
            "counts": selectors.field_report_counts_by_agency()
            if is_coordinator(request.user)
            else [],
            "may_take_calls": may_take_calls(request.user),
        },
    )


def _report_for(request: HttpRequest, report_id: int) -> Any:
    try:
        return selectors.field_report_get_for(user=request.user, report_id=report_id)
    except FieldReportNotFoundError:
        raise PermissionDenied(_("This report is not yours to handle.")) from None


@officer_page
@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_for(request, report_id)
    if request.method != "POST":
        return _report_page(request, report)
    failure = _act(request, report)
    if failure is None:
        messages.success(request, _("Saved."))
        return redirect("feedback:officer_report", report_id=report.pk)
    # Nothing was saved (each action is one transaction): the page again, with the reason,
    # the form as it was sent and a 4xx status, read afresh from the database.
    messages.error(request, failure.message)
    return _report_page(
        request, _report_for(request, report_id), status=failure.status, bound=failure.forms
    )


def _report_page(
    request: HttpRequest, report: Any, *, status: int = 200, bound: dict[str, Any] | None = None
) -> HttpResponse:
    with transaction.atomic():
        audit_record(actor=request.user, action="feedback.view", target=report, request=request)
    blank = {
        "assign_form": AssignForm(),
        "answer_form": AnswerForm(),
        "reject_form": RejectForm(),
        "merge_form": MergeForm(),
        "hide_form": HideForm(),
        **(bound or {}),
    }
    return render(
        request,
        "feedback/officer_report.html",
        {
            "report": report,
            "events": report.events.select_related("actor").order_by("created_at", "id"),
            "photos": report.photos.order_by("created_at", "id"),
            "supporters": report.supporters.count(),
            "coordinator": is_coordinator(request.user),
            "may_handle": may_handle(request.user, report.agency_id),
            **blank,
            "nearby": selectors.field_reports_nearby_open(
                category=report.category, lat=report.lat, lon=report.lon, metres=300
            ),
        },
        status=status,
    )


@dataclass(frozen=True)
class ActionFailure:
    """Why an officer's action was not done, the status to answer with, and the form that
    was sent (under its name in the page's context) so its errors show."""

    message: str
    status: int = 400
    forms: dict[str, Any] = field(default_factory=dict)


def _act(request: HttpRequest, report: Any) -> ActionFailure | None:
    action = request.POST.get("action", "")
    handler = ACTIONS.get(action)
    if handler is None:
        return ActionFailure(_("Unknown action."))
    try:
        invalid = handler(request, report)
    except DomainError as exc:
        return ActionFailure(exc.detail, status=exc.http_status)
    if invalid is None:
        return None
    message = " ".join([_("Please check the form."), *invalid.non_field_errors()])
    return ActionFailure(message, forms={FORM_NAMES[action]: invalid})


def _assign(request: HttpRequest, report: Any) -> forms.Form | None:
    form = AssignForm(request.POST)
    if not form.is_valid():
        return form
    services.field_report_assign(
        report=report,
        agency=form.cleaned_data["agency"],
        actor=request.user,
        reason=form.cleaned_data["reason"],
        request=request,
    )
    return None


def _start(request: HttpRequest, report: Any) -> forms.Form | None:
    services.field_report_start(report=report, actor=request.user, request=request)
    return None


def _answer(request: HttpRequest, report: Any) -> forms.Form | None:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return form
    services.field_report_answer(
        report=report,
        actor=request.user,
        answer=form.cleaned_data["answer"],
        photos=_photos(request),
        request=request,
    )
    return None


def _reject(request: HttpRequest, report: Any) -> forms.Form | None:
    form = RejectForm(request.POST)
    if not form.is_valid():
        return form
    services.field_report_reject(
        report=report,
        actor=request.user,
        reason=form.cleaned_data["reason"],
        note=form.cleaned_data["note"],
        request=request,
    )
    return None


def _merge(request: HttpRequest, report: Any) -> forms.Form | None:
    form = MergeForm(request.POST)
    if not form.is_valid():
        return form
    into = _report_for(request, form.cleaned_data["into"])
    services.field_report_merge(
        duplicate=report,
        into=into,
        actor=request.user,
        note=form.cleaned_data["note"],
        request=request,
    )
    return None


def _hide(request: HttpRequest, report: Any, *, hide: bool = True) -> forms.Form | None:
    form = HideForm(request.POST)
    if not form.is_valid():
        return form
    services.field_report_hide(
        report=report, actor=request.user, reason=form.cleaned_data["reason"], hide=hide,
        request=request,
    )  # fmt: skip
    return None


def _hide_photo(request: HttpRequest, report: Any) -> forms.Form | None:
    form = HideForm(request.POST)
    item = report.photos.filter(public_id=request.POST.get("photo", "")).first() if _is_uuid(
        request.POST.get("photo", "")
    ) else None  # fmt: skip
    if not form.is_valid() or item is None:
        if item is None:
            form.add_error(None, _("No such photo in this report."))
        return form
    services.field_report_photo_hide(
        photo=item, actor=request.user, reason=form.cleaned_data["reason"], request=request
    )
    return None


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


# The page's context name of the form each action posts.
FORM_NAMES = {
    "assign": "assign_form",
    "answer": "answer_form",
    "reject": "reject_form",
    "merge": "merge_form",
    "hide": "hide_form",
    "show": "hide_form",
    "hide_photo": "hide_photo_form",  # one small form per photo: errors go in the message
}

ACTIONS = {
    "assign": _assign,
    "start": _start,
    "answer": _answer,
    "reject": _reject,
    "merge": _merge,
    "hide": _hide,
    "show": lambda request, report: _hide(request, report, hide=False),
    "hide_photo": _hide_photo,
}


@officer_page
@require_GET
def photo_original(request: HttpRequest, photo_id: str) -> HttpResponse:
    """The photo as uploaded, with its metadata: for those who handle the report."""
    item = (
        FieldReportPhoto.objects.select_related("original_file", "report")
        .filter(public_id=photo_id)
        .first()
        if _is_uuid(photo_id)
        else None
    )
    if item is None or not may_handle(request.user, item.report.agency_id):
        raise PermissionDenied(_("This photo is not yours to see."))
    with transaction.atomic():
        audit_record(
            actor=request.user, action="feedback.photo_original_view", target=item.report,
            changes={"photo": str(item.public_id)}, request=request,
        )  # fmt: skip
    return stored_file_response(item.original_file, inline=True)


@officer_page
@require_http_methods(["GET", "POST"])
def hotline_intake(request: HttpRequest) -> HttpResponse:
    """A hotline operator types in what a caller reports (caller's contact stays private)."""
    if not may_take_calls(request.user):
        raise PermissionDenied(_("This page is for hotline operators."))
    categories = selectors.categories_active().prefetch_related("attributes")
    form = ReportForm(request.POST or None, categories=categories)
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 400
    elif request.method == "POST":
        try:
            report, _key = _create_from_form(
                request, form, Channel.HOTLINE, recorded_by=request.user
            )
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.http_status
        else:
            messages.success(
                request,
                _("Report #%(id)s recorded. Tell the caller this number.") % {"id": report.pk},
            )
            if may_handle(request.user, report.agency_id):
                return redirect("feedback:officer_report", report_id=report.pk)
            return redirect("feedback:hotline")
    return render(
        request,
        "feedback/hotline.html",
        {"form": form, "categories": categories, "map": map_config(), "posted": request.POST},
        status=status,
    )
