# SPDX-License-Identifier: MIT
"""Notifications react to dossier events (the signal is defined by the dossier app)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from congso.dossiers.events import dossier_event_recorded
from congso.dossiers.models import DossierEvent

from .dossier_notifications import dossier_event_notify

logger = logging.getLogger(__name__)


@receiver(dossier_event_recorded, dispatch_uid="notify.dossier_event")
def notify_dossier_event(sender: type, event: DossierEvent, **kwargs: Any) -> None:
    """Write the messages with the event; they are sent after commit.

    A savepoint keeps the dossier's change safe: if writing a message fails, the message is
    lost (and logged), never the dossier's change.
    """
    try:
        with transaction.atomic():
            dossier_event_notify(event)
    except Exception:
        logger.exception("notify: messages for dossier event %s not written", event.pk)
