# SPDX-License-Identifier: MIT
"""Dossiers being processed at a moment, and those of them late by the rule of indicator 2.1.

Indicator 2.1 of Decision 766 divides the dossiers processed on time *plus those still in
progress within their deadline* by all dossiers processed or still in progress (DOMAIN §5.2):
an unfinished dossier is judged as if it ended at the end of the period. That is a stock at a
moment, which the flow counters cannot add up, so:

- each closed day's stock is kept in `AgencyDailyStock`, judged from the dossier's history
  (`late_at`): a day closed late gets the same figures as one closed at midnight;
- today's stock is read live in one query (`stock_now`), from the dossier's current due date;
- a scope that names one procedure is judged from that procedure's dossiers (`stock_at`).

A dossier open at T is late at T when a second supplement was asked before T, or when T is
past its due date as it stood at T: the acceptance due date, moved by each wait for the
applicant answered before T as the dossier's events recorded it (`due_after`), or, once an
apology letter was sent, the date before the letter (an apology does not make a dossier on
time).
While it waits for the applicant its clock is stopped: it is late only if it already was when
the wait began. A late dossier never becomes on time again, so the rebuild finds the first
late day by bisection.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from congso.dossiers.models import ApplicantWait, Dossier, DossierEvent, DossierExtension

from .bulk_write import rows_copy
from .counters import VIETNAM, agency_level, local_day
from .models import AgencyDailyStock
from .pending import PENDING_CACHE_SECONDS, PENDING_STATES, pending_dossiers, scope_q
from .periods import Period, today
from .selectors import EVERYWHERE, Scope, cached

StockKey = tuple[int, str, str]  # agency, level, channel
STOCK_LOCK = 766_021  # the advisory lock of the stock's writers (PostgreSQL)


@dataclasses.dataclass
class History:
    """What judging a dossier at any moment needs, read in bulk (`histories`)."""

    pk: int
    agency_id: int
    channel: str
    accepted_at: dt.datetime
    ended_at: dt.datetime | None
    original_due_at: dt.datetime | None
    supplements: list[dt.datetime] = dataclasses.field(default_factory=list)
    # Each move of the due date, as its event recorded it: (when, the new due date).
    due_moves: list[tuple[dt.datetime, dt.datetime]] = dataclasses.field(default_factory=list)
    # Waits for the applicant after acceptance (the clock stopped): (asked, answered).
    pauses: list[tuple[dt.datetime, dt.datetime | None]] = dataclasses.field(default_factory=list)
    redated_at: dt.datetime | None = None  # the first apology letter sent
    redated_from: dt.datetime | None = None  # the due date it moved

    @property
    def key(self) -> StockKey:
        return (self.agency_id, agency_level(self.agency_id), self.channel)

    def open_at(self, moment: dt.datetime) -> bool:
        return self.accepted_at < moment and (self.ended_at is None or self.ended_at >= moment)


def end_of_day(day: dt.date) -> dt.datetime:
    """The first moment after `day` in Vietnam: what was open then was open at its end."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM)


def due_as_of(history: History, moment: dt.datetime) -> dt.datetime | None:
    """The due date 2.1 judged the dossier by just before `moment`: the one before the first
    apology letter once a letter was sent, else the last one recorded before `moment`."""
    if history.redated_at is not None and history.redated_at < moment:
        return history.redated_from
    due = history.original_due_at
    for when, moved_to in history.due_moves:
        if when >= moment:
            break
        due = moved_to
    return due


def late_at(history: History, moment: dt.datetime) -> bool:
    """Whether a dossier open at `moment` is already late by the rule of 2.1."""
    if sum(1 for asked in history.supplements if asked < moment) > 1:
        return True
    due = due_as_of(history, moment)
    if due is None:
        return False
    for asked, answered in history.pauses:
        if asked < moment and (answered is None or answered >= moment):
            return asked > due  # waiting for the applicant: late only if it already was
    return due < moment


