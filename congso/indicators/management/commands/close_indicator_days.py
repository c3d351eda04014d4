# SPDX-License-Identifier: MIT
"""Keep the stock of dossiers in progress at the end of each closed day (indicator 2.1)."""

from __future__ import annotations

from congso.core.commands import RepeatableCommand
from congso.indicators.stock import stock_close_days


class Command(RepeatableCommand):
    help = (
        "Write, for every day closed since the last run, the dossiers still in progress at its "
        "end and those of them late (run daily after midnight from cron, or with --every)."
    )

    def run_once(self) -> str:
        days = stock_close_days()
        if not days:
            return "no day to close"
        return f"{len(days)} days closed, {days[0]} to {days[-1]}"
