# SPDX-License-Identifier: MIT
"""The dossier register (Sổ theo dõi hồ sơ) of one of the officer's agencies, as PDF or XLSX."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.accounts.selectors import officer_agencies_for
from congso.core.audit import audit_record
from congso.core.exceptions import DomainError
from congso.dossiers import registers

from .access import officer_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RegisterForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, to_field_name="code")
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("xlsx", "Excel")])

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = officer_agencies_for(user=user).order_by("name")


@officer_required
def dossier_register(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = RegisterForm(
        request.GET or None,
        user=request.user,
        initial={"start": today.replace(day=1), "end": today, "format": "pdf"},
    )
    if not request.GET or not form.is_valid():
        status = 400 if request.GET else 200
        return render(request, "backoffice/register.html", {"form": form}, status=status)
    agency, start, end = (form.cleaned_data[k] for k in ("agency", "start", "end"))
    kind = form.cleaned_data["format"]
    try:
        if kind == "xlsx":
            body, content_type = registers.register_xlsx(agency, start, end), XLSX
        else:
            body, content_type = registers.register_pdf(agency, start, end), "application/pdf"
    except DomainError as exc:
        form.add_error(None, exc.detail)
        return render(request, "backoffice/register.html", {"form": form}, status=400)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="register.download",
            target=agency,
            changes={"start": start.isoformat(), "end": end.isoformat(), "format": kind},
            request=request,
        )
    response = HttpResponse(body, content_type=content_type)
    name = f"so-theo-doi-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
