# SPDX-License-Identifier: MIT
"""What the dossier app itself does when an event is recorded: e-mail after commit."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from .events import dossier_event_recorded
from .models import DossierEvent
from .tasks import APPLICANT_EVENTS, dossier_due_warning_email_send, dossier_status_email_send

WARNING_EVENTS = frozenset({"due_soon_warning", "overdue_warning"})


@receiver(dossier_event_recorded, dispatch_uid="dossiers.email")
def email_after_commit(sender: type, event: DossierEvent, **kwargs: Any) -> None:
    if event.action in WARNING_EVENTS:
        job = partial(dossier_due_warning_email_send.enqueue, event.dossier_id)
    elif event.from_state != event.to_state or event.action in APPLICANT_EVENTS:
        job = partial(dossier_status_email_send.enqueue, event.pk)
    else:
        return
    transaction.on_commit(job, robust=True)
