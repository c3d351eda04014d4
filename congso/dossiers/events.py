# SPDX-License-Identifier: MIT
"""Recording a dossier event, and telling the apps that build on dossiers about it.

Every `DossierEvent` is created through `dossier_event_record`, inside the transaction of the
change it records. It then sends `dossier_event_recorded`, still inside that transaction, so
that apps which depend on dossiers (the national-portal outbox, notifications, indicators) write
their own rows atomically with the event — or schedule work with `transaction.on_commit` —
without dossiers importing them (DESIGN.md: imports go one way).
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

from .models import DossierEvent

# Sent with `event=<DossierEvent>` inside the writing transaction. A receiver that raises
# rolls the whole change back: receivers must only write rows or register on_commit work.
dossier_event_recorded = Signal()
# Sent with `rating=<DossierRating>` inside the transaction that records the applicant's rating.
dossier_rated = Signal()


def dossier_event_record(**fields: Any) -> DossierEvent:
    event = DossierEvent.objects.create(**fields)
    dossier_event_recorded.send(sender=DossierEvent, event=event)
    return event
