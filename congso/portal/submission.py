# SPDX-License-Identifier: MIT
"""The guided online application: one page per step, one question group per page.

Steps: what you need → each question group → documents → fees → review → submit. Every
page works without JavaScript; answers are saved on each page, so the application can be
left and resumed (from the procedure page or "My dossiers").
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.accounts.selectors import citizen_for_user, representations_for
from congso.catalog import selectors as catalog_selectors
from congso.catalog.formschema import (
    form_groups,
    form_parse_group,
    form_summary,
    render_group,
)
from congso.core.exceptions import DomainError, NotFoundError
from congso.dossiers import drafts
from congso.dossiers.models import PersonalDocument, SubmissionDraft
from congso.files.models import StoredFile


class DocumentUploadForm(forms.Form):
    document = forms.CharField(widget=forms.HiddenInput, max_length=500)
    file = forms.FileField(label=gettext_lazy("File (PDF, JPEG, PNG, DOCX or XLSX)"))


def _draft(request: HttpRequest, pk: int) -> SubmissionDraft:
    try:
        return drafts.draft_get(user=request.user, pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc


def _steps(draft: SubmissionDraft, current: str) -> list[dict[str, object]]:
    schema = drafts.form_schema_of(draft.procedure)
    steps = [{"key": g.key, "title": g.title} for g in form_groups(schema)]
    steps += [
        {"key": "giay-to", "title": _("Documents")},
        {"key": "le-phi", "title": _("Fees")},
        {"key": "xem-lai", "title": _("Review and submit")},
    ]
    for step in steps:
        step["current"] = step["key"] == current
    return steps


def _next_after(draft: SubmissionDraft, key: str) -> str:
    keys = [step["key"] for step in _steps(draft, "")]
    return keys[keys.index(key) + 1]


def _procedure(code: str):
    try:
        return catalog_selectors.procedure_get_public(code=code)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return -1  # never a representation: refused as such


@login_required
def submission_start(request: HttpRequest, code: str) -> HttpResponse:
    """What you need: documents, time, fees; then start (or resume) the application."""
    procedure = _procedure(code)
    error, status = "", 200
    citizen = citizen_for_user(user=request.user)
    representations = list(representations_for(citizen=citizen)) if citizen else []
    if request.method == "POST":
        try:
            draft = drafts.draft_start(
                user=request.user,
                procedure=procedure,
                representation_id=_int(request.POST.get("on_behalf")),
            )
        except DomainError as exc:
            error, status = exc.detail, exc.http_status
        else:
            first = _steps(draft, "")[0]["key"]
            return redirect("portal:submission_step", pk=draft.pk, step=first)
    return render(
        request,
        "portal/submission_start.html",
        {"procedure": procedure, "error": error, "representations": representations},
        status=status,
    )


def _group_page(request: HttpRequest, draft: SubmissionDraft, key: str) -> HttpResponse:
    schema = drafts.form_schema_of(draft.procedure)
    if key not in [g.key for g in form_groups(schema)]:
        raise Http404(_("No such step."))
    values = draft.form_data.get(key, {})
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values, errors = form_parse_group(schema, key, request.POST)
        drafts.draft_save_group(draft=draft, group_key=key, values=values)
        if not errors:
            return redirect("portal:submission_step", pk=draft.pk, step=_next_after(draft, key))
        status = 400
    return render(
        request,
        "portal/submission_group.html",
        {
            "draft": draft,
            "steps": _steps(draft, key),
            "fields_html": render_group(schema, key, values, errors, request=request),
            "errors": errors,
        },
        status=status,
    )


def _documents_page(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    status, error = 200, ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "upload":
                form = DocumentUploadForm(request.POST, request.FILES)
                if not form.is_valid():
                    raise DomainError(_("Choose a file to upload."))
                drafts.draft_add_file(
                    draft=draft,
                    document_name=form.cleaned_data["document"],
                    fileobj=form.cleaned_data["file"],
                    filename=form.cleaned_data["file"].name,
                )
            elif action == "reuse":
                drafts.draft_reuse(
                    draft=draft,
                    document_name=request.POST.get("document", ""),
                    personal_document_id=int(request.POST.get("personal_document") or 0),
                )
            elif action == "remove":
                drafts.draft_remove_attachment(
                    draft=draft, index=int(request.POST.get("index") or -1)
                )
            else:
                raise DomainError(_("Unknown action."))
        except (DomainError, ValueError) as exc:
            status = getattr(exc, "http_status", 400)
            error = getattr(exc, "detail", _("Unknown action."))
        else:
            return redirect("portal:submission_step", pk=draft.pk, step="giay-to")
        draft = _draft(request, draft.pk)
    files = {
        f.pk: f for f in StoredFile.objects.filter(pk__in=[a["file"] for a in draft.attachments])
    }
    attached = [
        {
            "index": i,
            "document": a["document"],
            "file": files.get(a["file"]),
            "reused": bool(a.get("personal_document")),
        }
        for i, a in enumerate(draft.attachments)
    ]
    documents = draft.procedure.documents.order_by("position", "pk")
    return render(
        request,
        "portal/submission_documents.html",
        {
            "draft": draft,
            "steps": _steps(draft, "giay-to"),
            "documents": documents,
            "attached": attached,
            "covered": {a["document"] for a in draft.attachments},
            "store": PersonalDocument.objects.filter(owner=request.user)[:50],
            "error": error,
        },
        status=status,
    )


def _fees_page(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    if request.method == "POST":
        return redirect("portal:submission_step", pk=draft.pk, step="xem-lai")
    return render(
        request,
        "portal/submission_fees.html",
        {
            "draft": draft,
            "steps": _steps(draft, "le-phi"),
            "fees": draft.procedure.fees.all(),
            "channels": draft.procedure.channels.filter(kind="online"),
        },
    )


def _review_page(request: HttpRequest, draft: SubmissionDraft) -> HttpResponse:
    schema = drafts.form_schema_of(draft.procedure)
    status, error = 200, ""
    if request.method == "POST":
        try:
            dossier = drafts.draft_submit(draft=draft, request=request)
        except DomainError as exc:
            status, error = exc.http_status, exc.detail
        else:
            return redirect("portal:my_dossier", code=dossier.code)
    return render(
        request,
        "portal/submission_review.html",
        {
            "draft": draft,
            "steps": _steps(draft, "xem-lai"),
            "summary": form_summary(schema, draft.form_data),
            "attachments": draft.attachments,
            "error": error,
        },
        status=status,
    )


@login_required
def submission_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    draft = _draft(request, pk)
    pages = {"giay-to": _documents_page, "le-phi": _fees_page, "xem-lai": _review_page}
    if step in pages:
        return pages[step](request, draft)
    return _group_page(request, draft, step)
