# SPDX-License-Identifier: MIT
"""Ask the gateway about pending payments; once, or every N seconds."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from congso.payments.requery import payments_requery_pending


class Command(BaseCommand):
    help = "Re-query the payment gateway about pending payments (run from cron, or with --every)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every", type=int, default=0, help="repeat every N seconds (0: run once)"
        )

    def handle(self, *args: object, **options: object) -> None:
        every = int(options["every"])
        while True:
            counts = payments_requery_pending()
            summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing pending"
            self.stdout.write(summary)
            if every <= 0:
                return
            time.sleep(every)
