# SPDX-License-Identifier: MIT
"""Management commands that a scheduler runs: once (cron, a timer), or in a loop (--every)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser


class RepeatableCommand(BaseCommand):
    """Runs `run_once()` and prints what it returns; with `--every N`, again every N s."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, help="repeat every N seconds (0: run once)"
        )

    def run_once(self) -> str:
        raise NotImplementedError

    def handle(self, *args: object, **options: object) -> None:
        every = int(options["every"])
        while True:
            self.stdout.write(self.run_once())
            if every <= 0:
                return
            time.sleep(every)
