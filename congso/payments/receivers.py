# SPDX-License-Identifier: MIT
"""What payments does when a dossier event is recorded: a dossier that ends (withdrawn,
stopped, refused) no longer owes its unpaid fees; its open requests are cancelled."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from congso.core.audit import audit_record
from congso.dossiers.events import dossier_event_recorded
from congso.dossiers.models import DossierEvent
from congso.workflow.states import DossierState as S

from .models import PaymentRequest, RequestStatus

ENDING = frozenset({S.WITHDRAWN, S.STOPPED, S.REFUSED})


@receiver(dossier_event_recorded, dispatch_uid="payments.cancel_on_end")
def cancel_open_requests(sender: type, event: DossierEvent, **kwargs: Any) -> None:
    if event.to_state not in ENDING or event.from_state == event.to_state:
        return
    open_requests = PaymentRequest.objects.filter(
        dossier_id=event.dossier_id, status=RequestStatus.PENDING
    )
    references = list(open_requests.values_list("reference", flat=True))
    if references:
        open_requests.update(status=RequestStatus.CANCELLED)
        audit_record(
            actor=event.actor,
            action="payment.cancel",
            target=event.dossier,
            changes={"requests": references, "because": event.to_state},
        )
