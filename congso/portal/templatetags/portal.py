# SPDX-License-Identifier: MIT
"""Template helpers for the portal: text in the reader's language, money and durations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


def _get(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(name, "")
    return getattr(obj, name, "")


@register.filter
def tr(obj: Any, name: str) -> Any:
    """`obj.name_en` when the reader chose English and it exists, else `obj.name`."""
    if (get_language() or "vi").startswith("en"):
        english = _get(obj, f"{name}_en")
        if english:
            return english
    return _get(obj, name)


@register.filter
def vnd(amount: int | None) -> str:
    if not amount:
        return _("Free")
    return f"{amount:,}".replace(",", ".") + " đ"


@register.filter
def number(value: Decimal | float | int) -> str:
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


@register.filter
def iso_date(value: str | None) -> str:
    """An ISO date string from a stored record as dd/mm/yyyy."""
    if not value:
        return ""
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)
