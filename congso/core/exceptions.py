# SPDX-License-Identifier: MIT
"""Domain errors: raised by services, turned into 4xx answers in one place (congso/api.py)."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the request. `detail` is user-facing, already translated."""

    code = "domain_error"
    http_status = 400

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}


class NotFoundError(DomainError):
    code = "not_found"
    http_status = 404


class InvalidInputError(DomainError):
    code = "invalid_input"
    http_status = 400
