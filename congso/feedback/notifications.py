# SPDX-License-Identifier: MIT
"""Who hears about a field report, and the links they are given.

The messages themselves are written and sent by `congso.notify`
(`congso/notify/field_report_notifications.py`), which listens to the signals of
`signals.py`: this app says who the people of a report are (the reporter and everyone who
joined it: "me too", merged duplicates) and where its pages are; notify chooses the channel
(Zalo, SMS, e-mail), the words and the language, logs each message and retries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .models import FieldReport


@dataclass(frozen=True)
class ReportContact:
    """One person to tell about a report. Private: for messaging only, never published.

    `key` names the person within the report (stable across events); `user` is their account
    when they were signed in, and then their own preferences and profile apply.
    """

    key: str
    role: str  # "reporter" or "supporter"
    name: str = ""
    email: str = ""
    phone: str = ""
    user: Any = None

    @property
    def reachable(self) -> bool:
        return bool(self.user is not None or self.email or self.phone)


def reporter_contact(report: FieldReport) -> ReportContact | None:
    """The reporter as they gave themselves (form, Open311, hotline, account); None if unknown."""
    contact = ReportContact(
        key=f"field-report-reporter:{report.pk}",
        role="reporter",
        name=report.reporter_name,
        email=report.reporter_email,
        phone=report.reporter_phone,
        user=report.reporter if report.reporter_id else None,
    )
    return contact if contact.reachable else None


def report_contacts(report: FieldReport) -> list[ReportContact]:
    """The reporter and everyone who joined the report, reporter first."""
    contacts = [c for c in [reporter_contact(report)] if c is not None]
    for supporter in report.supporters.select_related("user").order_by("pk"):
        contact = ReportContact(
            key=f"field-report-supporter:{supporter.pk}",
            role="supporter",
            email=supporter.email,
            phone=supporter.phone,
            user=supporter.user,
        )
        if contact.reachable:
            contacts.append(contact)
    return contacts


def _absolute(path: str) -> str:
    return settings.CONGSO_PUBLIC_BASE_URL.rstrip("/") + path


def report_public_url(report: FieldReport, *, language: str = "vi") -> str:
    """The public page of the report, or "" when the report is not public (spam, hidden)."""
    if not report.is_public or report.hidden:
        return ""
    with translation.override(language):
        return _absolute(reverse("feedback:detail", kwargs={"report_id": report.pk}))


def report_officer_url(report: FieldReport, *, language: str = "vi") -> str:
    """The officers' page of the report (sign-in required)."""
    with translation.override(language):
        return _absolute(reverse("feedback:officer_report", kwargs={"report_id": report.pk}))
