# SPDX-License-Identifier: MIT
"""Reads of dossiers, always scoped to who is asking.

A citizen sees the dossiers filed from their account; an officer those of the agencies
where they hold a role (as receiving or competent agency); a superuser everything.
Anyone with a dossier's code and PIN sees its public timeline, without personal data.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.accounts.selectors import officer_agencies_for
from congso.core.calendar import working_calendar
from congso.core.exceptions import NotFoundError
from congso.core.lookups import in_literal
from congso.workflow.states import DossierState

from .models import Dossier, DossierEvent, DossierTask, TaskState


def _routed_to(agencies: QuerySet) -> Exists:
    """Dossiers with a step (open or past) at one of `agencies`: routed there, liên thông too."""
    return Exists(DossierTask.objects.filter(dossier=OuterRef("pk"), agency__in=agencies))


def dossier_list_for(*, user: AbstractBaseUser | AnonymousUser | None) -> QuerySet[Dossier]:
    queryset = Dossier.objects.select_related("procedure", "receiving_agency", "competent_agency")
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    agencies = officer_agencies_for(user=user)
    return queryset.filter(
        Q(applicant_user=user)
        | Q(receiving_agency__in=agencies)
        | Q(competent_agency__in=agencies)
        | _routed_to(agencies)
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


OPEN_STATES = (
    DossierState.AWAITING_RECEPTION,
    DossierState.ACCEPTED,
    DossierState.PROCESSING,
    DossierState.AWAITING_SUPPLEMENT,
    DossierState.AWAITING_PAYMENT,
    DossierState.PROCESSED,
)


INBOX_FIELDS = (
    "code",
    "pin",
    "state",
    "channel",
    "applicant_name",
    "applicant_user_id",
    "submitted_at",
    "accepted_at",
    "due_at",
    "original_due_at",
    "paused_at",
    "processing_ended_at",
    "supplement_count",
    "procedure__code",
    "procedure__name",
)


def _inbox_base(agency_ids: list[int]) -> QuerySet[Dossier]:
    """Open dossiers held by these agencies; one agency (the usual case) is an equality,
    which lets the database read the inbox in index order (`dossier_inbox_order`, whose
    condition the states repeat word for word: see core.lookups.InLiteral)."""
    queryset = Dossier.objects.filter(in_literal("state", OPEN_STATES))
    if len(agency_ids) == 1:
        return queryset.filter(current_agency_id=agency_ids[0])
    return queryset.filter(current_agency_id__in=agency_ids)


def _agency_ids(user: AbstractBaseUser | AnonymousUser | None) -> list[int]:
    if user is None or not user.is_authenticated:
        return []
    return list(officer_agencies_for(user=user).values_list("pk", flat=True))


def dossier_inbox_for(
    *, user: AbstractBaseUser | AnonymousUser | None, agency_ids: list[int] | None = None
) -> QuerySet[Dossier]:
    """The officer's open work: dossiers their agencies hold now (`Dossier.current_agency`).

    Waiting for reception first (oldest first), then by due date, the most urgent (and the
    overdue) first; dossiers waiting for the applicant come last (`Dossier.inbox_queue`).
    """
    if agency_ids is None:
        agency_ids = _agency_ids(user)
    if not agency_ids:
        return Dossier.objects.none()
    return (
        _inbox_base(agency_ids)
        .select_related("procedure")
        # The inbox shows a few columns: loading the JSON of the dossier and of the
        # procedure's record for each row would cost more than the query itself.
        .only(*INBOX_FIELDS)
        .order_by("inbox_queue", "due_at", "submitted_at", "pk")
    )


@dataclass
class InboxRow:
    dossier: Dossier
    working_hours_left: float | None
    overdue: bool


def dossier_inbox_page(
    *, user: AbstractBaseUser | AnonymousUser | None, limit: int, offset: int
) -> tuple[list[InboxRow], int]:
    """One page of the inbox with each dossier's working time left (negative: late).

    The open step of each row (name, holder, step due date) is read for the page only, in
    one query: as a correlated subquery it would run for every open dossier before sorting.
    """
    agency_ids = _agency_ids(user)
    page = list(dossier_inbox_for(user=user, agency_ids=agency_ids)[offset : offset + limit])
    # (name, due date, holder's user name) of each open step: three columns, not two models.
    holder = "assignee__" + get_user_model().USERNAME_FIELD
    steps = {
        dossier_id: step
        for dossier_id, *step in DossierTask.objects.filter(
            dossier__in=[d.pk for d in page], state=TaskState.OPEN
        ).values_list("dossier_id", "name", "due_at", holder)
    }
    now = timezone.now()
    calendar = working_calendar()
    rows = []
    for dossier in page:
        dossier.step_name, dossier.step_due_at, dossier.step_assignee = steps.get(
            dossier.pk, (None, None, None)
        )
        left = None
        if dossier.due_at is not None:
            left = float(calendar.working_hours_between(dossier.paused_at or now, dossier.due_at))
        overdue = dossier.due_at is not None and dossier.paused_at is None and dossier.due_at < now
        rows.append(InboxRow(dossier, left, overdue))
    return rows, (_inbox_base(agency_ids).count() if agency_ids else 0)
