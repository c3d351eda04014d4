# SPDX-License-Identifier: MIT
"""Background jobs of notifications. They read the message again and never trust the caller."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from . import services

logger = logging.getLogger(__name__)


@task()
def message_send(message_id: int) -> str:
    """Send one message (retried with back-off, then fall-back; see services.message_deliver)."""
    return services.message_deliver(message_id)


@task()
def messages_sweep() -> int:
    """Enqueue due messages whose task was lost (run it every few minutes)."""
    return services.messages_due_dispatch()


@task()
def dossier_event_messages_write(event_id: int, snapshot: dict[str, str]) -> int:
    """Write the messages of one dossier event (enqueued with the event: see
    `receivers.notify_dossier_event`) and send them once written. Returns how many.

    In a savepoint of its own: when the task runs inside the change's transaction (the
    immediate back-end), a failure here loses the messages, never the change; they are then
    sent after that transaction commits.
    """
    from congso.dossiers.models import DossierEvent

    from .dossier_notifications import dossier_event_notify

    event = (
        DossierEvent.objects.select_related(
            "dossier__procedure", "dossier__applicant_user__citizen", "agency"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    try:
        with services.delivered_here(), transaction.atomic():
            return len(dossier_event_notify(event, snapshot))
    except Exception:
        logger.exception("notify: messages for dossier event %s not written", event_id)
        raise
