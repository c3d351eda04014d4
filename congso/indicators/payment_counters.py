# SPDX-License-Identifier: MIT
"""Fees and online payments in the counters (Decision 766 indicator 3.6).

Both flows belong to the dossier's acceptance: a dossier accepted on day D with fees to pay
counts once in `received_with_fees` of day D, and once in `received_paid_online` of day D
if it paid online, whenever the fees are asked or paid. `_acceptance_deltas` counts what
happened before acceptance; the receivers below count what happens after it, each only the
first time for the dossier.

The dossier row is locked before its acceptance is read: an acceptance and a payment running
at the same moment take turns, so the one that commits second sees the other and exactly one
of them counts.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from congso.dossiers.models import Dossier
from congso.payments.models import Payment, PaymentRequest
from congso.payments.selectors import ONLINE_METHODS, dossier_has_fees, dossier_paid_online
from congso.payments.signals import payment_request_created, payment_succeeded

from .counters import counters_add, dossier_key


def _accepted(dossier_id: int) -> Dossier | None:
    dossier = (
        Dossier.objects.select_for_update()
        .only("id", "accepted_at", "competent_agency_id", "procedure_id", "channel")
        .get(pk=dossier_id)
    )
    return dossier if dossier.accepted_at is not None else None


@receiver(payment_request_created, dispatch_uid="indicators.fees_asked")
def count_fees_asked(sender: type, paid_request: PaymentRequest, **kwargs: Any) -> None:
    if paid_request.amount <= 0:
        return
    dossier = _accepted(paid_request.dossier_id)
    if dossier is None or dossier_has_fees(dossier.pk, besides=paid_request.pk):
        return
    counters_add(dossier_key(dossier, dossier.accepted_at), {"received_with_fees": 1})


@receiver(payment_succeeded, dispatch_uid="indicators.paid_online")
def count_paid_online(
    sender: type, payment: Payment, paid_request: PaymentRequest, **kwargs: Any
) -> None:
    if payment.method not in ONLINE_METHODS:
        return
    dossier = _accepted(paid_request.dossier_id)
    if dossier is None or dossier_paid_online(dossier.pk, besides=payment.pk):
        return
    counters_add(dossier_key(dossier, dossier.accepted_at), {"received_paid_online": 1})
