# SPDX-License-Identifier: MIT
"""Run the fake national portal (demo and tests only; it keeps everything in memory)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from congso.nationalsync.fake_portal import FakeNationalPortalServer


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a worker: start fast, whatever the pages say
    help = "Serve a fake national public-service portal on 127.0.0.1 (never in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8090)
        parser.add_argument("--username", default=settings.CONGSO_DVCQG_USERNAME or "congso")
        parser.add_argument("--password", default=settings.CONGSO_DVCQG_PASSWORD or "congso")

    def handle(self, *args: object, **options: object) -> None:
        server = FakeNationalPortalServer(
            ("127.0.0.1", int(options["port"])),
            auth_path=settings.CONGSO_DVCQG_AUTH_PATH,
            integration_path=settings.CONGSO_DVCQG_INTEGRATION_PATH,
            pull_service=settings.CONGSO_DVCQG_PULL_SERVICE,
            username=str(options["username"]),
            password=str(options["password"]),
        )
        self.stdout.write(
            f"fake national portal on {server.url} (state: {server.url}/_control/state)"
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
