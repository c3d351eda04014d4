# SPDX-License-Identifier: MIT
"""Background jobs of the payments app."""

from __future__ import annotations

from django_tasks import task

from .requery import payments_requery_pending


@task()
def payments_requery_task() -> dict[str, int]:
    """Ask the gateway about pending payments (schedule it, or run `payments_requery`)."""
    return dict(payments_requery_pending())
