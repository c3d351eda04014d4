# SPDX-License-Identifier: MIT
from congso.core.exceptions import DomainError


class PaymentRuleError(DomainError):
    code = "payment_rule"
    http_status = 400


class PaymentPermissionError(DomainError):
    code = "forbidden"
    http_status = 403


class PaymentConflictError(DomainError):
    code = "payment_conflict"
    http_status = 409


class GatewayUnavailableError(DomainError):
    """The gateway is not configured, or did not answer."""

    code = "gateway_unavailable"
    http_status = 503


class StatementFileError(DomainError):
    """A statement file that cannot be read as a whole (size, encoding, format, columns)."""

    code = "statement_unreadable"
    http_status = 400
