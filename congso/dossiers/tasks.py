# SPDX-License-Identifier: MIT
"""Background jobs of the dossier app. They read the database again and never trust the caller."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .documents import tracking_url
from .models import Dossier, DossierEvent, TaskState

# Events that do not change the state but that the applicant must hear about.
APPLICANT_EVENTS = frozenset({"extend"})


@task()
def dossier_status_email_send(event_id: int) -> bool:
    """E-mail the applicant about one status change (more channels come with notifications).

    Returns whether a message was sent: nothing is sent without an address or for events that
    do not change the state. Always in Vietnamese, the language of the official process.
    """
    event = DossierEvent.objects.select_related("dossier__procedure").filter(pk=event_id).first()
    if event is None or not event.to_state:
        return False
    if event.from_state == event.to_state and event.action not in APPLICANT_EVENTS:
        return False
    dossier = event.dossier
    if not dossier.applicant_email:
        return False
    with translation.override("vi"):
        context = {"dossier": dossier, "event": event, "tracking_url": tracking_url(dossier)}
        subject = render_to_string("dossiers/email/status_subject.txt", context).strip()
        body = render_to_string("dossiers/email/status_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [dossier.applicant_email])
    return True


@task()
def dossier_due_warning_email_send(dossier_id: int) -> int:
    """Warn the officer holding a dossier, and the heads of that agency, that it is due soon."""
    from congso.accounts.models import OfficerRole, OfficerRoleKind
    from congso.accounts.selectors import active_on_q

    dossier = Dossier.objects.select_related("procedure", "current_agency").filter(pk=dossier_id)
    dossier = dossier.first()
    if dossier is None or dossier.current_agency is None:
        return 0
    task_ = dossier.tasks.filter(state=TaskState.OPEN).select_related("assignee").first()
    heads = OfficerRole.objects.filter(
        active_on_q(), agency=dossier.current_agency, role=OfficerRoleKind.HEAD
    ).select_related("user")
    recipients = {role.user.email for role in heads if role.user.email}
    if task_ is not None and task_.assignee is not None and task_.assignee.email:
        recipients.add(task_.assignee.email)
    if not recipients:
        return 0
    with translation.override("vi"):
        context = {"dossier": dossier, "task": task_}
        subject = render_to_string("dossiers/email/due_warning_subject.txt", context).strip()
        body = render_to_string("dossiers/email/due_warning_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(recipients))
    return len(recipients)
