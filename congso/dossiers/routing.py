# SPDX-License-Identifier: MIT
"""Moving a dossier through its processing steps: forward, claim, assign, send back, liên thông.

A dossier under processing has exactly one open task (a database constraint): the step it
is at, the agency and role that must act, who claimed it and the step's due date. Every
hand-over is one transaction that locks the dossier, checks the actor, closes the task,
opens the next one and records an event, so two officers acting at once cannot both win.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.accounts.models import OfficerRoleKind
from congso.accounts.selectors import officer_roles_for
from congso.core.audit import audit_record
from congso.core.calendar import working_calendar
from congso.core.models import Agency
from congso.workflow.process import PlanStep
from congso.workflow.rules import TransitionNotAllowedError
from congso.workflow.states import DossierState as S

from .events import dossier_event_record
from .exceptions import DossierConflictError, DossierPermissionError, DossierRuleError
from .models import Dossier, DossierTask, TaskState
from .services import PROCESSING_ROLES, RECEPTION_ROLES, _has_any_role, _locked, _move

SUPERVISING_ROLES = (OfficerRoleKind.HEAD, OfficerRoleKind.AGENCY_ADMIN)
INTER_AGENCY_DEFAULT_DAYS = Decimal(1)


def plan_of(dossier: Dossier) -> list[PlanStep]:
    return [PlanStep.from_json(step) for step in dossier.process_plan]


def open_task(dossier: Dossier) -> DossierTask | None:
    return DossierTask.objects.filter(dossier=dossier, state=TaskState.OPEN).first()


def may_supervise(user: AbstractBaseUser, agency: Agency) -> bool:
    """A head of unit or agency administrator there: assigns, stops, signs for others."""
    return _has_any_role(user, agency, SUPERVISING_ROLES)


def may_act_on_task(user: AbstractBaseUser, task: DossierTask) -> bool:
    """The assignee, an officer holding the task's role there, or a supervisor there."""
    if getattr(user, "is_superuser", False) or task.assignee_id == user.pk:
        return True
    if task.assignee_id is not None:
        return _has_any_role(user, task.agency, SUPERVISING_ROLES)
    return _has_any_role(user, task.agency, (task.role, *SUPERVISING_ROLES))


def _require_task_actor(user: AbstractBaseUser, task: DossierTask) -> None:
    if not may_act_on_task(user, task):
        raise DossierPermissionError(
            _("This step belongs to %(agency)s (%(who)s).")
            % {
                "agency": task.agency.name,
                "who": task.assignee.get_username() if task.assignee else task.role,
            }
        )


def _step_due(dossier: Dossier, working_days: Decimal, now: dt.datetime) -> dt.datetime | None:
    """A step's due date: its share of working days from the hand-over, never past the dossier's."""
    calendar = working_calendar()
    due = calendar.add_working_days(calendar.next_working_moment(now), working_days)
    return min(due, dossier.due_at) if dossier.due_at else due


def _open(
    dossier: Dossier,
    index: int,
    *,
    actor: AbstractBaseUser | None,
    now: dt.datetime,
    agency_id: int | None = None,
    role: str | None = None,
    name: str | None = None,
    working_days: Decimal | None = None,
    inter_agency: bool = False,
    requested_by_agency: Agency | None = None,
    assignee: AbstractBaseUser | None = None,
    note: str = "",
) -> DossierTask:
    step = plan_of(dossier)[index]
    task = DossierTask.objects.create(
        dossier=dossier,
        plan_index=index,
        name=name or step.name,
        agency_id=agency_id or step.agency_id or dossier.competent_agency_id,
        role=role or step.role,
        inter_agency=inter_agency,
        requested_by_agency=requested_by_agency,
        assignee=assignee,
        created_at=now,
        created_by=actor,
        due_at=_step_due(dossier, step.working_days if working_days is None else working_days, now),
        note=note,
    )
    dossier.current_agency_id = task.agency_id
    dossier.save(update_fields=["current_agency", "updated_at"])
    return task


def _close(task: DossierTask, *, state: str, actor: AbstractBaseUser | None, now: dt.datetime):
    task.state = state
    task.completed_at = now
    task.completed_by = actor
    task.save(update_fields=["state", "completed_at", "completed_by"])


def tasks_cancel(dossier: Dossier, *, actor: AbstractBaseUser | None) -> None:
    """Close the open task of a dossier that stops, is withdrawn or ends."""
    task = open_task(dossier)
    if task is not None:
        _close(task, state=TaskState.CANCELLED, actor=actor, now=timezone.now())


