# SPDX-License-Identifier: MIT
"""`{% payments_panel dossier %}`: the fee summary shown on the officer's dossier page."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Payment, PaymentRequest

register = template.Library()


@register.inclusion_tag("payments/_panel.html")
def payments_panel(dossier: Any) -> dict[str, Any]:
    requests = list(PaymentRequest.objects.filter(dossier=dossier).order_by("requested_at"))
    flagged = Payment.objects.filter(
        request__dossier=dossier, status="flagged", resolved_at__isnull=True
    ).count()
    return {"dossier": dossier, "requests": requests, "flagged": flagged}


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key, [])