def histories(dossiers: QuerySet[Dossier]) -> list[History]:
    """The histories of the accepted dossiers among `dossiers`, in four reads."""
    rows = dossiers.filter(accepted_at__isnull=False).values_list(
        "pk",
        "competent_agency_id",
        "channel",
        "accepted_at",
        "processing_ended_at",
        "original_due_at",
    )
    found = {row[0]: History(*row) for row in rows}
    if not found:
        return []
    ids = list(found)
    for dossier_id, kind, asked, answered in (
        ApplicantWait.objects.filter(key_among(ids, "dossier", ApplicantWait))
        .order_by("requested_at", "pk")
        .values_list("dossier_id", "kind", "requested_at", "answered_at")
    ):
        history = found[dossier_id]
        if kind == ApplicantWait.Kind.SUPPLEMENT:
            history.supplements.append(asked)
        if asked >= history.accepted_at:
            history.pauses.append((asked, answered))
    for dossier_id, when, moved_to in (
        DossierEvent.objects.filter(
            key_among(ids, "dossier", DossierEvent), due_after__isnull=False
        )
        .order_by("occurred_at", "pk")
        .values_list("dossier_id", "occurred_at", "due_after")
    ):
        found[dossier_id].due_moves.append((when, moved_to))
    for dossier_id, sent_at, original in (
        DossierExtension.objects.filter(
            key_among(ids, "dossier", DossierExtension), sent_at__isnull=False
        )
        .order_by("sent_at", "pk")
        .values_list("dossier_id", "sent_at", "original_due_at")
    ):
        history = found[dossier_id]
        if history.redated_at is None:
            history.redated_at, history.redated_from = sent_at, original
    return list(found.values())


def _open_rows(
    moment: dt.datetime, dossiers: QuerySet[Dossier], *, late_only: bool = False
) -> dict[int, tuple[dt.datetime, bool]]:
    """{key: (accepted_at, whether the due date given at acceptance is past at `moment`)} of
    `dossiers` open at `moment`: those open now (by their state) and those that ended since
    (the index dossier_ended). With `late_only`, of those that ended since only the ones
    that ended late (the partial index dossier_ended_late): a dossier late at `moment`
    stays late, so it also ended late."""
    # Unordered: the model's default order (newest first) made SQLite walk the whole table.
    # The open ones are read by their state alone: with the acceptance date as well, SQLite
    # walked that index over nearly every dossier; those accepted later are dropped here.
    dossiers = dossiers.order_by().annotate(
        past_due=ExpressionWrapper(Q(original_due_at__lt=moment), output_field=BooleanField())
    )
    columns = ("pk", "accepted_at", "past_due")
    open_now = dossiers.filter(state__in=PENDING_STATES).values_list(*columns)
    rows = {pk: (at, bool(past)) for pk, at, past in open_now if at and at < moment}
    ended_since = dossiers.filter(accepted_at__lt=moment, processing_ended_at__gte=moment)
    if late_only:
        ended_since = ended_since.filter(ended_late=True)
    rows.update((pk, (at, bool(past))) for pk, at, past in ended_since.values_list(*columns))
    return rows


def _histories_of(keys: Iterable[int]) -> list[History]:
    """`histories` of the dossiers with these keys."""
    return histories(Dossier.objects.filter(key_among(keys)))


def _open_at(
    moment: dt.datetime, dossiers: QuerySet[Dossier], *, late_only: bool = False
) -> list[History]:
    """Histories of the dossiers open at `moment` (`late_only`: see _open_rows)."""
    found = _open_rows(moment, dossiers, late_only=late_only)
    return [h for h in _histories_of(found) if h.open_at(moment)]


def _with_history(keys: Iterable[int]) -> set[int]:
    """Those of `keys` whose history holds more than the due date given at acceptance: a
    wait for the applicant, a moved due date or an apology letter sent."""
    keys = list(keys)
    found: set[int] = set()
    for records in (
        ApplicantWait.objects.all(),
        DossierEvent.objects.filter(due_after__isnull=False),
        DossierExtension.objects.filter(sent_at__isnull=False),
    ):
        among = key_among(keys, "dossier", records.model)
        found.update(records.filter(among).order_by().values_list("dossier_id", flat=True))
    return found


