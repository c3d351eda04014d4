# SPDX-License-Identifier: MIT
"""Background jobs of notifications. They read the message again and never trust the caller."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def message_send(message_id: int) -> str:
    """Send one message (retried with back-off, then fall-back; see services.message_deliver)."""
    return services.message_deliver(message_id)


@task()
def messages_sweep() -> int:
    """Enqueue due messages whose task was lost (run it every few minutes)."""
    return services.messages_due_dispatch()
