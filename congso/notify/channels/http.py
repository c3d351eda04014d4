# SPDX-License-Identifier: MIT
"""One pooled HTTP client for the providers, and the errors every HTTP adapter shares."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import httpx
from django.conf import settings

from .base import PermanentSendError, TransientSendError


@lru_cache(maxsize=4)
def _client(timeout: float) -> httpx.Client:
    return httpx.Client(timeout=timeout, follow_redirects=False)


def post_json(url: str, *, json: dict[str, Any], headers: dict[str, str]) -> httpx.Response:
    """POST `json`; network trouble, 5xx and 429 are transient, other 4xx permanent."""
    client = _client(float(settings.CONGSO_NOTIFY_HTTP_TIMEOUT))
    try:
        response = client.post(url, json=json, headers=headers)
    except httpx.TimeoutException as exc:
        raise TransientSendError(f"timed out: {exc.__class__.__name__}") from exc
    except httpx.HTTPError as exc:
        raise TransientSendError(f"network error: {exc.__class__.__name__}: {exc}") from exc
    if response.status_code >= 500 or response.status_code == 429:
        raise TransientSendError(f"HTTP {response.status_code}: {response.text[:200]}")
    if response.status_code >= 400:
        raise PermanentSendError(f"HTTP {response.status_code}: {response.text[:200]}")
    return response
