# SPDX-License-Identifier: MIT
"""How often one connection may post through the public pages (django-ratelimit).

A signed-in citizen is counted by account, anyone else by address (`request_client_ip`,
which believes X-Forwarded-For only as far as the trusted proxies go). Each attempt counts,
valid or not: a script retrying a refused form gains nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from congso.core.audit import request_client_ip

RATES = {
    "report": "CONGSO_FIELD_REPORT_RATE",
    "support": "CONGSO_FIELD_REPORT_SUPPORT_RATE",
}


def _who(group: str, request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{request_client_ip(request) or '-'}"


def over_limit(request: HttpRequest, action: str) -> bool:
    """Count this POST against `action`'s rate; True when it is one too many."""
    rate = getattr(settings, RATES[action])
    if not rate:
        return False
    return is_ratelimited(
        request,
        group=f"feedback.{action}",
        key=_who,
        rate=rate,
        method="POST",
        increment=True,
    )
