# SPDX-License-Identifier: MIT
"""Give an officer a new authenticator app (TOTP) from the server's shell.

For the first administrator of a new installation, who cannot sign in without one yet.
"""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from congso.accounts import services


class Command(BaseCommand):
    help = "Create a new TOTP device for an officer and print its set-up address and QR code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--no-qr", action="store_true", help="Print the address only.")

    def handle(self, *args: object, **options: object) -> None:
        users = get_user_model().objects
        try:
            user = users.get(username=options["username"])
        except users.model.DoesNotExist as exc:
            raise CommandError(f"No user named {options['username']!r}.") from exc
        enrolment = services.officer_totp_enrol(actor=None, user=user)
        self.stdout.write(enrolment.provisioning_uri)
        if not options["no_qr"]:
            try:
                import qrcode
            except ImportError:
                return
            code = qrcode.QRCode(border=1)
            code.add_data(enrolment.provisioning_uri)
            buffer = io.StringIO()
            code.print_ascii(out=buffer, invert=True)
            self.stdout.write(buffer.getvalue())
