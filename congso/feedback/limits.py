# SPDX-License-Identifier: MIT
"""How often one connection may post through the public pages, and how often an Open311
application may create reports and an address read (django-ratelimit).

A signed-in citizen is counted by account, anyone else by address (`request_client_ip`,
which believes X-Forwarded-For only as far as the trusted proxies go); an IPv6 address by
its /64, the block one subscriber holds. Each attempt counts, valid or not: a script
retrying a refused form gains nothing. When the cache cannot be reached the pages stay open
(RATELIMIT_FAIL_OPEN): a citizen's report matters more than the limit.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from congso.core.audit import request_client_ip

from .models import UNLIMITED, ApiClient

RATES = {
    "report": "CONGSO_FIELD_REPORT_RATE",
    "support": "CONGSO_FIELD_REPORT_SUPPORT_RATE",
}


def client_key(request: HttpRequest) -> str | None:
    """Who is counted: the account, else the address (IPv6: its /64); None if unknown."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    address = request_client_ip(request)
    if not address:
        return None
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return f"address:{ipaddress.ip_network(f'{parsed}/64', strict=False)}"
    return f"address:{parsed}"


def over_limit(request: HttpRequest, action: str) -> bool:
    """Count this POST against `action`'s rate; True when it is one too many."""
    rate = getattr(settings, RATES[action])
    key = client_key(request)
    if not rate or key is None:
        return False
    return _wait(request, group=f"feedback.{action}", key=key, rate=rate, method="POST") is not None


def _wait(
    request: HttpRequest, *, group: str, key: str, rate: str, method: object = ALL
) -> int | None:
    """Count this call; the seconds until the window ends when it is one too many."""
    usage = get_usage(
        request,
        group=group,
        key=lambda _group, _request: key,
        rate=rate,
        method=method,
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"])


def open311_create_wait(request: HttpRequest, client: ApiClient) -> int | None:
    """An application creates reports for many people, so it is counted by its api_key, at
    its own rate or CONGSO_OPEN311_CLIENT_RATE; None when this report may go in."""
    rate = client.rate or settings.CONGSO_OPEN311_CLIENT_RATE
    if not rate or rate == UNLIMITED:
        return None
    return _wait(request, group="open311.create", key=f"client:{client.pk}", rate=rate)


def open311_read_wait(request: HttpRequest) -> int | None:
    """Reads need no key, so they are counted by address (CONGSO_OPEN311_READ_RATE)."""
    rate = settings.CONGSO_OPEN311_READ_RATE
    key = client_key(request)
    if not rate or key is None:
        return None
    return _wait(request, group="open311.read", key=key, rate=rate)
