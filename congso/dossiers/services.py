# SPDX-License-Identifier: MIT
"""Everything that can happen to a dossier: register, accept, refuse, ask to complete,
resume, process, return, withdraw, stop. Each is one transaction that locks the dossier,
checks the actor's role and the transition table, records an event and an audit record.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.accounts.models import OfficerRoleKind
from congso.accounts.selectors import officer_roles_for
from congso.catalog.models import AgencyRole, Procedure, PublicationStatus
from congso.core.audit import audit_record
from congso.core.models import Agency
from congso.workflow import deadlines
from congso.workflow.process import plan_for, processing_days
from congso.workflow.rules import TransitionNotAllowedError, ensure_transition_allowed
from congso.workflow.states import DossierState as S

from .events import dossier_event_record, dossier_rated
from .exceptions import DossierConflictError, DossierPermissionError, DossierRuleError
from .models import (
    ApplicantWait,
    Channel,
    Dossier,
    DossierRating,
    RatingGrade,
    Source,
    SupplementStage,
)
from .reference_numbers import dossier_code_allocate

RECEPTION_ROLES = (OfficerRoleKind.RECEPTION, OfficerRoleKind.HEAD, OfficerRoleKind.AGENCY_ADMIN)
PROCESSING_ROLES = (OfficerRoleKind.SPECIALIST, OfficerRoleKind.HEAD, OfficerRoleKind.AGENCY_ADMIN)


# --- helpers ---------------------------------------------------------------------------------


def _has_any_role(user: AbstractBaseUser, agency: Agency, roles: tuple[str, ...]) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return officer_roles_for(user=user).filter(agency=agency, role__in=roles).exists()


def _require_role(user: AbstractBaseUser, agency: Agency, roles: tuple[str, ...]) -> None:
    if not _has_any_role(user, agency, roles):
        raise DossierPermissionError(
            _("You have no role in %(agency)s that allows this.") % {"agency": agency.name}
        )


def _locked(dossier: Dossier, expected_state: str | None) -> Dossier:
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if expected_state is not None and locked.state != expected_state:
        raise DossierConflictError(
            _(
                "Dossier %(code)s was changed by someone else a moment ago (it is now “%(state)s”)."
                " Reload it and try again."
            )
            % {"code": locked.code, "state": S(locked.state).label}
        )
    return locked


def _holder(dossier: Dossier, state: S) -> int | None:
    """The agency that must act next on a dossier entering `state`."""
    if state in (S.AWAITING_RECEPTION, S.ACCEPTED, S.PROCESSED):
        return dossier.receiving_agency_id
    if state == S.PROCESSING:
        # Resuming after a wait: back to whoever held the open step.
        resuming = dossier.state in (S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT)
        return (dossier.current_agency_id if resuming else None) or dossier.competent_agency_id
    if state in (S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT):
        return dossier.current_agency_id or dossier.receiving_agency_id
    return None


def _move(
    dossier: Dossier,
    to: S,
    *,
    actor: AbstractBaseUser | None,
    action: str,
    request: HttpRequest | None,
    public_note: str = "",
    internal_note: str = "",
    agency: Agency | None = None,
    due_before: dt.datetime | None = None,
    extra_fields: tuple[str, ...] = (),
    details: dict[str, Any] | None = None,
) -> Dossier:
    previous = dossier.state
    ensure_transition_allowed(previous, to)
    now = timezone.now()
    dossier.current_agency_id = _holder(dossier, to)
    dossier.state = to
    dossier.state_changed_at = now
    dossier.save(
        update_fields=["state", "state_changed_at", "current_agency", "updated_at", *extra_fields]
    )
    return _moved(
        dossier,
        previous,
        to,
        now=now,
        actor=actor,
        action=action,
        request=request,
        public_note=public_note,
        internal_note=internal_note,
        agency=agency,
        due_before=due_before,
        details=details,
    )


def _moved(
    dossier: Dossier,
    previous: str,
    to: S,
    *,
    now: dt.datetime,
    actor: AbstractBaseUser | None,
    action: str,
    request: HttpRequest | None,
    public_note: str = "",
    internal_note: str = "",
    agency: Agency | None = None,
    due_before: dt.datetime | None = None,
    details: dict[str, Any] | None = None,
    audited: dict[str, Any] | None = None,
) -> Dossier:
    """Record a change of state already saved: the dossier's event and the audit record
    (which also says `audited`, what else the same change did)."""
    dossier_event_record(
        dossier=dossier,
        occurred_at=now,
        action=action,
        from_state=previous,
        to_state=to,
        actor=actor,
        agency=agency,
        public_note=public_note,
        internal_note=internal_note,
        due_before=due_before,
        due_after=dossier.due_at if due_before is not None else None,
        details=details or {},
    )
    audit_record(
        actor=actor,
        action=f"dossier.{action}",
        target=dossier,
        changes={"state": [previous, str(to)], **(audited or {})},
        note=internal_note or public_note,
        request=request,
    )
    return dossier


def _competent_agency_id(procedure: Procedure, fallback: Agency) -> int:
    """The catalog's competent agency of the procedure, else `fallback` (only its id: the
    dossier is written with it and nothing else of the agency is read then)."""
    links = procedure.agency_links.filter(role=AgencyRole.COMPETENT).order_by("pk")
    return links.values_list("agency_id", flat=True).first() or fallback.pk


def processing_time(dossier: Dossier) -> tuple[Decimal, str]:
    """The processing time of the channel used, from the pinned catalog version."""
    channels = dossier.procedure_version.data.get("channels", [])
    chosen = next((c for c in channels if c["kind"] == dossier.channel), None) or next(
        (c for c in channels if c["kind"] == Channel.DIRECT), None
    )
    if chosen is None:
        raise DossierRuleError(
            _("The procedure has no processing time for this channel: the catalog must be fixed.")
        )
    return Decimal(chosen["processing_time"]), chosen["time_unit"]


def _cutoff(dossier: Dossier) -> dt.time | None:
    value = dossier.procedure_version.data.get("cutoff_time")
    return dt.time.fromisoformat(value) if value else None


# --- registering -------------------------------------------------------------------------------


@transaction.atomic
def dossier_register(
    *,
    procedure: Procedure,
    receiving_agency: Agency,
    channel: str,
    source: str,
    applicant_name: str,
    actor: AbstractBaseUser | None,
    applicant_user: AbstractBaseUser | None = None,
    applicant_fields: dict[str, Any] | None = None,
    competent_agency: Agency | None = None,
    form_data: dict[str, Any] | None = None,
    summary: str = "",
    request: HttpRequest | None = None,
    code: str | None = None,
    submitted_at: dt.datetime | None = None,
    attach: Callable[[Dossier], dict[str, Any]] | None = None,
) -> Dossier:
    """Register a dossier, online or at the desk: it gets its code and waits for reception.

    `attach` writes the new dossier's first documents before its audit record and returns
    what that record says of them: one record for the whole submission.

    Online filing is only for procedures whose online level is full or partial (Decree
    42/2022). The catalog version in force now is pinned on the dossier (DOMAIN §1.3).
    A dossier filed elsewhere (the national portal) keeps the `code` and the submission time
    it was given there: one code for the dossier's whole life.
    """
    if procedure.publication_status != PublicationStatus.PUBLISHED:
        raise DossierRuleError(_("This procedure is not published."))
    if channel == Channel.ONLINE and not procedure.is_online:
        raise DossierRuleError(_("This procedure cannot be filed online."))
    if source == Source.DESK and actor is not None:
        _require_role(actor, receiving_agency, RECEPTION_ROLES)
    version = procedure.versions.order_by("-number").first()
    if version is None:
        raise DossierRuleError(_("This procedure has no published version."))
    now = timezone.now()
    # Written in its first state at once (one INSERT, no UPDATE), the transition from a
    # draft checked and recorded as `_move` would.
    ensure_transition_allowed(S.DRAFT, S.AWAITING_RECEPTION)
    dossier = Dossier.objects.create(
        code=code or dossier_code_allocate(agency=receiving_agency, received_at=now),
        pin=f"{secrets.randbelow(10**6):06d}",
        procedure=procedure,
        procedure_version=version,
        channel=channel,
        source=source,
        receiving_agency=receiving_agency,
        competent_agency_id=(
            competent_agency.pk
            if competent_agency
            else _competent_agency_id(procedure, receiving_agency)
        ),
        applicant_user=applicant_user,
        applicant_name=applicant_name,
        summary=summary[:1000],
        form_data=form_data or {},
        submitted_at=submitted_at or now,
        state=S.AWAITING_RECEPTION,
        state_changed_at=now,
        current_agency=receiving_agency,
        **(applicant_fields or {}),
    )
    return _moved(
        dossier,
        S.DRAFT,
        S.AWAITING_RECEPTION,
        now=now,
        actor=actor,
        action="register",
        request=request,
        public_note=_("Dossier received, waiting for the completeness check."),
        agency=receiving_agency,
        audited=attach(dossier) if attach else None,
    )


# --- reception ---------------------------------------------------------------------------------


@transaction.atomic
def dossier_accept(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    expected_state: str | None = S.AWAITING_RECEPTION,
    request: HttpRequest | None = None,
) -> Dossier:
    """Accept a complete dossier: the clock starts and the due date is fixed (Mẫu 01)."""
    dossier = _locked(dossier, expected_state)
    _require_role(actor, dossier.receiving_agency, RECEPTION_ROLES)
    now = timezone.now()
    amount, unit = processing_time(dossier)
    dossier.accepted_at = now
    dossier.due_at = deadlines.due_at(
        accepted_at=now, processing_time=amount, unit=unit, cutoff=_cutoff(dossier)
    )
    dossier.original_due_at = dossier.due_at
    plan = plan_for(procedure=dossier.procedure, total_days=processing_days(amount, unit))
    dossier.process_plan = [step.as_json() for step in plan]
    return _move(
        dossier,
        S.ACCEPTED,
        actor=actor,
        action="accept",
        request=request,
        agency=dossier.receiving_agency,
        public_note=_("Dossier accepted. Result due on %(due)s.")
        % {"due": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")},
        extra_fields=("accepted_at", "due_at", "original_due_at", "process_plan"),
    )


@transaction.atomic
def dossier_refuse(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    reason: str,
    basis: str,
    expected_state: str | None = S.AWAITING_RECEPTION,
    request: HttpRequest | None = None,
) -> Dossier:
    """Refuse at reception (Mẫu 03): the reason and its legal basis are mandatory."""
    if not reason.strip() or not basis.strip():
        raise DossierRuleError(_("A refusal needs its reason and its legal basis."))
    dossier = _locked(dossier, expected_state)
    _require_role(actor, dossier.receiving_agency, RECEPTION_ROLES)
    dossier.processing_ended_at = timezone.now()
    return _move(
        dossier,
        S.REFUSED,
        actor=actor,
        action="refuse",
        request=request,
        agency=dossier.receiving_agency,
        public_note=f"{reason.strip()} ({basis.strip()})",
        details={"reason": reason.strip(), "basis": basis.strip()},
        extra_fields=("processing_ended_at",),
    )


# --- waiting for the applicant -----------------------------------------------------------------


@transaction.atomic
def dossier_request_supplement(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    items: list[str],
    reason: str,
    basis: str = "",
    expected_state: str | None = None,
    request: HttpRequest | None = None,
) -> tuple[Dossier, bool]:
    """Ask the applicant to complete the dossier (Mẫu 02), each missing item listed.

    At reception nothing is running yet; during processing the clock pauses. Returns the
    dossier and whether this is a repeated request: allowed, but a rule says one request
    per agency (DOMAIN §1.4) and the 766 index counts a second one against the agency.
    """
    items = [item.strip() for item in items if item and item.strip()]
    if not items or not reason.strip():
        raise DossierRuleError(_("List what must be completed and why."))
    dossier = _locked(dossier, expected_state)
    # Before anything is written: a dossier already waiting cannot be asked again (409).
    ensure_transition_allowed(dossier.state, S.AWAITING_SUPPLEMENT)
    at_reception = dossier.state == S.AWAITING_RECEPTION
    agency = dossier.receiving_agency if at_reception else dossier.competent_agency
    _require_role(actor, agency, RECEPTION_ROLES if at_reception else PROCESSING_ROLES)
    now = timezone.now()
    repeated = dossier.supplement_count >= 1
    ApplicantWait.objects.create(
        dossier=dossier,
        kind=ApplicantWait.Kind.SUPPLEMENT,
        stage=SupplementStage.RECEPTION if at_reception else SupplementStage.APPRAISAL,
        items=items,
        reason=reason.strip(),
        basis=basis.strip(),
        requested_by=actor,
        requested_at=now,
        resume_state=dossier.state if at_reception else S.PROCESSING,
    )
    dossier.supplement_count += 1
    fields = ["supplement_count"]
    if not at_reception:
        dossier.paused_at = now
        fields.append("paused_at")
    _move(
        dossier,
        S.AWAITING_SUPPLEMENT,
        actor=actor,
        action="request_supplement",
        request=request,
        agency=agency,
        public_note=reason.strip() + "\n" + "\n".join(f"- {item}" for item in items),
        internal_note=_("Repeated supplement request") if repeated else "",
        extra_fields=tuple(fields),
    )
    return dossier, repeated


@transaction.atomic
def dossier_supplement_received(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Dossier:
    """The applicant answered: the clock resumes with the time that was left."""
    dossier = _locked(dossier, None)
    wait = dossier.waits.filter(answered_at__isnull=True).first()
    if dossier.state != S.AWAITING_SUPPLEMENT or wait is None:
        raise TransitionNotAllowedError(
            _("Dossier %(code)s is not waiting for a supplement.") % {"code": dossier.code}
        )
    now = timezone.now()
    wait.answered_at = now
    wait.save(update_fields=["answered_at"])
    due_before = dossier.due_at
    fields: list[str] = []
    if dossier.paused_at is not None:
        _amount, unit = processing_time(dossier)
        dossier.due_at = deadlines.due_after_pause(
            due=dossier.due_at, paused_at=dossier.paused_at, resumed_at=now, unit=unit
        )
        dossier.paused_at = None
        fields += ["due_at", "paused_at"]
        from .routing import shift_open_task

        shift_open_task(dossier, dossier.due_at - due_before)
    moved_note = ""
    if due_before and dossier.due_at != due_before:
        moved_note = _("The result date moved to %(due)s because the dossier waited for you.") % {
            "due": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
        }
    return _move(
        dossier,
        S(wait.resume_state),
        actor=actor,
        action="supplement_received",
        request=request,
        public_note=moved_note or note,
        due_before=due_before if fields else None,
        extra_fields=tuple(fields),
    )


# --- processing and return ------------------------------------------------------------------------


def dossier_start_processing(
    *, dossier: Dossier, actor: AbstractBaseUser, request: HttpRequest | None = None
) -> Dossier:
    """From reception to the first processing step (routing.dossier_forward does the work)."""
    from .routing import dossier_forward

    return dossier_forward(dossier=dossier, actor=actor, request=request)


@transaction.atomic
def dossier_mark_processed(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    expected_state: str | None = S.PROCESSING,
    request: HttpRequest | None = None,
) -> Dossier:
    """The result is ready at the desk: processing ends here for the on-time indicator."""
    from .routing import close_task_on_approval, ensure_may_approve

    dossier = _locked(dossier, expected_state)
    task = ensure_may_approve(dossier, actor)
    if task is None:
        _require_role(actor, dossier.competent_agency, PROCESSING_ROLES)
    close_task_on_approval(task, actor)
    dossier.processing_ended_at = timezone.now()
    return _move(
        dossier,
        S.PROCESSED,
        actor=actor,
        action="processed",
        request=request,
        agency=dossier.competent_agency,
        public_note=_("The result is ready."),
        extra_fields=("processing_ended_at",),
    )


@transaction.atomic
def dossier_return_result(
    *, dossier: Dossier, actor: AbstractBaseUser, request: HttpRequest | None = None
) -> Dossier:
    dossier = _locked(dossier, None)
    _require_role(actor, dossier.receiving_agency, RECEPTION_ROLES)
    dossier.returned_at = timezone.now()
    return _move(
        dossier,
        S.RETURNED,
        actor=actor,
        action="returned",
        request=request,
        agency=dossier.receiving_agency,
        public_note=_("The result was handed over."),
        extra_fields=("returned_at",),
    )


@transaction.atomic
def dossier_withdraw(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Dossier:
    """The applicant withdraws the dossier (national status 7)."""
    dossier = _locked(dossier, None)
    if dossier.applicant_user_id != getattr(actor, "pk", None):
        raise DossierPermissionError(_("Only the applicant can withdraw a dossier."))
    dossier.processing_ended_at = dossier.processing_ended_at or timezone.now()
    dossier.paused_at = None
    dossier.waits.filter(answered_at__isnull=True).update(answered_at=timezone.now())
    from .routing import tasks_cancel

    tasks_cancel(dossier, actor=actor)
    return _move(
        dossier,
        S.WITHDRAWN,
        actor=actor,
        action="withdraw",
        request=request,
        public_note=reason.strip(),
        extra_fields=("processing_ended_at", "paused_at"),
    )


@transaction.atomic
def dossier_rate(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    grade: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> DossierRating:
    """The applicant rates a finished dossier, once (satisfied / acceptable / not satisfied)."""
    dossier = _locked(dossier, None)
    if dossier.applicant_user_id != getattr(actor, "pk", None):
        raise DossierPermissionError(_("Only the applicant can rate a dossier."))
    if dossier.state not in (S.PROCESSED, S.RETURNED):
        raise DossierRuleError(_("A dossier can be rated once its result is ready."))
    if DossierRating.objects.filter(dossier=dossier).exists():
        raise DossierConflictError(_("This dossier has already been rated."))
    rating = DossierRating.objects.create(
        dossier=dossier, grade=RatingGrade(grade), comment=comment.strip()[:2000]
    )
    dossier_rated.send(sender=DossierRating, rating=rating)
    audit_record(
        actor=actor,
        action="dossier.rate",
        target=dossier,
        changes={"grade": grade},
        request=request,
    )
    return rating


@transaction.atomic
def dossier_stop(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    reason: str,
    basis: str,
    request: HttpRequest | None = None,
) -> Dossier:
    """Stop processing with a written notice (Mẫu 05 of Circular 03/2025; national status 8).

    For a dossier that turns out not to be eligible, or whose applicant asked to stop. Only
    the head of the competent agency decides; the reason and its legal basis are mandatory.
    """
    from .routing import tasks_cancel

    if not reason.strip() or not basis.strip():
        raise DossierRuleError(_("A stop notice needs its reason and its legal basis."))
    dossier = _locked(dossier, None)
    _require_role(
        actor, dossier.competent_agency, (OfficerRoleKind.HEAD, OfficerRoleKind.AGENCY_ADMIN)
    )
    now = timezone.now()
    ensure_transition_allowed(dossier.state, S.STOPPED)
    dossier.processing_ended_at = now
    dossier.paused_at = None
    dossier.waits.filter(answered_at__isnull=True).update(answered_at=now)
    tasks_cancel(dossier, actor=actor)
    return _move(
        dossier,
        S.STOPPED,
        actor=actor,
        action="stop",
        request=request,
        agency=dossier.competent_agency,
        public_note=f"{reason.strip()} ({basis.strip()})",
        details={"reason": reason.strip(), "basis": basis.strip()},
        extra_fields=("processing_ended_at", "paused_at"),
    )