def stock_at(
    moment: dt.datetime, dossiers: QuerySet[Dossier] | None = None
) -> dict[StockKey, list[int]]:
    """{(agency, level, channel): [open, of which late]} at `moment`, from the history."""
    stock: dict[StockKey, list[int]] = defaultdict(lambda: [0, 0])
    for history in _open_at(moment, dossiers if dossiers is not None else Dossier.objects.all()):
        row = stock[history.key]
        row[0] += 1
        row[1] += late_at(history, moment)
    return dict(stock)


# --- writing the closed days -------------------------------------------------------------------


STOCK_COLUMNS = ("day", "agency_id", "level", "channel", "open", "open_late")


def _rows(day: dt.date, stock: dict[StockKey, list[int]]) -> Iterable[tuple[Any, ...]]:
    """The day's rows, values in STOCK_COLUMNS order (written as they are: no model)."""
    for (agency_id, level, channel), (open_, late) in stock.items():
        if open_:
            yield (day, agency_id, level, channel, open_, late)


def _serialised() -> contextlib.AbstractContextManager[Any]:
    """Inside a transaction: one writer of the stock at a time (PostgreSQL; SQLite writes
    one transaction at a time anyway), so two runs never insert the same day twice."""
    if connection.vendor != "postgresql":
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def locked() -> Iterator[None]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STOCK_LOCK])
        yield

    return locked()


def _write(days: Iterable[dt.date] | None, rows: Iterable[tuple[Any, ...]]) -> int:
    """Replace the rows of `days` (None: all) by `rows`, in one short transaction (COPY on
    PostgreSQL: the whole history's sweep writes hundreds of thousands of rows)."""
    with transaction.atomic(), _serialised():
        stale = AgencyDailyStock.objects.all()
        if days is not None:
            stale = stale.filter(day__in=list(days))
        stale.delete()
        table = connection.ops.quote_name(AgencyDailyStock._meta.db_table)
        return rows_copy(table, STOCK_COLUMNS, rows)


def stock_close_day(day: dt.date) -> int:
    """Write the stock at the end of `day` (again, if it was written); returns the rows.
    Judging is done first, outside the transaction that writes."""
    return _write([day], _rows(day, stock_at(end_of_day(day))))


def stock_close_days(*, until: dt.date | None = None) -> list[dt.date]:
    """Close every day after the last one closed, up to `until` (yesterday by default).
    With none closed yet, the whole history is swept once (`stock_rebuild`)."""
    until = until or today() - dt.timedelta(days=1)
    last = AgencyDailyStock.objects.order_by("-day").values_list("day", flat=True).first()
    if last is None:
        return stock_rebuild(until=until)
    closed = []
    day = last + dt.timedelta(days=1)
    while day <= until:
        stock_close_day(day)
        closed.append(day)
        day += dt.timedelta(days=1)
    return closed


def _first_late_day(history: History, first: dt.date, last: dt.date) -> dt.date | None:
    if not late_at(history, end_of_day(last)):
        return None
    low, high = first, last  # late at the end of `high`; find the first such day
    while low < high:
        middle = low + (high - low) // 2
        if late_at(history, end_of_day(middle)):
            high = middle
        else:
            low = middle + dt.timedelta(days=1)
    return low


Changes = dict[StockKey, dict[dt.date, list[int]]]


def _sweep(until: dt.date, chunk_size: int) -> tuple[Changes, dt.date | None]:
    """Each dossier adds +1 on the first day it is open (late) at the end of, -1 after the
    last: per key, the days the stock changes. Reads only."""
    changes: Changes = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    first_day: dt.date | None = None
    last_id = 0
    base = Dossier.objects.filter(accepted_at__isnull=False).order_by("pk")
    while True:
        ids = list(base.filter(pk__gt=last_id).values_list("pk", flat=True)[:chunk_size])
        if not ids:
            return changes, first_day
        last_id = ids[-1]
        for history in histories(Dossier.objects.filter(pk__in=ids)):
            opened = local_day(history.accepted_at)
            closed = until
            if history.ended_at is not None:
                closed = min(closed, local_day(history.ended_at) - dt.timedelta(days=1))
            if closed < opened:
                continue
            first_day = min(first_day or opened, opened)
            days = changes[history.key]
            after = closed + dt.timedelta(days=1)
            days[opened][0] += 1
            days[after][0] -= 1
            late_from = _first_late_day(history, opened, closed)
            if late_from is not None:
                days[late_from][1] += 1
                days[after][1] -= 1


