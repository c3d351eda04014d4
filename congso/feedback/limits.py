# SPDX-License-Identifier: MIT
"""How often one connection may post through the public pages (django-ratelimit).

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
from django_ratelimit.core import is_ratelimited

from congso.core.audit import request_client_ip

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
    return is_ratelimited(
        request,
        group=f"feedback.{action}",
        key=lambda _group, _request: key,
        rate=rate,
        method="POST",
        increment=True,
    )
