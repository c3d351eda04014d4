# SPDX-License-Identifier: MIT
"""Enqueue messages that are due and have no task waiting (run it from cron every few minutes)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser

from congso.notify.services import messages_due_dispatch


class Command(BaseCommand):
    help = "Send again the messages whose retry is due or whose worker died while sending."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args: object, **options: object) -> None:
        count = messages_due_dispatch(limit=int(options["limit"]))  # type: ignore[call-overload]
        self.stdout.write(f"{count} message(s) enqueued")