def _running(changes: Changes, until: dt.date) -> Iterator[tuple[Any, ...]]:
    """The rows of each day from the changes: running sums per key."""
    for key, days in changes.items():
        running = [0, 0]
        ordered = sorted(days)
        for index, day in enumerate(ordered):
            running[0] += days[day][0]
            running[1] += days[day][1]
            stop = ordered[index + 1] if index + 1 < len(ordered) else day
            while day < stop and day <= until:
                yield from _rows(day, {key: running})
                day += dt.timedelta(days=1)


def stock_rebuild(*, until: dt.date | None = None, chunk_size: int = 5000) -> list[dt.date]:
    """Every closed day's stock from the whole history, in one sweep (`_sweep`), written in
    one short transaction at the end. Returns the days written."""
    until = until or today() - dt.timedelta(days=1)
    changes, first_day = _sweep(until, chunk_size)
    _write(None, _running(changes, until))
    if first_day is None:
        return []
    return [first_day + dt.timedelta(days=n) for n in range((until - first_day).days + 1)]


# --- reading ---------------------------------------------------------------------------------


def _late_by_current_due(now: dt.datetime) -> Q:
    return (
        Q(supplement_count__gt=1)
        | Q(paused_at__isnull=True, due_at__lt=now)
        | Q(paused_at__isnull=False, due_at__lt=F("paused_at"))
    )


def _open_now(scope: Scope) -> QuerySet[Dossier]:
    """The pending dossiers that were accepted (a supplement asked at reception is not)."""
    return pending_dossiers(scope).filter(accepted_at__isnull=False)


