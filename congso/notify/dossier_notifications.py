# SPDX-License-Identifier: MIT
"""Which dossier events reach whom, with which words.

The applicant hears about every change of state, and about the apology with a new date
(which does not change the state); the officer holding a dossier and the heads of that
agency hear that it is due soon or overdue. One message per person and event: the key is the
dossier event's id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone, translation

from congso.dossiers.documents import tracking_url
from congso.dossiers.models import Dossier, DossierEvent, TaskState
from congso.workflow.states import DossierState

from .events import NotificationEvent as E
from .models import Message
from .recipients import Recipient, recipient_for_contact, recipient_for_user
from .services import notification_send

ACTION_EVENTS: dict[str, str] = {
    "register": E.RECEIVED,
    "accept": E.ACCEPTED,
    "request_supplement": E.SUPPLEMENT_NEEDED,
    "refuse": E.REFUSED,
    "stop": E.STOPPED,
    "processed": E.RESULT_READY,
    "extend": E.LATE_APOLOGY,
}
WARNING_ACTIONS = frozenset({"due_soon_warning", "overdue_warning"})


def local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def applicant_recipient(dossier: Dossier) -> Recipient:
    if dossier.applicant_user is not None:
        return recipient_for_user(
            dossier.applicant_user,
            email=dossier.applicant_email,
            phone=dossier.applicant_phone,
            name=dossier.applicant_name,
        )
    return recipient_for_contact(
        key=f"dossier-applicant:{dossier.pk}",
        name=dossier.applicant_name,
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
    )


def dossier_context(dossier: Dossier, event: DossierEvent, *, language: str) -> dict[str, Any]:
    """The template variables for the applicant, in `language`."""
    with translation.override(language):
        state = str(dossier.get_state_display())
        procedure = str(dossier.procedure.name)
    context: dict[str, Any] = {
        "name": dossier.applicant_name,
        "code": dossier.code,
        "procedure": procedure,
        "state": state,
        "due": local(dossier.due_at) if dossier.state != DossierState.RETURNED else "",
        "note": event.public_note,
        "tracking_url": tracking_url(dossier),
        "reason": str(event.details.get("reason", "")),
        "basis": str(event.details.get("basis", "")),
    }
    if event.action == "extend":
        extension = dossier.extensions.filter(sent_at__isnull=False).order_by("-sent_at").first()
        context.update(
            due=local(event.due_after),
            old_due=local(event.due_before),
            reason=extension.reason if extension else "",
            agency=str(event.agency.name) if event.agency_id else "",
        )
    return context


def dossier_event_notify(event: DossierEvent) -> list[Message]:
    """Write the messages one dossier event causes (inside the event's transaction)."""
    if event.action in WARNING_ACTIONS:
        return _due_warnings(event)
    notification = ACTION_EVENTS.get(event.action)
    if notification is None:
        if not event.to_state or event.from_state == event.to_state:
            return []
        changed_to_payment = event.to_state == DossierState.AWAITING_PAYMENT
        notification = E.PAYMENT_DUE if changed_to_payment else E.STATUS_CHANGED
    dossier = _event_dossier(event)
    if dossier is None:
        return []
    recipient = applicant_recipient(dossier)
    message = notification_send(
        event=notification,
        recipient=recipient,
        context=dossier_context(dossier, event, language=recipient.language),
        subject_object=dossier,
        key=f"dossier-event:{event.pk}",
        new_key=True,  # the event was created in this transaction
    )
    return [message] if message else []


def _event_dossier(event: DossierEvent) -> Dossier | None:
    """The dossier the event was recorded with (the service's own, just saved), else read."""
    if DossierEvent._meta.get_field("dossier").is_cached(event):
        return event.dossier
    return (
        Dossier.objects.select_related("procedure", "applicant_user__citizen")
        .filter(pk=event.dossier_id)
        .first()
    )


def _due_warnings(event: DossierEvent) -> list[Message]:
    from congso.accounts.models import OfficerRole, OfficerRoleKind
    from congso.accounts.selectors import active_on_q

    dossier = Dossier.objects.select_related("procedure", "current_agency").get(pk=event.dossier_id)
    if dossier.current_agency is None:
        return []
    task = dossier.tasks.filter(state=TaskState.OPEN).select_related("assignee").first()
    heads = OfficerRole.objects.filter(
        active_on_q(), agency=dossier.current_agency, role=OfficerRoleKind.HEAD
    ).select_related("user")
    officers = {role.user_id: role.user for role in heads}
    if task is not None and task.assignee is not None:
        officers[task.assignee_id] = task.assignee
    messages = []
    for user_id in sorted(officers):
        officer = officers[user_id]
        recipient = recipient_for_user(officer, name=officer.full_name or officer.get_username())
        with translation.override(recipient.language):
            procedure = str(dossier.procedure.name)
        holder = task.assignee.get_username() if task and task.assignee else ""
        message = notification_send(
            event=E.DUE_WARNING,
            recipient=recipient,
            context={
                "name": recipient.name,
                "code": dossier.code,
                "procedure": procedure,
                "due": local(dossier.due_at),
                "step": task.name if task else "",
                "holder": holder,
                "overdue": event.action == "overdue_warning",
            },
            subject_object=dossier,
            key=f"dossier-event:{event.pk}",
        )
        if message:
            messages.append(message)
    return messages
