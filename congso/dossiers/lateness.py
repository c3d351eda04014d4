# SPDX-License-Identifier: MIT
"""Dossiers running late: warnings before the due date, the apology and new date (Mẫu 04).

DOMAIN §1.5: the agency apologises in writing with the reason and a new return date, no
later than one day before the deadline, and may re-date only once (both [K]: the window
and the limit are settings, CONGSO_DUE_WARNING_WORKING_HOURS and CONGSO_MAX_REDATINGS).
The scan drafts the letter; an officer completes, signs and sends it, which alone moves
the due date. Lateness is still measured against the date first promised.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.audit import audit_record
from congso.core.calendar import working_calendar
from congso.workflow.states import DossierState as S

from .events import dossier_event_record
from .exceptions import DossierRuleError
from .models import Dossier, DossierExtension
from .services import PROCESSING_ROLES, _locked, _require_role

logger = logging.getLogger(__name__)

RUNNING = (S.ACCEPTED, S.PROCESSING)
OPEN = (S.ACCEPTED, S.PROCESSING, S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT)


def warning_window_hours() -> Decimal:
    return Decimal(getattr(settings, "CONGSO_DUE_WARNING_WORKING_HOURS", 8))


def max_redatings() -> int:
    return int(getattr(settings, "CONGSO_MAX_REDATINGS", 1))


def _proposed_new_due(dossier: Dossier) -> dt.datetime:
    """A starting proposal: two more working days; the officer changes it."""
    calendar = working_calendar()
    return calendar.add_working_days(calendar.next_working_moment(dossier.due_at), Decimal(2))


def dossier_due_soon_scan(*, now: dt.datetime | None = None) -> int:
    """Warn about running dossiers due within the window (or overdue) and draft their apology.

    Each dossier is warned once (`due_warned_at`); each one is its own transaction so one
    failure does not hold back the others. Returns how many were warned.
    """
    now = now or timezone.now()
    calendar = working_calendar()
    horizon = calendar.add_working_hours(calendar.next_working_moment(now), warning_window_hours())
    candidates = Dossier.objects.filter(
        state__in=RUNNING, due_warned_at__isnull=True, due_at__lte=horizon
    ).values_list("pk", flat=True)
    warned = 0
    for pk in list(candidates[:5000]):
        try:
            warned += _warn_one(pk, now)
        except Exception:  # one broken dossier must not stop the scan
            logger.exception("deadline warning failed for dossier %s", pk)
    return warned


@transaction.atomic
def _warn_one(pk: int, now: dt.datetime) -> int:
    dossier = Dossier.objects.select_for_update().get(pk=pk)
    if dossier.state not in RUNNING or dossier.due_warned_at is not None:
        return 0
    dossier.due_warned_at = now
    dossier.save(update_fields=["due_warned_at", "updated_at"])
    overdue = dossier.due_at <= now
    dossier_event_record(
        dossier=dossier,
        occurred_at=now,
        action="overdue_warning" if overdue else "due_soon_warning",
        from_state=dossier.state,
        to_state=dossier.state,
        agency=dossier.current_agency,
        internal_note=(
            _("Overdue since %(due)s.")
            if overdue
            else _("Due on %(due)s: the result is not ready.")
        )
        % {"due": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")},
    )
    sent = dossier.extensions.filter(sent_at__isnull=False).count()
    has_draft = dossier.extensions.filter(sent_at__isnull=True).exists()
    if sent < max_redatings() and not has_draft:
        DossierExtension.objects.create(
            dossier=dossier,
            original_due_at=dossier.due_at,
            new_due_at=_proposed_new_due(dossier),
            drafted_at=now,
        )
    return 1


@transaction.atomic
def dossier_extension_send(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    reason: str,
    new_due_at: dt.datetime,
    signer_name: str,
    signer_title: str,
    request: HttpRequest | None = None,
) -> DossierExtension:
    """Send the apology with its new date: the dossier's due date moves, once at most."""
    if not reason.strip():
        raise DossierRuleError(_("Give the reason for the delay."))
    if not signer_name.strip() or not signer_title.strip():
        raise DossierRuleError(_("Name who signs the letter and their title."))
    dossier = _locked(dossier, None)
    if dossier.state not in OPEN:
        raise DossierRuleError(_("Only a dossier still being handled can be re-dated."))
    _require_role(actor, dossier.competent_agency, PROCESSING_ROLES)
    if dossier.extensions.filter(sent_at__isnull=False).count() >= max_redatings():
        raise DossierRuleError(
            _("This dossier was already re-dated; the rules allow it %(n)s time(s).")
            % {"n": max_redatings()}
        )
    if new_due_at <= dossier.due_at:
        raise DossierRuleError(_("The new return date must be after the current one."))
    now = timezone.now()
    calendar = working_calendar()
    late_notice = calendar.working_hours_between(now, dossier.due_at) < Decimal(8)
    extension = dossier.extensions.filter(sent_at__isnull=True).first() or DossierExtension(
        dossier=dossier, original_due_at=dossier.due_at, drafted_by=actor
    )
    extension.original_due_at = dossier.due_at
    extension.reason = reason.strip()
    extension.new_due_at = new_due_at
    extension.signer_name = signer_name.strip()
    extension.signer_title = signer_title.strip()
    extension.sent_at = now
    extension.sent_by = actor
    extension.sent_late = late_notice
    extension.save()
    due_before = dossier.due_at
    dossier.due_at = new_due_at
    dossier.save(update_fields=["due_at", "updated_at"])
    dossier_event_record(
        dossier=dossier,
        occurred_at=now,
        action="extend",
        from_state=dossier.state,
        to_state=dossier.state,
        actor=actor,
        agency=dossier.competent_agency,
        public_note=_("We apologise: the result is late (%(reason)s). New return date: %(due)s.")
        % {
            "reason": extension.reason,
            "due": timezone.localtime(new_due_at).strftime("%H:%M %d/%m/%Y"),
        },
        due_before=due_before,
        due_after=new_due_at,
    )
    audit_record(
        actor=actor,
        action="dossier.extend",
        target=dossier,
        changes={"due_at": [due_before.isoformat(), new_due_at.isoformat()]},
        note=extension.reason,
        request=request,
    )
    return extension
