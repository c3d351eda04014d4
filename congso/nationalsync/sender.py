# SPDX-License-Identifier: MIT
"""Draining the outbox to the national portal: batches, back-off, dead letters, replay.

A worker leases the oldest pending rows (SKIP LOCKED on PostgreSQL, so several workers never
take the same rows), sends them, then marks them. Nothing is held open during the HTTP call.
A crash between sending and marking leaves the lease to expire and the rows are sent again:
the receiver deduplicates on each item's `MaSuKien`, so the effect is exactly once.

Rows go out in the order they were written, by one drainer at a time (`drainer_lock_try`:
a second worker stands by); a batch that fails for a transient reason holds
back the rows behind it (they would fail the same way), so one dossier's events never overtake
each other. A batch the portal rejects is split in halves until the rejected rows are found:
those are dead-lettered with the reason, the rest go through.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .client import NationalPortalClient, RejectedError, TransientError
from .models import OutboxEvent, OutboxState
from .protocol import batch_items

logger = logging.getLogger(__name__)

SERVICE_RECORDS = "DongBoHoSoMC"
SERVICE_PROGRESS = "CapNhatTienDoHoSoMC"


@dataclasses.dataclass
class DrainResult:
    claimed: int = 0
    sent: int = 0
    dead: int = 0
    deferred: int = 0
    retry_at: dt.datetime | None = None
    error: str = ""


@dataclasses.dataclass(frozen=True)
class _Row:
    id: int
    event_id: int
    with_record: bool
    attempts: int


def backoff_seconds(attempts: int) -> float:
    """Exponential back-off with jitter: base·2^(n-1), capped, scaled by a random 0.5–1."""
    base = settings.CONGSO_DVCQG_BACKOFF_BASE_SECONDS
    ceiling = settings.CONGSO_DVCQG_BACKOFF_MAX_SECONDS
    return min(ceiling, base * 2 ** max(0, attempts - 1)) * random.uniform(0.5, 1.0)


def _claim(batch_size: int, now: dt.datetime) -> list[_Row]:
    lease = now + dt.timedelta(seconds=settings.CONGSO_DVCQG_LEASE_SECONDS)
    with transaction.atomic():
        candidates = list(
            OutboxEvent.objects.filter(state=OutboxState.PENDING)
            .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
            .order_by("id")
            .select_for_update(skip_locked=True)
            .values_list("id", "event_id", "with_record", "attempts", "next_attempt_at")[
                :batch_size
            ]
        )
        rows = []
        for pk, event_id, with_record, attempts, next_attempt_at in candidates:
            if next_attempt_at > now:
                break  # the head of the line waits, and so does everything behind it
            rows.append(_Row(pk, event_id, with_record, attempts))
        if rows:
            OutboxEvent.objects.filter(pk__in=[r.id for r in rows]).update(leased_until=lease)
    return rows


def _send(client: NationalPortalClient, rows: list[_Row]) -> None:
    new, updated, progress = batch_items((r.event_id, r.with_record) for r in rows)
    if new:
        client.call(SERVICE_RECORDS, isUpdating=False, data=new)
    if updated:
        client.call(SERVICE_RECORDS, isUpdating=True, data=updated)
    if progress:
        client.call(SERVICE_PROGRESS, data=progress)


def _extend_lease(rows: list[_Row]) -> None:
    until = timezone.now() + dt.timedelta(seconds=settings.CONGSO_DVCQG_LEASE_SECONDS)
    OutboxEvent.objects.filter(pk__in=[r.id for r in rows]).update(leased_until=until)


def _mark_sent(rows: list[_Row], now: dt.datetime) -> None:
    ids = [r.id for r in rows]
    OutboxEvent.objects.filter(pk__in=ids, state=OutboxState.PENDING).update(
        state=OutboxState.SENT, sent_at=now, leased_until=None, last_error=""
    )


def _mark_dead(row: _Row, reason: str) -> None:
    OutboxEvent.objects.filter(pk=row.id).update(
        state=OutboxState.DEAD, attempts=row.attempts + 1, leased_until=None, last_error=reason
    )


def _defer(rows: list[_Row], reason: str, now: dt.datetime) -> tuple[int, int, dt.datetime]:
    """Put rows back with their next attempt; rows out of attempts are dead-lettered."""
    dead = 0
    retry_at = now
    limit = settings.CONGSO_DVCQG_MAX_ATTEMPTS
    with transaction.atomic():
        for attempts, group in _by_attempts(rows).items():
            ids = [r.id for r in group]
            if attempts + 1 >= limit:
                dead += OutboxEvent.objects.filter(pk__in=ids).update(
                    state=OutboxState.DEAD,
                    attempts=attempts + 1,
                    leased_until=None,
                    last_error=reason,
                )
                continue
            retry_at = now + dt.timedelta(seconds=backoff_seconds(attempts + 1))
            OutboxEvent.objects.filter(pk__in=ids).update(
                attempts=attempts + 1,
                next_attempt_at=retry_at,
                leased_until=None,
                last_error=reason,
            )
    return len(rows) - dead, dead, retry_at


def _by_attempts(rows: list[_Row]) -> dict[int, list[_Row]]:
    groups: dict[int, list[_Row]] = {}
    for row in rows:
        groups.setdefault(row.attempts, []).append(row)
    return groups


def _deliver(client: NationalPortalClient, rows: list[_Row], result: DrainResult) -> None:
    """Send rows; on rejection split until each rejected row stands alone, then dead-letter it."""
    try:
        _send(client, rows)
    except RejectedError as exc:
        if len(rows) == 1:
            logger.warning("national portal rejected event %s: %s", rows[0].event_id, exc)
            _mark_dead(rows[0], str(exc))
            result.dead += 1
            return
        middle = len(rows) // 2
        for half in (rows[:middle], rows[middle:]):
            _extend_lease(half)  # halving takes calls: keep the rows ours meanwhile
            _deliver(client, half, result)
        return
    _mark_sent(rows, timezone.now())
    result.sent += len(rows)


def outbox_drain_once(
    client: NationalPortalClient, *, batch_size: int | None = None
) -> DrainResult:
    """Send one batch. A transient failure defers the whole batch and stops the round."""
    now = timezone.now()
    rows = _claim(batch_size or settings.CONGSO_DVCQG_BATCH_SIZE, now)
    result = DrainResult(claimed=len(rows))
    if not rows:
        return result
    try:
        _deliver(client, rows, result)
    except TransientError as exc:
        # Rows already sent in this batch (before a split) are marked; defer the others.
        left = list(
            OutboxEvent.objects.filter(
                pk__in=[r.id for r in rows], state=OutboxState.PENDING
            ).values_list("id", flat=True)
        )
        remaining = [r for r in rows if r.id in set(left)]
        logger.warning("national portal unavailable (%s rows deferred): %s", len(remaining), exc)
        deferred, dead, retry_at = _defer(remaining, str(exc), now)
        result.deferred += deferred
        result.dead += dead
        result.retry_at = retry_at
        result.error = str(exc)
    return result


def next_due_at() -> dt.datetime | None:
    """When the oldest pending row may be tried (None when the outbox is empty)."""
    head = (
        OutboxEvent.objects.filter(state=OutboxState.PENDING)
        .order_by("id")
        .values_list("next_attempt_at", "leased_until")
        .first()
    )
    if head is None:
        return None
    next_attempt_at, leased_until = head
    return max(next_attempt_at, leased_until) if leased_until else next_attempt_at


# Any constant: the key of the PostgreSQL advisory lock that makes one worker the drainer.
DRAINER_LOCK_KEY = 0x44564351  # "DVCQ"


def drainer_lock_try() -> bool:
    """Become the one worker that drains (PostgreSQL advisory lock, held by the session).

    Rows are leased, so two workers never send the same rows; but only one drainer keeps
    each dossier's events in order. On SQLite there is one writer anyway.
    """
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [DRAINER_LOCK_KEY])
        return bool(cursor.fetchone()[0])


@transaction.atomic
def outbox_replay(*, ids: list[int]) -> int:
    """Put dead-lettered rows back in line, as new (an administrator's action)."""
    return OutboxEvent.objects.filter(pk__in=ids, state=OutboxState.DEAD).update(
        state=OutboxState.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        leased_until=None,
    )