def _apologised(open_now: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """The open dossiers whose due date an apology letter moved (few), with the date before
    the first letter, which is the one 2.1 judges them by."""
    letters = DossierExtension.objects.filter(sent_at__isnull=False)
    first = letters.filter(dossier=OuterRef("pk")).order_by("sent_at", "pk")
    return open_now.filter(pk__in=letters.values("dossier_id")).annotate(
        judged_due=Subquery(first.values("original_due_at")[:1])
    )


def _late_now(dossier: Dossier, due: dt.datetime | None, now: dt.datetime) -> bool:
    if dossier.supplement_count > 1:
        return True
    if due is None:
        return False
    return due < (dossier.paused_at or now)


def stock_now(scope: Scope = EVERYWHERE, *, fresh: bool = False) -> dict[str, int]:
    """{"open", "open_late"} now: `late_at` at now, in one count over the open dossiers by
    their current due date, corrected for the few an apology letter re-dated. Shared like
    the pending counts unless `fresh`."""

    def compute() -> dict[str, int]:
        now = timezone.now()
        open_now = _open_now(scope)
        counts = open_now.aggregate(
            open=Count("state"), open_late=Count("state", filter=_late_by_current_due(now))
        )
        for dossier in _apologised(open_now).only("supplement_count", "paused_at", "due_at"):
            counts["open_late"] += _late_now(dossier, dossier.judged_due, now) - _late_now(
                dossier, dossier.due_at, now
            )
        return counts

    if fresh:
        return compute()
    return cached(f"stock-now:{scope!r}", compute, at_most=PENDING_CACHE_SECONDS)


def open_late_at_end(period: Period, scope: Scope = EVERYWHERE) -> Q:
    """The dossiers still in progress and already late at the end of the period, as a filter
    (the lists behind 2.1 and 5.4 add it to the ended late ones)."""
    if period.end >= today():
        now = timezone.now()
        open_now = _open_now(scope)
        letters = DossierExtension.objects.filter(sent_at__isnull=False).values("dossier_id")
        plain = open_now.filter(_late_by_current_due(now)).exclude(pk__in=letters)
        apologised = [
            dossier.pk
            for dossier in _apologised(open_now).only("supplement_count", "paused_at", "due_at")
            if _late_now(dossier, dossier.judged_due, now)
        ]
        return Q(pk__in=plain.values("pk")) | key_among(apologised)
    return key_among(open_late_at(end_of_day(period.end), scope))


def open_late_at(moment: dt.datetime, scope: Scope = EVERYWHERE) -> dict[int, dt.datetime]:
    """{key: accepted_at} of the dossiers in progress and already late at a past `moment`.

    Due dates only move later (pauses, apology letters), so a dossier whose due date at
    acceptance is not past at `moment`, asked to complete at most once, is not late then:
    only the others are read, in one statement. Most of them never waited nor were
    re-dated: open at `moment` past the due date they were given, they are late. Only the
    histories of the others are read (`late_at`).
    """
    could_be_late = (
        Q(original_due_at__lt=moment) | Q(original_due_at__isnull=True) | Q(supplement_count__gt=1)
    )
    candidates = Dossier.objects.filter(scope_q(scope), could_be_late)
    rows = _open_rows(moment, candidates, late_only=True)
    touched = _with_history(rows)
    late = {
        pk: accepted for pk, (accepted, past_due) in rows.items() if past_due and pk not in touched
    }
    for history in _histories_of(touched):
        if history.open_at(moment) and late_at(history, moment):
            late[history.pk] = history.accepted_at
    return late


def key_among(ids: Iterable[int], field: str = "pk", model: type[Model] = Dossier) -> Q:
    """`field IN ids` (a dossier's key by default) with the ids in ONE bound parameter: tens
    of thousands of them stay within the engines' limits on parameters (SQLite 32,766,
    PostgreSQL 65,535) and skip the ORM's preparing of each value (0.04 s per 5,000).

    On PostgreSQL the ids go as the text of an array, which the server reads: psycopg
    adapting a list of 18,000 ints took 33 ms of the 42 a lookup cost, the text 9 ms in all;
    `= ANY(array)` lets a bitmap OR combine it with another index. On SQLite, json_each.
    """
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        target = model._meta.pk if field == "pk" else model._meta.get_field(field)
        column = connection.ops.quote_name(target.column)
        condition = f"{table}.{column} = ANY(%s::text::bigint[])"
        array = "{" + ",".join(map(str, ids)) + "}"
        return Q(RawSQL(condition, [array], output_field=BooleanField()))
    return Q(**{f"{field}__in": RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])})


def stock_at_end(period: Period, scope: Scope = EVERYWHERE) -> dict[str, int]:
    """{"open", "open_late"} at the end of the period: now if it has not ended yet."""
    if period.end >= today():
        return stock_now(scope)
    last_closed = AgencyDailyStock.objects.aggregate(last=Max("day"))["last"]
    if scope.procedure_id is not None or last_closed is None or last_closed < period.end:
        # One procedure's dossiers, or a day not closed yet: judged from the history (kept
        # in the cache like indicator 3.2: a past day changes little).
        def compute() -> dict[str, int]:
            dossiers = Dossier.objects.filter(scope_q(scope))
            rows = stock_at(end_of_day(period.end), dossiers).values()
            return {"open": sum(r[0] for r in rows), "open_late": sum(r[1] for r in rows)}

        return cached(f"stock-at:{period.end}:{scope!r}", compute)
    rows = AgencyDailyStock.objects.filter(day=period.end)
    if scope.agency_ids is not None:
        rows = rows.filter(agency_id__in=scope.agency_ids)
    if scope.level:
        rows = rows.filter(level=scope.level)
    if scope.channel:
        rows = rows.filter(channel=scope.channel)
    totals = rows.aggregate(open=Sum("open"), open_late=Sum("open_late"))
    return {name: totals[name] or 0 for name in ("open", "open_late")}
