# SPDX-License-Identifier: MIT
"""Writes: ask for fees, start an online payment, take cash at the desk, resolve a flag."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.catalog.models import FeeDue
from congso.core.audit import audit_record
from congso.dossiers.fees import dossier_request_payment
from congso.dossiers.models import Dossier
from congso.workflow.states import TERMINAL
from congso.workflow.states import DossierState as S

from .exceptions import PaymentConflictError, PaymentPermissionError, PaymentRuleError
from .fee_lines import FeeChoice, dossier_fees, lines_compute
from .methods import gateway
from .models import (
    Method,
    Payment,
    PaymentLine,
    PaymentRequest,
    PaymentStatus,
    RequestStatus,
)
from .selectors import officer_fee_agencies
from .settlement import Outcome, payment_apply
from .signals import payment_request_created

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Where the dossier must be for fees due at each moment (and whether it waits for them).
STATES_FOR_DUE = {
    FeeDue.SUBMISSION: None,  # any open state; the dossier does not wait
    FeeDue.BEFORE_PROCESSING: (S.ACCEPTED,),
    FeeDue.BEFORE_RESULT: (S.PROCESSING,),
}


def new_reference(prefix: str = "TT", length: int = 10) -> str:
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))


def _require_officer(actor: AbstractBaseUser, dossier: Dossier) -> None:
    agencies = officer_fee_agencies(user=actor)
    ids = {dossier.receiving_agency_id, dossier.competent_agency_id}
    if not agencies.filter(pk__in=ids).exists():
        raise PaymentPermissionError(
            _("Only officers of the agencies handling %(code)s can do this.")
            % {"code": dossier.code}
        )


@transaction.atomic
def payment_request_create(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    due: str,
    choices: list[FeeChoice],
    note: str = "",
    request: HttpRequest | None = None,
) -> PaymentRequest:
    """Ask for the fees of `dossier` due at `due`, computed from its pinned catalog version.

    Fees due before processing or before the result make the dossier wait for them
    (national status 6; the clock pauses). Everything reduced to nothing is recorded as
    exempt and nothing waits. One open request per moment.
    """
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    _require_officer(actor, dossier)
    if due not in STATES_FOR_DUE:
        raise PaymentRuleError(_("Unknown payment moment."))
    allowed = STATES_FOR_DUE[FeeDue(due)]
    if (
        dossier.state in TERMINAL
        or dossier.state == S.DRAFT
        or (allowed is not None and dossier.state not in allowed)
    ):
        raise PaymentRuleError(
            _("Fees due %(due)s cannot be asked while the dossier is “%(state)s”.")
            % {"due": FeeDue(due).label, "state": S(dossier.state).label}
        )
    if PaymentRequest.objects.filter(
        dossier=dossier, due=due, status=RequestStatus.PENDING
    ).exists():
        raise PaymentConflictError(_("These fees have already been asked and are not paid yet."))
    fees = dossier_fees(dossier.procedure_version.data, dossier.channel)
    lines = lines_compute(fees, choices, due)
    total = sum(line.amount for line in lines)
    holds = total > 0 and allowed is not None
    paid_request = PaymentRequest.objects.create(
        reference=new_reference(),
        dossier=dossier,
        agency=dossier.receiving_agency,
        due=due,
        amount=total,
        status=RequestStatus.PENDING if total > 0 else RequestStatus.EXEMPT,
        holds_dossier=holds,
        note=note.strip()[:2000],
        requested_by=actor,
    )
    PaymentLine.objects.bulk_create(
        PaymentLine(request=paid_request, **line.__dict__) for line in lines
    )
    payment_request_created.send(sender=PaymentRequest, paid_request=paid_request)
    audit_record(
        actor=actor,
        action="payment.request",
        target=paid_request,
        changes={
            "dossier": dossier.code,
            "due": due,
            "amount": total,
            "lines": [
                [line.name, line.quantity, line.amount, line.reduction_group] for line in lines
            ],
        },
        request=request,
    )
    if holds:
        dossier_request_payment(
            dossier=dossier,
            actor=actor,
            reason=_("Please pay the fees of %(amount)s đồng (reference %(ref)s).")
            % {"amount": f"{total:,}".replace(",", "."), "ref": paid_request.reference},
            request=request,
        )
    return paid_request


def _new_payment(paid_request: PaymentRequest, method: str, actor=None) -> Payment:
    return Payment.objects.create(
        request=paid_request,
        method=method,
        order_id=new_reference("GD", 14),
        amount=paid_request.amount,
        recorded_by=actor,
    )


@transaction.atomic
def payment_gateway_start(
    *,
    paid_request: PaymentRequest,
    actor: AbstractBaseUser,
    return_url: str,
    request: HttpRequest | None = None,
) -> str:
    """Open a gateway payment for the applicant; returns the gateway URL to send them to."""
    paid_request = (
        PaymentRequest.objects.select_for_update().select_related("dossier").get(pk=paid_request.pk)
    )
    if paid_request.dossier.applicant_user_id != getattr(actor, "pk", None):
        raise PaymentPermissionError(_("Only the applicant pays online."))
    if not paid_request.is_open:
        raise PaymentConflictError(_("This request is not waiting for payment."))
    gateway.required_config()
    payment = _new_payment(paid_request, Method.GATEWAY, actor)
    audit_record(
        actor=actor,
        action="payment.start",
        target=payment,
        changes={"request": paid_request.reference, "amount": payment.amount},
        request=request,
    )
    url = return_url.replace("ORDER", payment.order_id)
    return gateway.pay_url(
        order_id=payment.order_id,
        amount=payment.amount,
        description=f"{paid_request.dossier.code} {paid_request.reference}",
        return_url=url,
    )


@transaction.atomic
def payment_cash_record(
    *, paid_request: PaymentRequest, actor: AbstractBaseUser, request: HttpRequest | None = None
) -> Payment:
    """The desk took the amount due in cash: the request is paid, a receipt is numbered."""
    _require_officer(actor, paid_request.dossier)
    if not PaymentRequest.objects.filter(pk=paid_request.pk, status=RequestStatus.PENDING).exists():
        raise PaymentConflictError(_("This request is not waiting for payment."))
    payment = _new_payment(paid_request, Method.CASH, actor)
    outcome = payment_apply(
        payment=payment,
        reported="success",
        amount=paid_request.amount,
        actor=actor,
        request=request,
    )
    if outcome != Outcome.PAID:
        raise PaymentConflictError(
            _("The payment could not be recorded: %(why)s") % {"why": outcome}
        )
    payment.refresh_from_db()
    return payment


@transaction.atomic
def payment_flag_resolve(
    *,
    payment: Payment,
    actor: AbstractBaseUser,
    resolution: str,
    request: HttpRequest | None = None,
) -> Payment:
    """An officer says what was done about flagged money (refunded, completed, …)."""
    if not resolution.strip():
        raise PaymentRuleError(_("Say what was done about this payment."))
    payment = (
        Payment.objects.select_for_update().select_related("request__dossier").get(pk=payment.pk)
    )
    _require_officer(actor, payment.request.dossier)
    if payment.status != PaymentStatus.FLAGGED or payment.resolved_at is not None:
        raise PaymentConflictError(_("This payment does not need an officer."))
    payment.resolved_by = actor
    payment.resolved_at = timezone.now()
    payment.resolution = resolution.strip()[:2000]
    payment.save(update_fields=["resolved_by", "resolved_at", "resolution", "updated_at"])
    audit_record(
        actor=actor,
        action="payment.resolve",
        target=payment,
        changes={"resolution": payment.resolution},
        request=request,
    )
    return payment
