# SPDX-License-Identifier: MIT
"""Officers' reconciliation pages: upload a statement, confirm lines, the daily report."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.accounts.access import officer_required
from congso.core.exceptions import DomainError

from . import selectors
from .forms import ConfirmLineForm, ReportForm, StatementUploadForm
from .models import LineStatus, StatementLine
from .reconciliation import statement_import, statement_line_confirm
from .report import daily_report as build_report
from .report import daily_report_xlsx as build_xlsx


@officer_required
def statement_list(request: HttpRequest) -> HttpResponse:
    agencies = selectors.officer_fee_agencies(user=request.user)
    form = StatementUploadForm(agencies=agencies)
    status, error = 200, ""
    if request.method == "POST":
        form = StatementUploadForm(request.POST, request.FILES, agencies=agencies)
        if not form.is_valid():
            status, error = 400, _("Choose the agency and the file.")
        else:
            upload = form.cleaned_data["file"]
            try:
                statement = statement_import(
                    fileobj=upload,
                    filename=upload.name,
                    agency=form.cleaned_data["agency"],
                    actor=request.user,
                    request=request,
                )
            except DomainError as exc:
                status, error = exc.http_status, exc.detail
            else:
                messages.success(request, _("Statement read."))
                return redirect("payments:statement", pk=statement.pk)
    statements = selectors.statements_for(user=request.user)[:100]
    return render(
        request,
        "payments/statements.html",
        {"form": form, "statements": statements, "error": error},
        status=status,
    )


@officer_required
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = selectors.statements_for(user=request.user).filter(pk=pk).first()
    if statement is None:
        raise Http404(_("No such statement in your agencies."))
    status, error = 200, ""
    if request.method == "POST":
        form = ConfirmLineForm(request.POST)
        line = None
        if form.is_valid():
            line = StatementLine.objects.filter(
                statement=statement, pk=form.cleaned_data["line"]
            ).first()
        if line is None:
            status, error = 400, _("Choose a line and a payment request.")
        else:
            try:
                statement_line_confirm(
                    line=line,
                    reference=form.cleaned_data["reference"],
                    actor=request.user,
                    request=request,
                )
            except DomainError as exc:
                status, error = exc.http_status, exc.detail
            else:
                messages.success(request, _("Done."))
                return redirect("payments:statement", pk=statement.pk)
    lines = statement.lines.select_related("request", "request__dossier")
    shown = {
        status_: list(lines.filter(status=status_)[:500])
        for status_ in (
            LineStatus.AMBIGUOUS,
            LineStatus.UNMATCHED,
            LineStatus.MATCHED,
            LineStatus.CONFIRMED,
            LineStatus.DUPLICATE,
        )
    }
    return render(
        request,
        "payments/statement.html",
        {
            "statement": statement,
            "shown": shown,
            "labels": dict(LineStatus.choices),
            "error": error,
        },
        status=status,
    )


def _report_args(request: HttpRequest):
    agencies = selectors.officer_fee_agencies(user=request.user)
    data = request.GET if request.GET else None
    form = ReportForm(
        data, agencies=agencies, initial={"day": timezone.localdate(), "agency": agencies.first()}
    )
    if data is None:
        agency = agencies.first()
        return form, agency, timezone.localdate()
    if not form.is_valid():
        return form, None, None
    return form, form.cleaned_data["agency"], form.cleaned_data["day"]


@officer_required
def daily_report(request: HttpRequest) -> HttpResponse:
    form, agency, day = _report_args(request)
    report = build_report(agency=agency, day=day) if agency is not None and day else None
    status = 400 if request.GET and report is None else 200
    return render(request, "payments/report.html", {"form": form, "report": report}, status=status)


@officer_required
def daily_report_xlsx(request: HttpRequest) -> HttpResponse:
    _form, agency, day = _report_args(request)
    if agency is None or day is None:
        raise Http404(_("Choose one of your agencies and a day."))
    data = build_xlsx(build_report(agency=agency, day=day))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"doi-soat-{agency.code}-{day:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
