# SPDX-License-Identifier: MIT
"""Reads of dossiers, always scoped to who is asking.

A citizen sees the dossiers filed from their account; an officer those of the agencies
where they hold a role (as receiving or competent agency); a superuser everything.
Anyone with a dossier's code and PIN sees its public timeline, without personal data.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from congso.accounts.selectors import officer_agencies_for
from congso.core.exceptions import NotFoundError
from congso.workflow.states import DossierState

from .models import Dossier, DossierEvent


def dossier_list_for(*, user: AbstractBaseUser | AnonymousUser | None) -> QuerySet[Dossier]:
    queryset = Dossier.objects.select_related("procedure", "receiving_agency", "competent_agency")
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    agencies = officer_agencies_for(user=user)
    return queryset.filter(
        Q(applicant_user=user) | Q(receiving_agency__in=agencies) | Q(competent_agency__in=agencies)
    )


def dossier_get_for(*, user: AbstractBaseUser | AnonymousUser | None, code: str) -> Dossier:
    dossier = dossier_list_for(user=user).filter(code=code).first()
    if dossier is None:
        # The same answer whether the dossier does not exist or is someone else's.
        raise NotFoundError(_("No dossier %(code)s among yours.") % {"code": code[:40]})
    return dossier


def dossier_public_timeline(*, code: str, pin: str) -> dict[str, Any]:
    """The status history a holder of the receipt may see: no names, no notes for officers."""
    dossier = Dossier.objects.select_related("procedure").filter(code=code[:40]).first()
    if dossier is None or not hmac.compare_digest(dossier.pin, pin.strip()[:12]):
        raise NotFoundError(_("No dossier matches this code and PIN."))
    events = DossierEvent.objects.filter(dossier=dossier).order_by("occurred_at", "pk")
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "state": dossier.state,
        "due_at": dossier.due_at,
        "events": [
            {
                "at": event.occurred_at,
                "state": event.to_state,
                "state_label": str(DossierState(event.to_state).label) if event.to_state else "",
                "note": event.public_note,
                "due_before": event.due_before,
                "due_after": event.due_after,
            }
            for event in events
        ],
    }
