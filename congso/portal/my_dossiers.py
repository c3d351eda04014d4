# SPDX-License-Identifier: MIT
"""A signed-in applicant's pages: their dossiers, one dossier, its files, its result.

Every read goes through the dossier selectors (the applicant's own dossiers only); every
view of personal data or download is audited.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congso.core.audit import audit_record
from congso.core.exceptions import DomainError, NotFoundError
from congso.dossiers import attachments, paperwork, selectors, services
from congso.dossiers.models import Dossier, DossierResult, PersonalDocument, RatingGrade
from congso.workflow.states import DossierState as S


class SupplementUploadForm(forms.Form):
    document = forms.ChoiceField(label=gettext_lazy("Document"))
    file = forms.FileField(label=gettext_lazy("File (PDF, JPEG, PNG, DOCX or XLSX)"))

    def __init__(self, *args, names: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [(n, n) for n in names]


class RatingForm(forms.Form):
    grade = forms.ChoiceField(
        label=gettext_lazy("How satisfied are you?"),
        choices=RatingGrade.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, max_length=2000, widget=forms.Textarea
    )


def _mine(request: HttpRequest, code: str) -> Dossier:
    dossier = selectors.dossier_list_for(user=request.user).filter(
        code=code[:40], applicant_user=request.user
    )
    dossier = dossier.first()
    if dossier is None:
        raise Http404(_("No dossier %(code)s among yours.") % {"code": code[:40]})
    return dossier


@login_required
def my_dossier_list(request: HttpRequest) -> HttpResponse:
    dossiers = (
        Dossier.objects.filter(applicant_user=request.user)
        .select_related("procedure")
        .order_by("-submitted_at")[:200]
    )
    store = PersonalDocument.objects.filter(owner=request.user).select_related("issued_by")
    return render(request, "portal/my_dossiers.html", {"dossiers": dossiers, "store": store[:100]})


def _requested_items(dossier: Dossier) -> list[str]:
    wait = dossier.waits.filter(answered_at__isnull=True, kind="supplement").first()
    return list(wait.items) if wait else []


def _timeline(dossier: Dossier) -> list:
    """The applicant's history: state changes and notes meant for them, never internal notes."""
    events = []
    for event in dossier.events.order_by("occurred_at", "pk"):
        changed = bool(event.to_state) and event.to_state != event.from_state
        if changed or event.public_note:
            event.state_label = S(event.to_state).label if changed else ""
            events.append(event)
    return events


@login_required
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _mine(request, code)
    names = _requested_items(dossier) or attachments.catalog_document_names(dossier)
    upload = SupplementUploadForm(names=names)
    rating = RatingForm()
    status, error = 200, ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "upload":
                upload = SupplementUploadForm(request.POST, request.FILES, names=names)
                if not upload.is_valid():
                    raise DomainError(_("Choose the document and the file."))
                attachments.component_upload(
                    dossier=dossier,
                    actor=request.user,
                    document_name=upload.cleaned_data["document"],
                    fileobj=upload.cleaned_data["file"],
                    filename=upload.cleaned_data["file"].name,
                    request=request,
                )
            elif action == "supplement_done":
                services.dossier_supplement_received(
                    dossier=dossier, actor=request.user, request=request
                )
            elif action == "withdraw":
                services.dossier_withdraw(
                    dossier=dossier,
                    actor=request.user,
                    reason=request.POST.get("reason", "")[:2000],
                    request=request,
                )
            elif action == "rate":
                rating = RatingForm(request.POST)
                if not rating.is_valid():
                    raise DomainError(_("Choose how satisfied you are."))
                services.dossier_rate(
                    dossier=dossier,
                    actor=request.user,
                    grade=rating.cleaned_data["grade"],
                    comment=rating.cleaned_data["comment"],
                    request=request,
                )
            else:
                raise DomainError(_("Unknown action."))
        except DomainError as exc:
            status, error = exc.http_status, exc.detail
        else:
            return redirect("portal:my_dossier", code=dossier.code)
        dossier = _mine(request, code)
    with transaction.atomic():
        audit_record(actor=request.user, action="dossier.view", target=dossier, request=request)
    context = {
        "dossier": dossier,
        "events": _timeline(dossier),
        "components": dossier.components.select_related("file"),
        "results": DossierResult.objects.filter(dossier=dossier).select_related("signed_document"),
        "waits": dossier.waits.filter(kind="supplement").order_by("requested_at"),
        "extensions": dossier.extensions.filter(sent_at__isnull=False),
        "requested": _requested_items(dossier),
        "upload": upload,
        "rating_form": rating,
        "rated": hasattr(dossier, "rating"),
        "error": error,
        "S": {state.name: state.value for state in S},
        "store": PersonalDocument.objects.filter(owner=request.user)[:50],
    }
    return render(request, "portal/my_dossier.html", context, status=status)


@login_required
def my_dossier_file(request: HttpRequest, code: str, kind: str, pk: int) -> HttpResponse:
    """A component's file or a result, for the applicant only."""
    dossier = _mine(request, code)
    if kind == "ket-qua":
        result = DossierResult.objects.filter(dossier=dossier, pk=pk).select_related("file")
        item = result.first()
        stored, note = (item.file, item.title) if item else (None, "")
    else:
        component = dossier.components.filter(pk=pk).select_related("file").first()
        stored, note = (component.file, component.document_name) if component else (None, "")
    if stored is None:
        raise Http404(_("This dossier has no such document."))
    return attachments.stored_file_download(request, dossier, stored, note=note)


@login_required
def my_dossier_form(request: HttpRequest, code: str, form: str) -> HttpResponse:
    dossier = _mine(request, code)
    if form not in paperwork.APPLICANT_FORMS:
        raise Http404(_("This dossier has no such document."))
    try:
        return paperwork.dossier_form_download(request, dossier, form)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc
