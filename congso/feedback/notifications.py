# SPDX-License-Identifier: MIT
"""E-mail to reporters and agency heads, sent after the change commits.

The reporter and everyone who joined a report ("me too", merged duplicates) hear about
each public status change; a notification app with SMS and Zalo will take over through the
`field_report_status_changed` signal.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def report_recipients(report) -> list[str]:
    """E-mail addresses of the reporter and of everyone who joined the report."""
    emails = [report.reporter_email] if report.reporter_email else []
    emails += [
        email
        for email in report.supporters.exclude(email="").values_list("email", flat=True)
        if email
    ]
    return sorted(set(emails))


def _public_url(report_id: int) -> str:
    base = settings.CONGSO_PUBLIC_BASE_URL.rstrip("/")
    return base + reverse("feedback:detail", kwargs={"report_id": report_id})


def status_changed_send(*, report_id: int, status_label: str, note: str, emails: list[str]) -> int:
    """Tell `emails` that report #report_id is now `status_label`; returns how many were sent."""
    if not emails:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Field report #%(id)s: %(status)s") % {"id": report_id, "status": status_label}
        body = "\n\n".join(
            part
            for part in (
                _("The report you sent or joined is now: %(status)s.") % {"status": status_label},
                note,
                _("Follow it here: %(url)s") % {"url": _public_url(report_id)},
            )
            if part
        )
    sent = 0
    for email in emails:
        try:
            sent += send_mail(subject, body, None, [email])
        except OSError:
            logger.warning("field report mail failed", extra={"report_id": report_id})
    return sent


def manage_link_send(*, report_id: int, email: str, manage_url: str) -> None:
    """Give the reporter the private link to confirm, reopen or rate the answer."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Field report #%(id)s received") % {"id": report_id}
        body = _(
            "Thank you. Your report was received.\n\nFollow it: %(public)s\n\n"
            "Keep this private link to confirm, reopen or rate the answer: %(manage)s"
        ) % {"public": _public_url(report_id), "manage": manage_url}
    try:
        send_mail(subject, body, None, [email])
    except OSError:
        logger.warning("field report mail failed", extra={"report_id": report_id})


def escalation_send(*, report_id: int, agency_name: str, emails: list[str]) -> int:
    """Tell the heads of the responsible agency that a report's answer is overdue."""
    if not emails:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Overdue field report #%(id)s") % {"id": report_id}
        body = _(
            "The answer to field report #%(id)s assigned to %(agency)s is overdue.\n\n%(url)s"
        ) % {"id": report_id, "agency": agency_name, "url": _public_url(report_id)}
    try:
        return send_mail(subject, body, None, emails)
    except OSError:
        logger.warning("field report escalation mail failed", extra={"report_id": report_id})
        return 0
