# SPDX-License-Identifier: MIT
"""Create the development CA (and an agency's certificate) and say where they are."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from congso.core.models import Agency
from congso.signing import keys
from congso.signing.exceptions import SigningFailedError, SigningNotConfiguredError


class Command(BaseCommand):
    help = (
        "Create the congso development CA if needed and print its certificate's path and "
        "SHA-256 fingerprint (import it into a PDF reader to trust demo signatures)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--agency", metavar="CODE", help="also issue the certificate of this agency"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not keys.dev_ca_allowed():
            raise CommandError(
                "The development CA is refused here: set CONGSO_DEMO, DJANGO_DEBUG or "
                "CONGSO_SIGNING_ALLOW_DEV_CA."
            )
        try:
            ca = keys.dev_ca()
            self.stdout.write(f"CA certificate: {ca.path.with_name(keys.DEV_CA_CERT_FILE)}")
            self.stdout.write(f"CA key (PKCS#12, keep private): {ca.path}")
            self.stdout.write(f"CA SHA-256 fingerprint: {_colons(ca.fingerprint_sha256)}")
            if options["agency"]:
                self._agency(options["agency"])
        except (SigningFailedError, SigningNotConfiguredError) as error:
            raise CommandError(error.detail) from error

    def _agency(self, code: str) -> None:
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            raise CommandError(f"No agency has the code {code}.")
        credentials = keys.dev_agency_credentials(agency)
        self.stdout.write(f"Agency certificate ({agency.name}): {credentials.path}")
        self.stdout.write(f"Agency SHA-256 fingerprint: {_colons(credentials.fingerprint_sha256)}")


def _colons(hex_digest: str) -> str:
    return ":".join(hex_digest[i : i + 2] for i in range(0, len(hex_digest), 2)).upper()
