# SPDX-License-Identifier: MIT
"""Draining the outbox to the national portal: batches, back-off, dead letters, replay.

One worker drains at a time (`drainer_lock_try`: a PostgreSQL advisory lock, or a file lock
next to the SQLite database); a second worker stands by and takes over when the first stops
or dies. The drainer reads the oldest pending rows, sends them, then marks them sent; while a
batch is on the wire the next one is read and built, so the database and the network work at
the same time. A worker killed between sending and marking leaves its rows pending: they are
sent again and the receiver deduplicates on each item's `MaSuKien`, so the effect is exactly
once.

Rows go out in the order they were written; a batch that fails for a transient reason holds
back the rows behind it (they would fail the same way), so one dossier's events never
overtake each other. A batch the portal rejects is split in halves until the rejected rows
are found: those are dead-lettered with the reason, the rest go through.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, reset_queries, transaction
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

    def add(self, other: DrainResult) -> None:
        self.claimed += other.claimed
        self.sent += other.sent
        self.dead += other.dead
        self.deferred += other.deferred
        self.retry_at = other.retry_at or self.retry_at
        self.error = other.error or self.error


@dataclasses.dataclass(frozen=True)
class _Row:
    id: int
    event_id: int
    with_record: bool
    attempts: int


@dataclasses.dataclass
class _Batch:
    rows: list[_Row]
    calls: list[tuple[str, dict[str, Any]]]  # (service, fields), in the order to send


def backoff_seconds(attempts: int) -> float:
    """Exponential back-off with jitter: base·2^(n-1), capped, scaled by a random 0.5–1."""
    base = settings.CONGSO_DVCQG_BACKOFF_BASE_SECONDS
    ceiling = settings.CONGSO_DVCQG_BACKOFF_MAX_SECONDS
    return min(ceiling, base * 2 ** max(0, attempts - 1)) * random.uniform(0.5, 1.0)


# --- one drainer -----------------------------------------------------------------------------

# Any constant: the key of the PostgreSQL advisory lock that makes one worker the drainer.
DRAINER_LOCK_KEY = 0x44564351  # "DVCQ"
_lock_file: IO[str] | None = None


def drainer_lock_try() -> bool:
    """Become the one worker that drains; False while another holds the role.

    The lock belongs to the process (database session or open file): it goes with it when
    the process stops or is killed, and a standing-by worker then takes over.
    """
    global _lock_file
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [DRAINER_LOCK_KEY])
            return bool(cursor.fetchone()[0])
    import fcntl

    if _lock_file is not None:
        return True
    path = Path(str(connection.settings_dict["NAME"]) + ".dvcqg-drainer.lock")
    handle = path.open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return False
    _lock_file = handle
    return True


# --- reading and building --------------------------------------------------------------------


def _claim(batch_size: int, now: dt.datetime, after_id: int = 0) -> list[_Row]:
    """The next pending rows in order, stopping at the first one not due yet."""
    candidates = (
        OutboxEvent.objects.filter(state=OutboxState.PENDING, id__gt=after_id)
        .order_by("id")
        .values_list("id", "event_id", "with_record", "attempts", "next_attempt_at")[:batch_size]
    )
    rows = []
    for pk, event_id, with_record, attempts, next_attempt_at in candidates:
        if next_attempt_at > now:
            break  # the head of the line waits, and so does everything behind it
        rows.append(_Row(pk, event_id, with_record, attempts))
    return rows


def _build(rows: list[_Row]) -> _Batch:
    new, updated, progress = batch_items((r.event_id, r.with_record) for r in rows)
    calls: list[tuple[str, dict[str, Any]]] = []
    if new:
        calls.append((SERVICE_RECORDS, {"isUpdating": False, "data": new}))
    if updated:
        calls.append((SERVICE_RECORDS, {"isUpdating": True, "data": updated}))
    if progress:
        calls.append((SERVICE_PROGRESS, {"data": progress}))
    return _Batch(rows=rows, calls=calls)


def _post(client: NationalPortalClient, batch: _Batch) -> None:
    """The network part only (no database): safe to run in another thread."""
    for service, fields in batch.calls:
        client.call(service, **fields)


# --- writing the outcome ---------------------------------------------------------------------


def _mark_sent(rows: list[_Row], now: dt.datetime) -> None:
    OutboxEvent.objects.filter(pk__in=[r.id for r in rows], state=OutboxState.PENDING).update(
        state=OutboxState.SENT, sent_at=now, last_error=""
    )


def _mark_dead(row: _Row, reason: str) -> None:
    OutboxEvent.objects.filter(pk=row.id).update(
        state=OutboxState.DEAD, attempts=row.attempts + 1, last_error=reason
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
                    state=OutboxState.DEAD, attempts=attempts + 1, last_error=reason
                )
                continue
            retry_at = now + dt.timedelta(seconds=backoff_seconds(attempts + 1))
            OutboxEvent.objects.filter(pk__in=ids).update(
                attempts=attempts + 1, next_attempt_at=retry_at, last_error=reason
            )
    return len(rows) - dead, dead, retry_at


def _by_attempts(rows: list[_Row]) -> dict[int, list[_Row]]:
    groups: dict[int, list[_Row]] = {}
    for row in rows:
        groups.setdefault(row.attempts, []).append(row)
    return groups


def _split_rejected(
    client: NationalPortalClient, rows: list[_Row], exc: RejectedError, result: DrainResult
) -> None:
    """The portal refused a batch: halve it until each refused row stands alone."""
    if len(rows) == 1:
        logger.warning("national portal rejected event %s: %s", rows[0].event_id, exc)
        _mark_dead(rows[0], str(exc))
        result.dead += 1
        return
    middle = len(rows) // 2
    for half in (rows[:middle], rows[middle:]):
        try:
            _post(client, _build(half))
        except RejectedError as inner:
            _split_rejected(client, half, inner, result)
            continue
        _mark_sent(half, timezone.now())
        result.sent += len(half)


def _outcome(
    client: NationalPortalClient,
    batch: _Batch,
    error: Exception | None,
    now: dt.datetime,
) -> DrainResult:
    """Record what happened to a batch that was sent (or failed to be)."""
    result = DrainResult(claimed=len(batch.rows))
    if error is None:
        _mark_sent(batch.rows, timezone.now())
        result.sent = len(batch.rows)
        return result
    try:
        if isinstance(error, RejectedError):
            _split_rejected(client, batch.rows, error, result)
            return result
        raise error
    except TransientError as exc:
        # Rows already sent (before a split) are marked; defer the others.
        left = set(
            OutboxEvent.objects.filter(
                pk__in=[r.id for r in batch.rows], state=OutboxState.PENDING
            ).values_list("id", flat=True)
        )
        remaining = [r for r in batch.rows if r.id in left]
        logger.warning("national portal unavailable (%s rows deferred): %s", len(remaining), exc)
        deferred, dead, retry_at = _defer(remaining, str(exc), now)
        result.deferred, result.dead, result.retry_at = deferred, result.dead + dead, retry_at
        result.error = str(exc)
    return result


# --- draining --------------------------------------------------------------------------------


def outbox_drain_once(
    client: NationalPortalClient, *, batch_size: int | None = None
) -> DrainResult:
    """Send one batch. A transient failure defers the whole batch and stops the round."""
    now = timezone.now()
    rows = _claim(batch_size or settings.CONGSO_DVCQG_BATCH_SIZE, now)
    if not rows:
        return DrainResult()
    batch = _build(rows)
    try:
        _post(client, batch)
    except (RejectedError, TransientError) as exc:
        return _outcome(client, batch, exc, now)
    return _outcome(client, batch, None, now)


def outbox_drain(
    client: NationalPortalClient,
    *,
    batch_size: int | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> DrainResult:
    """Send batches until nothing is due or a transient failure, one batch on the wire while
    the next is read and built. Call it from the drainer only (see `drainer_lock_try`)."""
    size = batch_size or settings.CONGSO_DVCQG_BATCH_SIZE
    total = DrainResult()
    now = timezone.now()
    rows = _claim(size, now)
    if not rows:
        return total
    batch = _build(rows)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dvcqg-send") as pool:
        while batch is not None:
            in_flight = pool.submit(_post, client, batch)
            following = _claim(size, timezone.now(), after_id=batch.rows[-1].id)
            prepared = _build(following) if following and not should_stop() else None
            try:
                in_flight.result()
                error: Exception | None = None
            except (RejectedError, TransientError) as exc:
                error = exc
            result = _outcome(client, batch, error, now)
            total.add(result)
            reset_queries()  # a long drain with DEBUG on must not keep every query
            if result.error:
                break  # what was prepared behind a failed batch waits its turn
            batch, now = prepared, timezone.now()
    return total


def next_due_at() -> dt.datetime | None:
    """When the oldest pending row may be tried (None when the outbox is empty)."""
    return (
        OutboxEvent.objects.filter(state=OutboxState.PENDING)
        .order_by("id")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


@transaction.atomic
def outbox_replay(*, ids: list[int]) -> int:
    """Put dead-lettered rows back in line, as new (an administrator's action)."""
    return OutboxEvent.objects.filter(pk__in=ids, state=OutboxState.DEAD).update(
        state=OutboxState.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
