# SPDX-License-Identifier: MIT
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

register = template.Library()


@register.filter
def pct(value: Decimal | None) -> str:
    """A rate as Vietnamese readers write it: 98,40% (— when there is nothing to divide)."""
    if value is None:
        return "—"
    return f"{value:.2f}".replace(".", ",") + "%"


@register.filter
def num(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return f"{value:,}".replace(",", ".")


@register.simple_tag
def dossiers_url(kind: str, period: Any, **scope: Any) -> str:
    params = {"kind": kind, "from": period.start.isoformat(), "to": period.end.isoformat()}
    params.update({k: v for k, v in scope.items() if v})
    return _address("indicators:dossiers") + "?" + urlencode(params)


@register.simple_tag
def field_reports_url(kind: str, period: Any, **scope: Any) -> str:
    params = {"kind": kind, "from": period.start.isoformat(), "to": period.end.isoformat()}
    params.update({k: v for k, v in scope.items() if v})
    return _address("indicators:field_report_list") + "?" + urlencode(params)


def _address(name: str) -> str:
    """reverse(name), worked out once per language and script prefix: the operations view
    links to its lists about ninety times."""
    return _reversed(name, get_language(), get_script_prefix())


@lru_cache(maxsize=64)
def _reversed(name: str, language: str | None, prefix: str) -> str:
    return reverse(name)
