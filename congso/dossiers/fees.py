# SPDX-License-Identifier: MIT
"""The financial-obligation wait (DOMAIN §1.2 step 7; national status 6).

A dossier whose fees are due before processing or before the result waits for them, as it
waits for a supplement: the processing clock pauses when the fees are asked and resumes,
with the time that was left, when they are paid. The payments app decides what is owed
and when it is paid; these two transitions only move the dossier.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.workflow import deadlines
from congso.workflow.rules import TransitionNotAllowedError
from congso.workflow.states import DossierState as S

from .exceptions import DossierPermissionError, DossierRuleError
from .models import ApplicantWait, Dossier
from .services import (
    PROCESSING_ROLES,
    RECEPTION_ROLES,
    _has_any_role,
    _locked,
    _move,
    processing_time,
)

# Asked before processing (the dossier is accepted) or before the result (being processed).
PAYABLE_STATES = (S.ACCEPTED, S.PROCESSING)


def _require_fee_officer(actor: AbstractBaseUser, dossier: Dossier) -> None:
    """The desk that received the dossier or the agency deciding it may ask for fees."""
    if _has_any_role(actor, dossier.receiving_agency, RECEPTION_ROLES) or _has_any_role(
        actor, dossier.competent_agency, PROCESSING_ROLES
    ):
        return
    raise DossierPermissionError(
        _("Only the receiving desk or the competent agency can ask for the fees of %(code)s.")
        % {"code": dossier.code}
    )


@transaction.atomic
def dossier_request_payment(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    reason: str,
    basis: str = "",
    expected_state: str | None = None,
    request: HttpRequest | None = None,
) -> Dossier:
    """Make the dossier wait for its fees: national status 6, the clock pauses.

    Allowed once the dossier is accepted and until its result is ready; the wait ends with
    `dossier_payment_settled`. A dossier waits for one thing at a time.
    """
    if not reason.strip():
        raise DossierRuleError(_("Say what must be paid."))
    dossier = _locked(dossier, expected_state)
    if dossier.state not in PAYABLE_STATES:
        raise TransitionNotAllowedError(
            _("Dossier %(code)s cannot wait for fees while it is “%(state)s”.")
            % {"code": dossier.code, "state": S(dossier.state).label}
        )
    _require_fee_officer(actor, dossier)
    now = timezone.now()
    ApplicantWait.objects.create(
        dossier=dossier,
        kind=ApplicantWait.Kind.PAYMENT,
        reason=reason.strip(),
        basis=basis.strip(),
        requested_by=actor,
        requested_at=now,
        resume_state=S.PROCESSING,
        items=[dossier.state],  # where it was: from "accepted" the first step opens on payment
    )
    dossier.paused_at = now
    return _move(
        dossier,
        S.AWAITING_PAYMENT,
        actor=actor,
        action="request_payment",
        request=request,
        agency=dossier.receiving_agency,
        public_note=reason.strip(),
        extra_fields=("paused_at",),
    )


@transaction.atomic
def dossier_payment_settled(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Dossier:
    """The fees are paid: the clock resumes with the time that was left, the due date moves by
    the time spent waiting, and processing goes on (or starts, if it was asked before)."""
    from .routing import _handover_event, _open, open_task, shift_open_task

    dossier = _locked(dossier, None)
    wait = dossier.waits.filter(answered_at__isnull=True).first()
    if (
        dossier.state != S.AWAITING_PAYMENT
        or wait is None
        or wait.kind != ApplicantWait.Kind.PAYMENT
    ):
        raise TransitionNotAllowedError(
            _("Dossier %(code)s is not waiting for fees.") % {"code": dossier.code}
        )
    now = timezone.now()
    wait.answered_at = now
    wait.save(update_fields=["answered_at"])
    due_before = dossier.due_at
    fields: list[str] = []
    if dossier.paused_at is not None and dossier.due_at is not None:
        _amount, unit = processing_time(dossier)
        dossier.due_at = deadlines.due_after_pause(
            due=dossier.due_at, paused_at=dossier.paused_at, resumed_at=now, unit=unit
        )
        fields.append("due_at")
        shift_open_task(dossier, dossier.due_at - due_before)
    dossier.paused_at = None
    fields.append("paused_at")
    public_note = note or _("Fees paid.")
    if due_before and dossier.due_at != due_before:
        public_note = _(
            "Fees paid. The result date moved to %(due)s because the dossier waited for them."
        ) % {"due": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")}
    _move(
        dossier,
        S(wait.resume_state),
        actor=actor,
        action="payment_received",
        request=request,
        agency=dossier.receiving_agency,
        public_note=public_note,
        due_before=due_before if "due_at" in fields else None,
        extra_fields=tuple(fields),
    )
    if dossier.state == S.PROCESSING and open_task(dossier) is None and dossier.process_plan:
        task = _open(dossier, 0, actor=actor, now=now)
        _handover_event(dossier, task, action="handover", actor=actor, note="", request=request)
    return dossier
