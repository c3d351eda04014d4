# SPDX-License-Identifier: MIT
"""Run the simulated payment gateway (development and demos only: no real money moves)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from congso.payments.simulator import MODES, FakeGateway


class Command(BaseCommand):
    help = "Serve the simulated payment gateway on 127.0.0.1:PORT."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--mode", choices=MODES, default="ok")

    def handle(self, *args: object, **options: object) -> None:
        secret = settings.CONGSO_PAYMENTS_GATEWAY_SECRET
        merchant = settings.CONGSO_PAYMENTS_GATEWAY_MERCHANT
        if not secret or not merchant:
            raise CommandError(
                "Set CONGSO_PAYMENTS_GATEWAY_MERCHANT and CONGSO_PAYMENTS_GATEWAY_SECRET: "
                "the simulated gateway signs with the same secret as congso."
            )
        gateway = FakeGateway(
            merchant=merchant,
            secret=secret,
            port=int(options["port"]),
            host=str(options["host"]),
            mode=str(options["mode"]),
        )
        self.stdout.write(f"Simulated payment gateway on {gateway.url} (mode {options['mode']})")
        try:
            gateway.serve_forever()
        except KeyboardInterrupt:
            gateway.stop()
