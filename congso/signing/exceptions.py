# SPDX-License-Identifier: MIT
"""Errors of the signing app: subclasses of DomainError with a translated detail."""

from __future__ import annotations

from congso.core.exceptions import DomainError


class SigningNotConfiguredError(DomainError):
    """No signing key is configured and the development CA is not allowed here."""

    code = "signing_not_configured"
    http_status = 503


class SigningFailedError(DomainError):
    """The key could not sign, or the signed PDF did not verify: no record was made."""

    code = "signing_failed"
    http_status = 500
