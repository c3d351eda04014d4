# SPDX-License-Identifier: MIT
"""Ask the gateway about pending payments; once, or every N seconds."""

from __future__ import annotations

from congso.core.commands import RepeatableCommand
from congso.payments.requery import payments_requery_pending


class Command(RepeatableCommand):
    help = "Re-query the payment gateway about pending payments (run from cron, or with --every)."

    def run_once(self) -> str:
        counts = payments_requery_pending()
        return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "nothing pending"
