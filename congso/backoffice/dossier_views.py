# SPDX-License-Identifier: MIT
"""An officer's page of one dossier: what it holds, where it is, and the actions open to them.

Each action is a small form posted to the same page; the services decide and the page shows
their refusal (403, 409 or 400, with the reason) instead of a stack trace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.accounts.models import OfficerRole
from congso.accounts.selectors import active_on_q
from congso.core.audit import audit_record
from congso.core.calendar import working_calendar
from congso.core.exceptions import DomainError, NotFoundError
from congso.dossiers import (
    attachments,
    lateness,
    paperwork,
    results,
    routing,
    selectors,
    services,
)
from congso.dossiers.models import Dossier
from congso.workflow.states import DossierState as S

from . import forms
from .access import officer_required


def _documents_of(dossier: Dossier) -> list[str]:
    return [d["name"] for d in dossier.procedure_version.data.get("documents", [])][:60]


def _officers_for(task) -> list[tuple[str, str]]:
    if task is None:
        return []
    roles = OfficerRole.objects.filter(active_on_q(), agency=task.agency, role=task.role)
    users = get_user_model().objects.filter(pk__in=roles.values("user_id"), is_active=True)
    return [(u.username, u.full_name or u.username) for u in users.order_by("username")[:200]]


def _extension_initial(dossier: Dossier) -> dict[str, Any]:
    draft = dossier.extensions.filter(sent_at__isnull=True).first()
    if draft is None:
        return {}
    return {
        "reason": draft.reason,
        "new_due_date": timezone.localtime(draft.new_due_at).date(),
    }


def _forms(dossier: Dossier, task, data=None, failed: str = "", files=None) -> dict[str, Any]:
    """Every action form; only the one that was posted is bound (to show its errors)."""

    def bound(name: str) -> Any:
        return data if failed == name else None

    return {
        "refuse": forms.RefuseForm(bound("refuse"), prefix="refuse"),
        "supplement": forms.SupplementForm(
            bound("supplement"), prefix="supplement", document_names=_documents_of(dossier)
        ),
        "forward": forms.ForwardForm(bound("forward"), prefix="forward"),
        "assign": forms.AssignForm(bound("assign"), prefix="assign", officers=_officers_for(task)),
        "send_back": forms.SendBackForm(bound("send_back"), prefix="send_back"),
        "stop": forms.StopForm(bound("stop"), prefix="stop"),
        "note": forms.NoteForm(bound("note"), prefix="note"),
        "scan": forms.ScanForm(bound("scan"), files if failed == "scan" else None, prefix="scan"),
        "ecopy": forms.EcopyForm(
            bound("ecopy"), files if failed == "ecopy" else None, prefix="ecopy"
        ),
        "result": forms.ResultForm(
            bound("result"), files if failed == "result" else None, prefix="result"
        ),
        "extend": forms.ExtensionForm(
            bound("extend"), prefix="extend", initial=_extension_initial(dossier)
        ),
    }


def _run(action: str, dossier: Dossier, request: HttpRequest, form) -> Any:
    """Call the service behind `action` with the cleaned form."""
    user = request.user
    data = form.cleaned_data if form is not None else {}
    calls: dict[str, Callable[[], Any]] = {
        "accept": lambda: services.dossier_accept(
            dossier=dossier, actor=user, expected_state=None, request=request
        ),
        "refuse": lambda: services.dossier_refuse(
            dossier=dossier,
            actor=user,
            reason=data["reason"],
            basis=data["basis"],
            expected_state=None,
            request=request,
        ),
        "supplement": lambda: services.dossier_request_supplement(
            dossier=dossier,
            actor=user,
            items=form.items(),
            reason=data["reason"],
            basis=data["basis"],
            request=request,
        ),
        "supplement_received": lambda: services.dossier_supplement_received(
            dossier=dossier, actor=user, note=data.get("note", ""), request=request
        ),
        "forward": lambda: routing.dossier_forward(
            dossier=dossier,
            actor=user,
            note=data["note"],
            to_agency=data["to_agency"],
            working_days=data["working_days"],
            request=request,
        ),
        "claim": lambda: routing.dossier_task_claim(dossier=dossier, actor=user, request=request),
        "assign": lambda: routing.dossier_task_assign(
            dossier=dossier,
            actor=user,
            request=request,
            assignee=get_user_model().objects.get(username=data["assignee"]),
        ),
        "send_back": lambda: routing.dossier_send_back(
            dossier=dossier, actor=user, reason=data["reason"], request=request
        ),
        "approve": lambda: services.dossier_mark_processed(
            dossier=dossier, actor=user, expected_state=None, request=request
        ),
        "stop": lambda: services.dossier_stop(
            dossier=dossier,
            actor=user,
            reason=data["reason"],
            basis=data["basis"],
            request=request,
        ),
        "return": lambda: services.dossier_return_result(
            dossier=dossier, actor=user, request=request
        ),
        "scan": lambda: (
            attachments.component_upload(
                dossier=dossier,
                actor=user,
                document_name=data["document"],
                fileobj=data["file"],
                filename=data["file"].name,
                originals=data["originals"],
                copies=data["copies"],
                request=request,
            )
            if data["file"]
            else attachments.component_paper(
                dossier=dossier,
                actor=user,
                document_name=data["document"],
                originals=data["originals"],
                copies=data["copies"],
                request=request,
            )
        ),
        "ecopy": lambda: results.ecopy_certify(
            dossier=dossier,
            actor=user,
            title=data["title"],
            fileobj=data["file"],
            filename=data["file"].name,
            request=request,
        ),
        "result": lambda: results.result_issue(
            dossier=dossier,
            actor=user,
            title=data["title"],
            decision_text=data["decision_text"],
            fileobj=data["file"],
            filename=data["file"].name if data["file"] else "",
            request=request,
        ),
        "extend": lambda: lateness.dossier_extension_send(
            dossier=dossier,
            actor=user,
            reason=data["reason"],
            new_due_at=_end_of_working_day(data["new_due_date"]),
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
            request=request,
        ),
    }
    return calls[action]()


def _end_of_working_day(day: dt.date) -> dt.datetime:
    """A return date typed as a day means the end of that day's working hours."""
    calendar = working_calendar()
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(0, 0)))
    moment = calendar.next_working_moment(start)
    if timezone.localtime(moment).date() != day:
        raise DomainError(_("%(day)s is not a working day.") % {"day": day.strftime("%d/%m/%Y")})
    end_of_day = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))
    hours = calendar.working_hours_between(moment, end_of_day)
    return calendar.add_working_hours(moment, hours)


