# SPDX-License-Identifier: MIT
"""Warn about dossiers due soon and draft their apology; once, or every N seconds."""

from __future__ import annotations

from congso.core.commands import RepeatableCommand
from congso.dossiers.lateness import dossier_due_soon_scan


class Command(RepeatableCommand):
    help = "Warn officers about dossiers due soon or overdue (run from cron, or with --every)."

    def run_once(self) -> str:
        return f"{dossier_due_soon_scan()} dossier(s) warned"
