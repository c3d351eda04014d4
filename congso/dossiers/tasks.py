# SPDX-License-Identifier: MIT
"""Background jobs of the dossier app. They read the database again and never trust the caller."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .documents import tracking_url
from .models import DossierEvent


@task()
def dossier_status_email_send(event_id: int) -> bool:
    """E-mail the applicant about one status change (more channels come with notifications).

    Returns whether a message was sent: nothing is sent without an address or for events that
    do not change the state. Always in Vietnamese, the language of the official process.
    """
    event = DossierEvent.objects.select_related("dossier__procedure").filter(pk=event_id).first()
    if event is None or not event.to_state or event.from_state == event.to_state:
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
