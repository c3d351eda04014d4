# SPDX-License-Identifier: MIT
"""Keep the stock of dossiers in progress at the end of each closed day (indicator 2.1)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from congso.indicators.stock import stock_close_days


class Command(BaseCommand):
    help = (
        "Write, for every day closed since the last run, the dossiers still in progress at its "
        "end and those of them late (run daily after midnight from cron, or with --every)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, help="repeat every N seconds (0: run once)"
        )

    def handle(self, *args: object, **options: object) -> None:
        every = int(options["every"])
        while True:
            days = stock_close_days()
            if days:
                self.stdout.write(f"{len(days)} days closed, {days[0]} to {days[-1]}")
            else:
                self.stdout.write("no day to close")
            if every <= 0:
                return
            time.sleep(every)
