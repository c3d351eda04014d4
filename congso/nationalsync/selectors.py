# SPDX-License-Identifier: MIT
"""What the sync page shows: backlog, lag, failures, and indicator 1.4 (DOMAIN §5)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db.models import Count, Max, Min
from django.utils import timezone

from congso.dossiers.models import Dossier

from .models import InboundRecord, InboundStatus, OutboxEvent, OutboxState


@dataclasses.dataclass(frozen=True)
class SyncOverview:
    pending: int
    dead: int
    sent_last_hour: int
    oldest_pending_at: dt.datetime | None
    last_sent_at: dt.datetime | None
    dossiers: int
    dossiers_behind: int
    recent_failures: list[OutboxEvent]
    inbound_registered: int
    inbound_rejected: int
    recent_rejections: list[InboundRecord]

    @property
    def lag_seconds(self) -> float:
        if self.oldest_pending_at is None:
            return 0.0
        return max(0.0, (timezone.now() - self.oldest_pending_at).total_seconds())

    @property
    def synced_rate(self) -> float | None:
        """Share of dossiers whose latest status reached the national portal (766, 1.4)."""
        if not self.dossiers:
            return None
        return 100.0 * (self.dossiers - self.dossiers_behind) / self.dossiers


def sync_overview() -> SyncOverview:
    """Costs a few index scans: the pending and dead rows are few, the history is not read."""
    unsent = OutboxEvent.objects.filter(state__in=[OutboxState.PENDING, OutboxState.DEAD])
    counts = dict(unsent.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    oldest = unsent.filter(state=OutboxState.PENDING).aggregate(at=Min("created_at"))["at"]
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    sent = OutboxEvent.objects.filter(state=OutboxState.SENT)
    inbound = dict(
        InboundRecord.objects.values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return SyncOverview(
        pending=counts.get(OutboxState.PENDING, 0),
        dead=counts.get(OutboxState.DEAD, 0),
        sent_last_hour=sent.filter(sent_at__gte=hour_ago).count(),
        oldest_pending_at=oldest,
        last_sent_at=sent.aggregate(at=Max("sent_at"))["at"],
        dossiers=Dossier.objects.exclude(state="draft").count(),
        dossiers_behind=unsent.values("dossier_id").distinct().count(),
        recent_failures=list(
            OutboxEvent.objects.filter(state=OutboxState.DEAD)
            .select_related("dossier", "event")
            .order_by("-id")[:20]
        ),
        inbound_registered=inbound.get(InboundStatus.REGISTERED, 0),
        inbound_rejected=inbound.get(InboundStatus.REJECTED, 0),
        recent_rejections=list(
            InboundRecord.objects.filter(status=InboundStatus.REJECTED).order_by("-received_at")[
                :20
            ]
        ),
    )
