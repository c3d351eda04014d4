# SPDX-License-Identifier: MIT
"""Warn about dossiers due soon and draft their apology; once, or every N seconds."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from congso.dossiers.lateness import dossier_due_soon_scan


class Command(BaseCommand):
    help = "Warn officers about dossiers due soon or overdue (run from cron, or with --every)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, help="repeat every N seconds (0: run once)"
        )

    def handle(self, *args: object, **options: object) -> None:
        every = int(options["every"])
        while True:
            warned = dossier_due_soon_scan()
            self.stdout.write(f"{warned} dossier(s) warned")
            if every <= 0:
                return
            time.sleep(every)
