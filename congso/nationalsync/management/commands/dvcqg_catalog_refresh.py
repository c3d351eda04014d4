# SPDX-License-Identifier: MIT
"""Refresh catalog entries from the national TTHC database (LayThuTuc)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congso.catalog.models import Procedure
from congso.nationalsync.catalog_refresh import NationalRecordError, procedure_refresh
from congso.nationalsync.client import NationalPortalClient, NationalPortalError


class Command(BaseCommand):
    help = "Refresh procedures from the national catalog service (LayThuTuc)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", help="procedure codes (default: all published)")

    def handle(self, *args: object, **options: object) -> None:
        codes = list(options["codes"])
        procedures = Procedure.objects.filter(publication_status="published").order_by("code")
        if codes:
            procedures = Procedure.objects.filter(code__in=codes).order_by("code")
            missing = set(codes) - set(procedures.values_list("code", flat=True))
            if missing:
                raise CommandError(f"unknown procedure code(s): {', '.join(sorted(missing))}")
        client = NationalPortalClient()
        counts = {"updated": 0, "unchanged": 0, "failed": 0}
        try:
            for procedure in procedures.iterator(chunk_size=200):
                try:
                    counts[procedure_refresh(client, procedure)] += 1
                except (NationalPortalError, NationalRecordError) as exc:
                    counts["failed"] += 1
                    self.stderr.write(f"{procedure.code}: {exc}")
        finally:
            client.close()
        self.stdout.write(", ".join(f"{k} {v}" for k, v in counts.items()))
