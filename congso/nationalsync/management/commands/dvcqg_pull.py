# SPDX-License-Identifier: MIT
"""Fetch the dossiers filed on the national portal; once, or every N seconds."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from congso.nationalsync.client import NationalPortalClient, NationalPortalError
from congso.nationalsync.pull import national_dossiers_pull


class Command(BaseCommand):
    help = "Register the dossiers filed on the national portal (idempotent by dossier code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=48, help="look back this many hours")
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")

    def handle(self, *args: object, **options: object) -> None:
        client = NationalPortalClient()
        every = int(options["every"])
        try:
            while True:
                since = timezone.now() - dt.timedelta(hours=int(options["hours"]))
                try:
                    result = national_dossiers_pull(client, since=since)
                except NationalPortalError as exc:
                    self.stderr.write(f"pull failed: {exc}")
                else:
                    counts = ", ".join(f"{k} {v}" for k, v in sorted(result.statuses.items()))
                    self.stdout.write(f"{result.received} dossier(s): {counts or 'none'}")
                if every <= 0:
                    return
                time.sleep(every)
        finally:
            client.close()
