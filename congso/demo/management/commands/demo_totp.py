# SPDX-License-Identifier: MIT
"""Print the current TOTP codes of the demo officers (demo keys only)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from congso.demo.accounts import DEMO_LOGINS, demo_totp_key


class Command(BaseCommand):
    help = "Print the current 6-digit codes of the demo log-ins (valid for 30 seconds)."

    def handle(self, *args: object, **options: object) -> None:
        for role, username, _password in DEMO_LOGINS:
            code = TOTP(bytes.fromhex(demo_totp_key(username))).token()
            self.stdout.write(f"{role:<32} {username:<12} {code:06d}")
