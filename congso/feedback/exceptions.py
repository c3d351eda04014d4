# SPDX-License-Identifier: MIT
"""Why a field-report request was refused (each a 4xx with its own code)."""

from __future__ import annotations

from congso.core.exceptions import DomainError, InvalidInputError, NotFoundError


class FieldReportInvalidError(InvalidInputError):
    code = "field_report_invalid"

    def __init__(self, detail: str, *, field: str = "", extra: dict | None = None) -> None:
        super().__init__(detail, extra={"field": field, **(extra or {})} if field else extra)
        self.field = field


class LocationOutsideAreaError(FieldReportInvalidError):
    code = "location_outside_area"


class CategoryNotFoundError(NotFoundError):
    code = "category_not_found"


class FieldReportNotFoundError(NotFoundError):
    code = "field_report_not_found"


class FieldReportTransitionNotAllowed(DomainError):  # noqa: N818 - STYLE §3 naming
    code = "transition_not_allowed"
    http_status = 409


class FieldReportNotAllowed(DomainError):  # noqa: N818 - STYLE §3 naming
    code = "not_allowed"
    http_status = 403


class ApiKeyInvalidError(DomainError):
    code = "api_key_invalid"
    http_status = 403


class TooManyRequestsError(DomainError):
    """An Open311 caller went over its rate; `retry_after` is in seconds."""

    code = "too_many_requests"
    http_status = 429

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, extra={"retry_after": retry_after})
        self.retry_after = retry_after
