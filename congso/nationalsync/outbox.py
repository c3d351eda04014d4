# SPDX-License-Identifier: MIT
"""Writing the outbox: one row per reportable dossier event, in the event's own transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.dispatch import receiver

from congso.dossiers.events import dossier_event_recorded
from congso.dossiers.models import DossierEvent

# Internal reminders: nothing happened that the national portal records.
NOT_REPORTED = frozenset({"due_soon_warning", "overdue_warning"})
# Events that change the dossier record itself (its status or its return date), not only add
# a line to its progress.
RECORD_CHANGING = frozenset({"register", "extend"})


@receiver(dossier_event_recorded, dispatch_uid="nationalsync.outbox")
def outbox_write(sender: type, event: DossierEvent, **kwargs: Any) -> None:
    if not settings.CONGSO_DVCQG_ENABLED or event.action in NOT_REPORTED:
        return
    from .models import OutboxEvent

    OutboxEvent.objects.create(
        event_id=event.pk,
        dossier_id=event.dossier_id,
        with_record=event.action in RECORD_CHANGING or event.from_state != event.to_state,
        created_at=event.occurred_at,
        next_attempt_at=event.occurred_at,
    )
