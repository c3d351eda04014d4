# SPDX-License-Identifier: MIT
"""Notifications react to dossier and field-report events (the signals are defined by the
dossier and field-report apps)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from congso.dossiers.events import dossier_event_recorded
from congso.dossiers.models import DossierEvent
from congso.feedback.models import FieldReport, FieldReportEvent
from congso.feedback.notifications import reporter_contact
from congso.feedback.signals import field_report_event_recorded, field_report_received

from .dossier_notifications import dossier_event_snapshot, dossier_event_tells
from .field_report_notifications import field_report_event_notify, field_report_received_notify
from .services import enqueue_with_change
from .tasks import dossier_event_messages_write

logger = logging.getLogger(__name__)


@receiver(dossier_event_recorded, dispatch_uid="notify.dossier_event")
def notify_dossier_event(sender: type, event: DossierEvent, **kwargs: Any) -> None:
    """Enqueue the task that writes the event's messages; they are sent after commit.

    The snapshot is taken from the dossier in memory (no query for ordinary events). On the
    database task back-end the task's row is written in this transaction: it exists exactly
    when the change does. Enqueueing raises nothing but a database error, which fails the
    change's transaction anyway.
    """
    if not dossier_event_tells(event):
        return
    enqueue_with_change(
        dossier_event_messages_write, event.pk, dossier_event_snapshot(event, event.dossier)
    )


@receiver(field_report_event_recorded, dispatch_uid="notify.field_report_event")
def notify_field_report_event(sender: type, event: FieldReportEvent, **kwargs: Any) -> None:
    """Status changes to the reporter and supporters, escalations to the agency heads; written
    with the event in a savepoint (a failure loses the messages, never the change), sent
    after commit."""
    try:
        with transaction.atomic():
            field_report_event_notify(event)
    except Exception:
        logger.exception("notify: messages for field report event %s not written", event.pk)


@receiver(field_report_received, dispatch_uid="notify.field_report_received")
def notify_field_report_received(
    sender: type, report: FieldReport, manage_url: str, **kwargs: Any
) -> None:
    """The reporter's private link. The link is a secret: it is never logged here. A report
    that left no way to reach anyone needs no savepoint (two statements fewer)."""
    if reporter_contact(report) is None:
        return
    try:
        with transaction.atomic():
            field_report_received_notify(report, manage_url=manage_url)
    except Exception:
        logger.exception("notify: private link for field report %s not written", report.pk)
