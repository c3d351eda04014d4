# SPDX-License-Identifier: MIT
"""Escalate overdue field reports to the agency heads, close answered ones left without reply."""

from __future__ import annotations

from congso.core.commands import RepeatableCommand
from congso.feedback.services import field_report_auto_close, field_report_escalate_overdue


class Command(RepeatableCommand):
    help = "Escalate overdue field reports and auto-close answered ones (cron, or --every)."

    def run_once(self) -> str:
        escalated = field_report_escalate_overdue()
        closed = field_report_auto_close()
        return f"{escalated} field report(s) escalated, {closed} closed"
