# SPDX-License-Identifier: MIT
"""Errors of the notifications domain (turned into 4xx answers by the API and the pages)."""

from __future__ import annotations

from congso.core.exceptions import DomainError


class PreferenceNotAllowed(DomainError):  # noqa: N818  (STYLE: <Thing>NotAllowed)
    code = "preference_not_allowed"
    http_status = 403


class PreferenceError(DomainError):
    code = "preference_invalid"
    http_status = 400
