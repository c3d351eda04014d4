# SPDX-License-Identifier: MIT
"""Applying what a payment channel reports: the one place a request becomes paid.

Everything that can settle a request (a gateway callback, a gateway query answer, a bank
statement line, cash at the desk) ends here, under a row lock on the request, so a request
is paid at most once whatever arrives twice or at the same time. Money that does not fit
(a wrong amount, a request already paid) is kept as a flagged payment for an officer.
"""

from __future__ import annotations

import enum

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from congso.core.audit import audit_record
from congso.dossiers.fees import dossier_payment_settled
from congso.workflow.states import DossierState as S

from .models import Payment, PaymentRequest, PaymentStatus, RequestStatus
from .signals import payment_succeeded


class Outcome(enum.StrEnum):
    PAID = "paid"
    DUPLICATE = "duplicate"
    FLAGGED = "flagged"
    FAILED = "failed"
    CANCELLED = "cancelled"
    PENDING = "pending"
    CONFLICT = "already_settled"


REPORTED = {
    "success": PaymentStatus.SUCCEEDED,
    "declined": PaymentStatus.FAILED,
    "cancelled": PaymentStatus.CANCELLED,
}


def receipt_number(payment: Payment) -> str:
    """Unique because the order number is: BL<year>-<order number>."""
    return f"BL{timezone.localtime(payment.settled_at):%Y}-{payment.order_id}"


def _release_dossier(request: PaymentRequest, actor: AbstractBaseUser | None) -> None:
    """The dossier goes on once no request holding it is still open."""
    if not request.holds_dossier:
        return
    dossier = request.dossier
    still_open = PaymentRequest.objects.filter(
        dossier=dossier, holds_dossier=True, status=RequestStatus.PENDING
    ).exists()
    if not still_open and dossier.state == S.AWAITING_PAYMENT:
        dossier_payment_settled(dossier=dossier, actor=actor)


def _flag(payment: Payment, reason: str, actor: AbstractBaseUser | None, request) -> Outcome:
    payment.status = PaymentStatus.FLAGGED
    payment.flag_reason = reason
    payment.save()
    audit_record(
        actor=actor,
        action="payment.flag",
        target=payment,
        changes={
            "status": PaymentStatus.FLAGGED,
            "reason": reason,
            "received": payment.received_amount,
            "expected": payment.amount,
        },
        request=request,
    )
    return Outcome.FLAGGED


LATE_SUCCESS_FROM = (PaymentStatus.EXPIRED, PaymentStatus.FAILED, PaymentStatus.CANCELLED)


@transaction.atomic
def payment_apply(
    *,
    payment: Payment,
    reported: str,
    amount: int | None = None,
    provider_ref: str = "",
    actor: AbstractBaseUser | None = None,
    request: HttpRequest | None = None,
) -> Outcome:
    """Apply a channel's report ("success", "declined", "cancelled", "pending") to a payment.

    A report that repeats what is already recorded is a duplicate (answered as success,
    changes nothing); one that contradicts it is a conflict.
    """
    if reported not in REPORTED:
        return Outcome.PENDING
    paid_request = (
        PaymentRequest.objects.select_for_update()
        .select_related("dossier")
        .get(pk=payment.request_id)
    )
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    target = REPORTED[reported]
    # Money the gateway confirms after we gave up waiting (expired) or after a decline is
    # still money received: it is recorded (settled, or flagged for an officer), never lost.
    late_success = target == PaymentStatus.SUCCEEDED and payment.status in LATE_SUCCESS_FROM
    if payment.status != PaymentStatus.PENDING and not late_success:
        same_ref = not provider_ref or payment.provider_ref == provider_ref
        repeated = same_ref and (
            payment.status == target
            or (payment.status == PaymentStatus.FLAGGED and target == PaymentStatus.SUCCEEDED)
        )
        return Outcome.DUPLICATE if repeated else Outcome.CONFLICT
    now = timezone.now()
    payment.settled_at = now
    payment.provider_ref = provider_ref[:64]
    if target != PaymentStatus.SUCCEEDED:
        payment.status = target
        payment.save()
        audit_record(
            actor=actor,
            action="payment.fail",
            target=payment,
            changes={"status": target},
            request=request,
        )
        return Outcome.FAILED if target == PaymentStatus.FAILED else Outcome.CANCELLED
    payment.received_amount = amount
    if amount != payment.amount or amount != paid_request.amount:
        return _flag(payment, "amount_mismatch", actor, request)
    if paid_request.status != RequestStatus.PENDING:
        return _flag(payment, f"request_{paid_request.status}", actor, request)
    payment.status = PaymentStatus.SUCCEEDED
    payment.receipt_number = receipt_number(payment)
    payment.save()
    paid_request.status = RequestStatus.PAID
    paid_request.paid_at = now
    paid_request.save(update_fields=["status", "paid_at", "updated_at"])
    audit_record(
        actor=actor,
        action="payment.settle",
        target=paid_request,
        changes={
            "status": [RequestStatus.PENDING, RequestStatus.PAID],
            "payment": payment.order_id,
            "method": payment.method,
            "amount": amount,
            "receipt": payment.receipt_number,
        },
        request=request,
    )
    payment_succeeded.send(sender=Payment, payment=payment, paid_request=paid_request)
    _release_dossier(paid_request, actor)
    return Outcome.PAID
