# SPDX-License-Identifier: MIT
"""Run the fake SMS gateway and Zalo ZNS provider for development (never in production)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from congso.notify.fakes import FakeMessaging


class Command(BaseCommand):
    help = "Serve a fake SMS brandname gateway (eSMS protocol) and a fake Zalo ZNS provider."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8025)
        parser.add_argument("--sms-api-key", default="fake-api-key")
        parser.add_argument("--sms-secret-key", default="fake-secret-key")
        parser.add_argument("--sms-brandname", default="CONGSO")
        parser.add_argument("--zalo-access-token", default="fake-zalo-token")

    def handle(self, *args: object, **options: object) -> None:
        fake = FakeMessaging(
            str(options["host"]),
            int(options["port"]),  # type: ignore[call-overload]
            sms_api_key=options["sms_api_key"],
            sms_secret_key=options["sms_secret_key"],
            sms_brandname=options["sms_brandname"],
            zalo_access_token=options["zalo_access_token"],
        ).start()
        self.stdout.write("SMS:  CONGSO_NOTIFY_SMS_BACKEND=esms")
        self.stdout.write(f"      CONGSO_NOTIFY_SMS_URL={fake.sms_url}")
        self.stdout.write("Zalo: CONGSO_NOTIFY_ZALO_BACKEND=zns")
        self.stdout.write(f"      CONGSO_NOTIFY_ZALO_URL={fake.zalo_url}")
        self.stdout.write(
            f'Make it fail: curl -X POST {fake.base_url}/_fake/fail -d \'{{"channel": "sms", '
            '"times": 2, "mode": "5xx"}\''
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            fake.stop()
