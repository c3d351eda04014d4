# SPDX-License-Identifier: MIT
"""Which field-report events reach whom, with which words.

* The reporter and everyone who joined the report ("me too", merged duplicates) hear about
  each public status change: `field_report_answered` for the answer (with the answer and the
  public page), `field_report_status_changed` for the others (and for "a duplicate was merged
  into this report").
* The reporter gets the private link to confirm, reopen or rate (`field_report_received`),
  by e-mail, or by SMS when they left only a phone number: never Zalo, never anyone else.
* The heads of the responsible agency hear that a report is overdue (`field_report_escalated`).

One message per person and event: the key is the FieldReportEvent's id (the report's id for
the private link). The field-report app sends its signals inside its transaction; the
receivers (receivers.py) write the messages there, and notify sends them after commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.utils import timezone, translation

from congso.feedback.models import EventKind, FieldReport, FieldReportEvent
from congso.feedback.notifications import (
    ReportContact,
    report_contacts,
    report_officer_url,
    report_public_url,
    reporter_contact,
)
from congso.feedback.states import Status

from .events import Channel
from .events import NotificationEvent as E
from .models import Message
from .recipients import Recipient, recipient_for_contact, recipient_for_user
from .services import notification_send

# Events the people of a report are not told about (their own rating, moderation, the
# creation itself: the private link says that).
QUIET_KINDS = frozenset({EventKind.RECEIVED, EventKind.RATED, EventKind.HIDDEN, EventKind.SHOWN})
# The private link travels only where the reporter alone reads it: e-mail first, else SMS.
PRIVATE_LINK_CHANNELS: tuple[str, ...] = (Channel.EMAIL, Channel.SMS)


def local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def contact_recipient(contact: ReportContact) -> Recipient:
    """A reporter or supporter: their account's preferences when they were signed in."""
    if contact.user is not None:
        return recipient_for_user(
            contact.user, email=contact.email, phone=contact.phone, name=contact.name
        )
    return recipient_for_contact(
        key=contact.key, name=contact.name, email=contact.email, phone=contact.phone
    )


def _report(report_id: int) -> FieldReport | None:
    return (
        FieldReport.objects.select_related("category", "agency", "reporter")
        .filter(pk=report_id)
        .first()
    )


def report_context(report: FieldReport, *, language: str, name: str = "") -> dict[str, Any]:
    """The template variables every field-report message has, in `language`."""
    english = language == "en"
    with translation.override(language):
        status = str(Status(report.status).label)
    agency = report.agency
    return {
        "name": name,
        "report_code": str(report),
        "title": (english and report.category.name_en) or report.category.name,
        "agency": ((english and agency.name_en) or agency.name) if agency else "",
        "status": status,
        "due": local(report.due_at),
        "report_url": report_public_url(report, language=language),
    }


def field_report_event_notify(event: FieldReportEvent) -> list[Message]:
    """Write the messages one field-report event causes (inside the event's transaction)."""
    if event.kind in QUIET_KINDS or not event.is_public:
        return []
    report = _report(event.report_id)
    if report is None:
        return []
    if event.kind == EventKind.ESCALATED:
        return _escalation(report, event)
    answered = event.kind == EventKind.ANSWERED
    notification = E.FIELD_REPORT_ANSWERED if answered else E.FIELD_REPORT_STATUS_CHANGED
    messages = []
    for recipient in _people(report):
        context = report_context(report, language=recipient.language, name=recipient.name)
        context.update(note=event.note, answer=report.answer if answered else "")
        message = notification_send(
            event=notification,
            recipient=recipient,
            context=context,
            subject_object=report,
            key=f"field-report-event:{event.pk}",
        )
        if message:
            messages.append(message)
    return messages


def _people(report: FieldReport) -> list[Recipient]:
    """The reporter and the supporters, each once (the same account or address twice is one
    person: a merged duplicate's reporter may also have said "me too")."""
    people: list[Recipient] = []
    seen: set[str] = set()
    for contact in report_contacts(report):
        recipient = contact_recipient(contact)
        same = {recipient.key} | {
            f"{channel}:{address}"
            for channel in (Channel.EMAIL, Channel.SMS)
            if (address := recipient.address(channel))
        }
        if same & seen:
            continue
        seen |= same
        people.append(recipient)
    return people


def field_report_received_notify(report: FieldReport, *, manage_url: str) -> Message | None:
    """Give the reporter the private link (e-mail, or SMS when they left only a phone)."""
    contact = reporter_contact(report)
    if contact is None:
        return None
    recipient = contact_recipient(contact)
    recipient = dataclasses.replace(
        recipient, channels=tuple(c for c in PRIVATE_LINK_CHANNELS if c in recipient.channels)
    )
    report = _report(report.pk) or report
    context = report_context(report, language=recipient.language, name=recipient.name)
    context["manage_url"] = manage_url
    return notification_send(
        event=E.FIELD_REPORT_RECEIVED,
        recipient=recipient,
        context=context,
        subject_object=report,
        key=f"field-report-received:{report.pk}",
    )


def _escalation(report: FieldReport, event: FieldReportEvent) -> list[Message]:
    """One message to each head of the responsible agency."""
    from congso.accounts.models import OfficerRole, OfficerRoleKind
    from congso.accounts.selectors import active_on_q

    if report.agency_id is None:
        return []
    roles = OfficerRole.objects.filter(
        active_on_q(), agency_id=report.agency_id, role=OfficerRoleKind.HEAD, user__is_active=True
    ).select_related("user")
    heads = {role.user_id: role.user for role in roles}
    messages = []
    for user_id in sorted(heads):
        head = heads[user_id]
        recipient = recipient_for_user(head, name=head.full_name or head.get_username())
        context = report_context(report, language=recipient.language, name=recipient.name)
        context["officer_url"] = report_officer_url(report, language=recipient.language)
        message = notification_send(
            event=E.FIELD_REPORT_ESCALATED,
            recipient=recipient,
            context=context,
            subject_object=report,
            key=f"field-report-event:{event.pk}",
        )
        if message:
            messages.append(message)
    return messages
