# SPDX-License-Identifier: MIT
"""Recompute every counter from the dossiers' history."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from congso.indicators.rebuild import indicators_rebuild


class Command(BaseCommand):
    help = "Rebuild the indicator counters from the dossier history (one transaction)."

    def handle(self, *args: object, **options: object) -> None:
        result = indicators_rebuild()
        self.stdout.write(
            f"{result.dossiers} dossiers, {result.events} events → {result.rows} daily rows "
            f"in {result.seconds:.1f} s ("
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.phases.items())
            + ")"
        )
