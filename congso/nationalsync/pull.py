# SPDX-License-Identifier: MIT
"""Pulling dossiers filed on the national portal (when it does not push them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from django.conf import settings
from django.utils import timezone

from congso.core.exceptions import DomainError

from .client import NationalPortalClient
from .inbound import national_dossier_receive
from .protocol import national_time


@dataclasses.dataclass
class PullResult:
    received: int
    statuses: Counter[str]


def national_dossiers_pull(client: NationalPortalClient, *, since: dt.datetime) -> PullResult:
    """Ask for the dossiers filed since `since`; each is registered once, however often pulled."""
    body = client.call(
        settings.CONGSO_DVCQG_PULL_SERVICE,
        TuNgay=national_time(since),
        DenNgay=national_time(timezone.now()),
    )
    items = body.get("result") or []
    statuses: Counter[str] = Counter()
    for record in items if isinstance(items, list) else []:
        try:
            inbound = national_dossier_receive(record, channel="pull", http=client.http)
        except DomainError:
            statuses["rejected"] += 1
            continue
        statuses[inbound.status] += 1
    return PullResult(received=len(items) if isinstance(items, list) else 0, statuses=statuses)
