# SPDX-License-Identifier: MIT
"""The reception desk: register a dossier brought in person or by post."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from congso.accounts.models import OfficerRoleKind
from congso.accounts.selectors import officer_roles_for
from congso.catalog.models import Procedure
from congso.core.exceptions import DomainError
from congso.core.models import Agency
from congso.dossiers import services

from .access import officer_required
from .forms import DeskRegistrationForm


def _desk_agencies(user):
    roles = officer_roles_for(user=user).filter(
        role__in=[OfficerRoleKind.RECEPTION, OfficerRoleKind.HEAD, OfficerRoleKind.AGENCY_ADMIN]
    )
    return Agency.objects.filter(pk__in=roles.values("agency_id")).order_by("name")


@officer_required
def desk_register(request: HttpRequest) -> HttpResponse:
    agencies = _desk_agencies(request.user)
    form = DeskRegistrationForm(request.POST or None, agencies=agencies)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            procedure = Procedure.objects.filter(code=data["procedure_code"]).first()
            if procedure is None:
                form.add_error("procedure_code", _("No published procedure has this code."))
            else:
                try:
                    dossier = services.dossier_register(
                        procedure=procedure,
                        receiving_agency=data["agency"],
                        channel=data["channel"],
                        source="desk" if data["channel"] == "direct" else "post",
                        applicant_name=data["applicant_name"],
                        applicant_fields={
                            "applicant_id_number": data["applicant_id_number"],
                            "applicant_phone": data["applicant_phone"],
                            "applicant_email": data["applicant_email"],
                            "applicant_address": data["applicant_address"],
                        },
                        summary=data["summary"],
                        actor=request.user,
                        request=request,
                    )
                except DomainError as exc:
                    form.add_error(None, exc.detail)
                    status = exc.http_status
                else:
                    return redirect("backoffice:dossier", code=dossier.code)
    return render(request, "backoffice/desk_register.html", {"form": form}, status=status)