FORM_ACTIONS = {
    "refuse",
    "supplement",
    "forward",
    "assign",
    "send_back",
    "stop",
    "extend",
    "result",
    "scan",
    "ecopy",
}
PLAIN_ACTIONS = {"accept", "claim", "approve", "return", "supplement_received"}


def _load(request: HttpRequest, code: str) -> Dossier:
    try:
        return selectors.dossier_get_for(user=request.user, code=code)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc


@officer_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _load(request, code)
    status, failed, error = 200, "", ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in FORM_ACTIONS | PLAIN_ACTIONS:
            status, error = 400, _("Unknown action.")
        else:
            form = None
            if action in FORM_ACTIONS:
                form = _forms(
                    dossier, routing.open_task(dossier), request.POST, action, request.FILES
                )[action]
            elif action == "supplement_received":
                form = forms.NoteForm(request.POST, prefix="note")
            if form is not None and not form.is_valid():
                status, failed = 400, action
                error = _("Check the form: some fields are missing or wrong.")
            else:
                try:
                    _run(action, dossier, request, form)
                except DomainError as exc:
                    status, failed, error = exc.http_status, action, exc.detail
                else:
                    messages.success(request, _("Done."))
                    return redirect("backoffice:dossier", code=dossier.code)
        dossier = _load(request, code)
    task = routing.open_task(dossier)
    with transaction.atomic():
        audit_record(actor=request.user, action="dossier.view", target=dossier, request=request)
    context = {
        "dossier": dossier,
        "task": task,
        "may_act": task is not None and routing.may_act_on_task(request.user, task),
        "plan": routing.plan_of(dossier),
        "events": dossier.events.select_related("actor", "agency").order_by("occurred_at", "pk"),
        "tasks": dossier.tasks.select_related("agency", "assignee").order_by("created_at", "pk"),
        "waits": dossier.waits.order_by("requested_at"),
        "extensions": dossier.extensions.order_by("drafted_at"),
        "forms": _forms(dossier, task, request.POST if failed else None, failed),
        "results": dossier.results.select_related("signed_document"),
        "completeness": attachments.completeness(dossier),
        "extra_components": dossier.components.exclude(
            document_name__in=attachments.catalog_document_names(dossier)
        ).select_related("file"),
        "failed": failed,
        "error": error,
        "S": {state.name: state.value for state in S},
        "is_head": routing.may_supervise(request.user, dossier.competent_agency),
    }
    return render(request, "backoffice/dossier.html", context, status=status)


@officer_required
def dossier_form(request: HttpRequest, code: str, form: str) -> HttpResponse:
    """A form of the dossier as PDF (receipt, supplement request, refusal, …), audited."""
    dossier = _load(request, code)
    try:
        return paperwork.dossier_form_download(request, dossier, form)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc
