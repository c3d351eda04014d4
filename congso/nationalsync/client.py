# SPDX-License-Identifier: MIT
"""A client for the national portal's integration service (DOMAIN §6.1).

Log in with `{username, password}` for a session; every call then posts
`{session, madonvi, service, ...}` and succeeds with `error_code` "0" or "00". Failures are
sorted into two kinds, because the outbox treats them differently:

- `TransientError` — the other side could not take it now (5xx, time-out, connection refused,
  a session that cannot be renewed): retry later, with back-off.
- `RejectedError` — the other side refuses this content (400, 403, 404, 409, 413, 422 or an
  error code in a 200 answer): retrying the same content will not help.
"""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings

SUCCESS_CODES = frozenset({"0", "00"})
# Answers that mean "log in again" rather than "no".
SESSION_EXPIRED_CODES = frozenset({"401", "-401", "SESSION_EXPIRED"})


class NationalPortalError(Exception):
    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class TransientError(NationalPortalError):
    pass


class RejectedError(NationalPortalError):
    pass


class _SessionExpiredError(Exception):
    pass


class NationalPortalClient:
    def __init__(
        self,
        *,
        base_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        unit_code: str | None = None,
        timeout: float | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        self.base_url = (base_url or settings.CONGSO_DVCQG_BASE_URL).rstrip("/")
        self.username = settings.CONGSO_DVCQG_USERNAME if username is None else username
        self.password = settings.CONGSO_DVCQG_PASSWORD if password is None else password
        self.unit_code = settings.CONGSO_DVCQG_UNIT_CODE if unit_code is None else unit_code
        self.http = http or httpx.Client(
            timeout=timeout or settings.CONGSO_DVCQG_TIMEOUT_SECONDS,
            headers={"User-Agent": "congso"},
        )
        self.session: str | None = None

    def close(self) -> None:
        self.http.close()

    def login(self) -> str:
        try:
            body = self._post(
                settings.CONGSO_DVCQG_AUTH_PATH,
                {"username": self.username, "password": self.password},
            )
        except _SessionExpiredError:
            body = {"error_code": "401", "message": "HTTP 401"}
        code = str(body.get("error_code", ""))
        if code not in SUCCESS_CODES or not body.get("session"):
            # Wrong credentials are an operator's mistake: keep retrying until it is fixed.
            raise TransientError(f"log-in refused: {body.get('message') or code}", status=200)
        self.session = str(body["session"])
        return self.session

    def call(self, service: str, **fields: Any) -> dict[str, Any]:
        """Call one service; renews the session once if the portal says it expired."""
        for attempt in (1, 2):
            if self.session is None:
                self.login()
            try:
                return self._call_once(service, fields)
            except _SessionExpiredError:
                self.session = None
                if attempt == 2:
                    raise TransientError("session expired again right after log-in") from None
        raise AssertionError("unreachable")

    def _call_once(self, service: str, fields: dict[str, Any]) -> dict[str, Any]:
        payload = {"session": self.session, "madonvi": self.unit_code, "service": service}
        payload.update(fields)
        body = self._post(settings.CONGSO_DVCQG_INTEGRATION_PATH, payload)
        code = str(body.get("error_code", ""))
        if code in SUCCESS_CODES:
            return body
        if code in SESSION_EXPIRED_CODES:
            raise _SessionExpiredError
        raise RejectedError(f"{service}: {code} {body.get('message', '')}".strip(), status=200)

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self.http.post(self.base_url + path, json=payload)
        except httpx.TimeoutException as exc:
            raise TransientError(f"time-out: {exc}") from exc
        except httpx.TransportError as exc:
            raise TransientError(f"connection failed: {exc}") from exc
        status = response.status_code
        if status == 401:
            raise _SessionExpiredError
        if status >= 500 or status == 429:
            raise TransientError(f"HTTP {status}: {response.text[:300]}", status=status)
        if status >= 400:
            raise RejectedError(f"HTTP {status}: {response.text[:300]}", status=status)
        try:
            body = response.json()
        except ValueError as exc:
            raise TransientError(f"HTTP {status} without JSON: {response.text[:200]}") from exc
        if not isinstance(body, dict):
            raise TransientError(f"HTTP {status}: unexpected answer {str(body)[:200]}")
        return body
