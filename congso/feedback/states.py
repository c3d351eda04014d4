# SPDX-License-Identifier: MIT
"""The statuses of a field report, which may follow which, and their Open311 open/closed.

DOMAIN §8: received by the coordinator, assigned to a unit, handled, answered in public,
confirmed or reopened by the reporter; rejected as spam, duplicate or out of scope.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    REJECTED = "rejected", _("Rejected")


class DeadlineUnit(models.TextChoices):
    HOURS = "hours", _("working hours")
    DAYS = "days", _("working days")


S = Status
ALLOWED: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.ASSIGNED, S.REJECTED}),
    S.ASSIGNED: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.ANSWERED, S.REJECTED}),
    S.IN_PROGRESS: frozenset({S.ASSIGNED, S.ANSWERED, S.REJECTED}),
    S.ANSWERED: frozenset({S.CLOSED, S.REOPENED}),
    S.REOPENED: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.ANSWERED}),
    S.CLOSED: frozenset(),
    S.REJECTED: frozenset(),
}

OPEN311_CLOSED: tuple[str, ...] = (S.CLOSED.value, S.REJECTED.value)
"""Statuses that Open311 calls `closed`; every other one is `open`."""

UNANSWERED: tuple[str, ...] = (S.RECEIVED, S.ASSIGNED, S.IN_PROGRESS, S.REOPENED)
"""Statuses in which the answer deadline runs."""


def open311_status(status: str) -> str:
    return "closed" if status in OPEN311_CLOSED else "open"


def open311_statuses(value: str) -> list[str]:
    """Our statuses behind an Open311 `status` filter ("open", "closed" or both)."""
    wanted = {part.strip() for part in value.split(",") if part.strip()}
    return [s for s in Status.values if open311_status(s) in wanted]


def transition_allowed(current: str, target: str) -> bool:
    return target in ALLOWED.get(current, frozenset())
