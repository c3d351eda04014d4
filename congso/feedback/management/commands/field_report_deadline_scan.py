# SPDX-License-Identifier: MIT
"""Escalate overdue field reports to the agency heads, close answered ones left without reply."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from congso.feedback.services import field_report_auto_close, field_report_escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue field reports and auto-close answered ones (cron, or --every)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, help="repeat every N seconds (0: run once)"
        )

    def handle(self, *args: object, **options: object) -> None:
        every = int(options["every"])
        while True:
            escalated = field_report_escalate_overdue()
            closed = field_report_auto_close()
            self.stdout.write(f"{escalated} field report(s) escalated, {closed} closed")
            if every <= 0:
                return
            time.sleep(every)
