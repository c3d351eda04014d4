# SPDX-License-Identifier: MIT
"""The outbox worker: send dossier events to the national portal until stopped."""

from __future__ import annotations

import signal
import time
from types import FrameType

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import reset_queries
from django.utils import timezone

from congso.nationalsync.client import NationalPortalClient
from congso.nationalsync.sender import drainer_lock_try, next_due_at, outbox_drain


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a worker: start fast, whatever the pages say
    help = "Send the national-portal outbox (DongBoHoSoMC, CapNhatTienDoHoSoMC) in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=0, help="rows per batch")
        parser.add_argument(
            "--until-empty", action="store_true", help="stop when no row is left pending"
        )
        parser.add_argument(
            "--idle", type=float, default=1.0, help="seconds to wait when the outbox is empty"
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.CONGSO_DVCQG_ENABLED:
            raise CommandError("CONGSO_DVCQG_ENABLED is off: nothing is written to the outbox.")
        batch = int(options["batch"]) or settings.CONGSO_DVCQG_BATCH_SIZE
        idle = float(options["idle"])
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not drainer_lock_try():
            if stopping:
                return
            self.stderr.write("another worker drains the outbox; standing by")
            time.sleep(5)
        client = NationalPortalClient()
        sent = dead = 0
        try:
            while not stopping:
                result = outbox_drain(client, batch_size=batch, should_stop=lambda: stopping)
                reset_queries()
                sent += result.sent
                dead += result.dead
                if result.error:
                    self.stderr.write(f"deferred {result.deferred}: {result.error}")
                if result.claimed and not result.error:
                    continue  # more may be waiting right now
                due = next_due_at()
                if due is None and options["until_empty"]:
                    break
                wait = idle if due is None else (due - timezone.now()).total_seconds()
                time.sleep(min(max(wait, 0.05), 60.0))
        finally:
            client.close()
        self.stdout.write(f"sent {sent}, dead-lettered {dead}")
