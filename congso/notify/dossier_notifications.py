# SPDX-License-Identifier: MIT
"""Which dossier events reach whom, with which words.

The applicant hears about every change of state, and about the apology with a new date
(which does not change the state); the officer holding a dossier and the heads of that
agency hear that it is due soon or overdue. One message per person and event: the key is the
dossier event's id.

The messages are written by a task (`tasks.dossier_event_messages_write`), not by the request
that changed the dossier: the change only enqueues it, with a snapshot of what may move
before the task runs (the state and the due date at that moment; see
`dossier_event_snapshot`). Who the person is, their language and channel, the template and
the message row all cost the task, not the citizen or officer waiting for the page.
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
Snapshot = dict[str, str]  # what a message says that may change before its task runs


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


def dossier_context(
    dossier: Dossier, event: DossierEvent, *, language: str, snapshot: Snapshot | None = None
) -> dict[str, Any]:
    """The template variables for the applicant, in `language`.

    `snapshot` holds the dossier's state and due date as they were when the event was
    recorded (`dossier_event_snapshot`); without it they are read from `dossier`.
    """
    snapshot = snapshot or dossier_event_snapshot(event, dossier)
    state = snapshot["state"]
    due_at = dt.datetime.fromisoformat(snapshot["due_at"]) if snapshot["due_at"] else None
    with translation.override(language):
        state_label = str(DossierState(state).label) if state in DossierState.values else state
        procedure = str(dossier.procedure.name)
    context: dict[str, Any] = {
        "name": dossier.applicant_name,
        "code": dossier.code,
        "procedure": procedure,
        "state": state_label,
        "due": local(due_at) if state != DossierState.RETURNED else "",
        "note": event.public_note,
        "tracking_url": tracking_url(dossier),
        "reason": str(event.details.get("reason", "")),
        "basis": str(event.details.get("basis", "")),
    }
    if event.action == "extend":
        context.update(
            due=local(event.due_after),
            old_due=local(event.due_before),
            reason=snapshot.get("extension_reason", ""),
            agency=str(event.agency.name) if event.agency_id else "",
        )
    return context


def dossier_event_tells(event: DossierEvent) -> bool:
    """Whether the event can cause a message at all (decided without reading anything)."""
    return (
        event.action in WARNING_ACTIONS
        or event.action in ACTION_EVENTS
        or bool(event.to_state and event.from_state != event.to_state)
    )


def dossier_event_snapshot(event: DossierEvent, dossier: Dossier | None = None) -> Snapshot:
    """What the applicant's message says that may change before its task runs: the dossier's
    state and due date when the event was recorded, and an apology's reason.

    Read from the dossier the service just saved (no query); only an apology (rare) reads
    the extension it sends.
    """
    if dossier is None:
        dossier = event.dossier
    snapshot = {
        "state": str(dossier.state),
        "due_at": dossier.due_at.isoformat() if dossier.due_at else "",
    }
    if event.action == "extend":
        extension = dossier.extensions.filter(sent_at__isnull=False).order_by("-sent_at").first()
        snapshot["extension_reason"] = extension.reason if extension else ""
    return snapshot


def dossier_event_notify(event: DossierEvent, snapshot: Snapshot | None = None) -> list[Message]:
    """Write the messages one dossier event causes; each is sent once its row is committed.

    `snapshot`: see `dossier_event_snapshot` (taken now when not given).
    """
    if event.action in WARNING_ACTIONS:
        return _due_warnings(event)
    notification = ACTION_EVENTS.get(event.action)
    if notification is None:
        if not dossier_event_tells(event):
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
        context=dossier_context(dossier, event, language=recipient.language, snapshot=snapshot),
        subject_object=dossier,
        key=f"dossier-event:{event.pk}",  # a task run twice finds its message
    )
    return [message] if message else []


def _event_dossier(event: DossierEvent) -> Dossier | None:
    """The dossier the event was recorded with when it is at hand, else read."""
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