def _handover_event(
    dossier: Dossier,
    task: DossierTask,
    *,
    action: str,
    actor: AbstractBaseUser,
    note: str,
    request: HttpRequest | None,
) -> None:
    dossier_event_record(
        dossier=dossier,
        action=action,
        from_state=dossier.state,
        to_state=dossier.state,
        actor=actor,
        agency=task.agency,
        public_note=_("Handed over to %(agency)s: %(step)s.")
        % {"agency": task.agency.name, "step": task.name},
        internal_note=note,
    )
    audit_record(
        actor=actor,
        action=f"dossier.{action}",
        target=dossier,
        changes={"task": task.pk, "agency": task.agency.code, "step": task.plan_index},
        note=note,
        request=request,
    )


@transaction.atomic
def dossier_forward(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    note: str = "",
    to_agency: Agency | None = None,
    working_days: Decimal | None = None,
    request: HttpRequest | None = None,
) -> Dossier:
    """Hand the dossier to its next step, or (with `to_agency`) to another agency (liên thông).

    From reception the dossier goes to the first step. An inter-agency task hands back to
    the step that asked for it; the last step does not forward: it approves or refuses.
    """
    dossier = _locked(dossier, None)
    now = timezone.now()
    if dossier.state == S.ACCEPTED:
        if not (
            _has_any_role(actor, dossier.receiving_agency, RECEPTION_ROLES)
            or _has_any_role(actor, dossier.competent_agency, PROCESSING_ROLES)
        ):
            raise DossierPermissionError(
                _("Only the reception desk or the competent agency can forward this dossier.")
            )
        _move(
            dossier,
            S.PROCESSING,
            actor=actor,
            action="forward",
            request=request,
            agency=dossier.competent_agency,
            internal_note=note,
        )
        if dossier.process_plan:
            task = _open(dossier, 0, actor=actor, now=now)
            _handover_event(
                dossier, task, action="handover", actor=actor, note=note, request=request
            )
        return dossier
    if dossier.state != S.PROCESSING:
        raise TransitionNotAllowedError(
            _("Dossier %(code)s cannot be forwarded while it is “%(state)s”.")
            % {"code": dossier.code, "state": S(dossier.state).label}
        )
    task = open_task(dossier)
    if task is None:
        raise DossierRuleError(_("This dossier has no step to forward from."))
    _require_task_actor(actor, task)
    plan = plan_of(dossier)
    if to_agency is not None:
        if to_agency.pk == task.agency_id:
            raise DossierRuleError(_("Choose another agency than the one holding the dossier."))
        _close(task, state=TaskState.DONE, actor=actor, now=now)
        new = _open(
            dossier,
            task.plan_index,
            actor=actor,
            now=now,
            agency_id=to_agency.pk,
            role=OfficerRoleKind.SPECIALIST,
            name=_("Inter-agency: opinion of %(agency)s") % {"agency": to_agency.name},
            working_days=working_days or INTER_AGENCY_DEFAULT_DAYS,
            inter_agency=True,
            requested_by_agency=task.agency,
            note=note,
        )
    elif task.inter_agency:
        _close(task, state=TaskState.DONE, actor=actor, now=now)
        previous = (
            DossierTask.objects.filter(
                dossier=dossier, plan_index=task.plan_index, inter_agency=False
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        new = _open(
            dossier,
            task.plan_index,
            actor=actor,
            now=now,
            agency_id=task.requested_by_agency_id,
            role=previous.role if previous else None,
            name=previous.name if previous else None,
            assignee=previous.completed_by if previous else None,
            note=note,
        )
    else:
        if task.plan_index + 1 >= len(plan):
            raise DossierRuleError(
                _("This is the last step: approve the result or stop the dossier.")
            )
        _close(task, state=TaskState.DONE, actor=actor, now=now)
        new = _open(dossier, task.plan_index + 1, actor=actor, now=now, note=note)
    _handover_event(dossier, new, action="handover", actor=actor, note=note, request=request)
    return dossier


@transaction.atomic
def dossier_send_back(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    reason: str,
    request: HttpRequest | None = None,
) -> Dossier:
    """Return the dossier to the previous step with a reason (trả lại bước trước)."""
    if not reason.strip():
        raise DossierRuleError(_("Say why the dossier is sent back."))
    dossier = _locked(dossier, S.PROCESSING)
    task = open_task(dossier)
    if task is None or (task.plan_index == 0 and not task.inter_agency):
        raise DossierRuleError(_("The dossier is at its first step: there is no step before."))
    _require_task_actor(actor, task)
    now = timezone.now()
    _close(task, state=TaskState.SENT_BACK, actor=actor, now=now)
    index = task.plan_index if task.inter_agency else task.plan_index - 1
    previous = (
        DossierTask.objects.filter(dossier=dossier, plan_index=index, inter_agency=False)
        .order_by("-created_at", "-pk")
        .first()
    )
    new = _open(
        dossier,
        index,
        actor=actor,
        now=now,
        agency_id=previous.agency_id if previous else None,
        role=previous.role if previous else None,
        name=previous.name if previous else None,
        assignee=previous.completed_by if previous else None,
        note=reason.strip(),
    )
    _handover_event(
        dossier, new, action="send_back", actor=actor, note=reason.strip(), request=request
    )
    return dossier


@transaction.atomic
def dossier_task_claim(
    *, dossier: Dossier, actor: AbstractBaseUser, request: HttpRequest | None = None
) -> DossierTask:
    """Take the dossier's open step for yourself (nhận xử lý)."""
    dossier = _locked(dossier, S.PROCESSING)
    task = open_task(dossier)
    if task is None:
        raise DossierRuleError(_("This dossier has no open step."))
    if task.assignee_id is not None and task.assignee_id != actor.pk:
        raise DossierConflictError(
            _("%(who)s has already taken this step.") % {"who": task.assignee.get_username()}
        )
    if not _has_any_role(actor, task.agency, (task.role, *SUPERVISING_ROLES)):
        raise DossierPermissionError(
            _("You have no role in %(agency)s that allows this.") % {"agency": task.agency.name}
        )
    task.assignee = actor
    task.claimed_at = timezone.now()
    task.save(update_fields=["assignee", "claimed_at"])
    audit_record(
        actor=actor,
        action="dossier.claim",
        target=dossier,
        changes={"task": task.pk},
        request=request,
    )
    return task


@transaction.atomic
def dossier_task_assign(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    assignee: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> DossierTask:
    """A head of unit gives the open step to one of the agency's officers (phân công)."""
    dossier = _locked(dossier, S.PROCESSING)
    task = open_task(dossier)
    if task is None:
        raise DossierRuleError(_("This dossier has no open step."))
    if not _has_any_role(actor, task.agency, SUPERVISING_ROLES):
        raise DossierPermissionError(_("Only the head of the unit can assign this step."))
    if not officer_roles_for(user=assignee).filter(agency=task.agency, role=task.role).exists():
        raise DossierRuleError(
            _("%(who)s has no “%(role)s” role in %(agency)s.")
            % {
                "who": assignee.get_username(),
                "role": OfficerRoleKind(task.role).label,
                "agency": task.agency.name,
            }
        )
    task.assignee = assignee
    task.claimed_at = timezone.now()
    task.save(update_fields=["assignee", "claimed_at"])
    audit_record(
        actor=actor,
        action="dossier.assign",
        target=dossier,
        changes={"task": task.pk, "assignee": assignee.get_username()},
        request=request,
    )
    return task


def ensure_may_approve(dossier: Dossier, actor: AbstractBaseUser) -> DossierTask | None:
    """Approving ends processing: only from the last step of the plan, by whoever holds it."""
    task = open_task(dossier)
    if task is None:
        return None
    if task.inter_agency or task.plan_index + 1 < len(dossier.process_plan):
        raise DossierRuleError(
            _("The dossier is at step “%(step)s”: it must go through every step first.")
            % {"step": task.name}
        )
    _require_task_actor(actor, task)
    return task


def close_task_on_approval(task: DossierTask | None, actor: AbstractBaseUser) -> None:
    if task is not None:
        _close(task, state=TaskState.DONE, actor=actor, now=timezone.now())


def shift_open_task(dossier: Dossier, delta: dt.timedelta) -> None:
    """After a pause the open step's due date moves with the dossier's."""
    task = open_task(dossier)
    if task is not None and task.due_at is not None and delta:
        task.due_at = task.due_at + delta
        if dossier.due_at is not None:
            task.due_at = min(task.due_at, dossier.due_at)
        task.save(update_fields=["due_at"])
