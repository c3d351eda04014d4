# SPDX-License-Identifier: MIT
"""Rebuilding every counter from the dossiers' history (`manage.py rebuild_indicators`).

Dossiers are read in chunks with their events, components, results, re-datings, waits and
rating, and pass through the same `event_deltas` as the live receiver, which also judges
again each dossier's `ended_late`. Their deltas are staged and added up into the daily
table, then the five coarser tables from it (`bulk_write`): set-based statements instead
of an upsert per row and table. The old counters are replaced in one transaction:
dashboards see the old figures until the new ones are complete.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import defaultdict
from typing import Any, NamedTuple

from django.db import connection, transaction

from congso.catalog.models import Procedure
from congso.dossiers.models import (
    ApplicantWait,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierExtension,
    DossierRating,
    DossierResult,
)
from congso.payments.selectors import dossiers_paid_online, dossiers_with_fees

from .bulk_write import DayStaging, counters_roll_up
from .counters import (
    TABLES,
    DossierFacts,
    Key,
    dossier_key,
    ended_late_of,
    event_deltas,
    merge,
    rating_deltas,
)
from .models import DailyCounter
from .stock import stock_rebuild


class PrefetchedFacts(DossierFacts):
    def __init__(self, dossier: Dossier, bundle: dict[str, Any]) -> None:
        super().__init__(dossier)
        self.bundle = bundle
        self._supplements_seen: list[int] = bundle["supplement_events"]

    def origins(self) -> set[str]:
        return self.bundle["origins"]

    def has_files(self) -> bool:
        return self.bundle["has_files"]

    def has_result(self) -> bool:
        return self.bundle["has_result"]

    def has_fees(self) -> bool:
        return self.bundle["has_fees"]

    def paid_online(self) -> bool:
        return self.bundle["paid_online"]

    def first_redating_from(self) -> dt.datetime | None:
        return self.bundle["first_redating_from"]

    def waits(self) -> list[tuple[dt.datetime, dt.datetime | None]]:
        return self.bundle["waits"]

    def supplements_before(self, event: DossierEvent) -> int:
        return sum(1 for pk in self._supplements_seen if pk < event.pk)


class HistoryEvent(NamedTuple):
    """The columns of a `DossierEvent` that `event_deltas` reads: a tuple, not a model
    instance (building ~50,000 instances a chunk cost more than judging them)."""

    pk: int
    dossier_id: int
    action: str
    from_state: str
    to_state: str
    occurred_at: dt.datetime


@dataclasses.dataclass
class RebuildResult:
    dossiers: int
    events: int
    rows: int
    # Seconds of each phase: statistics and the old counters cleared, the history read and
    # judged, the coarser tables added up, the daily stock of open dossiers swept, the commit.
    phases: dict[str, float] = dataclasses.field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())


def _lap(phases: dict[str, float], name: str, started: float) -> None:
    """Record as phase `name` the time since `started` not yet given to an earlier phase."""
    phases[name] = time.perf_counter() - started - sum(phases.values())


def _bundles(ids: list[int]) -> dict[int, dict[str, Any]]:
    bundles: dict[int, dict[str, Any]] = {
        pk: {
            "origins": set(),
            "has_files": False,
            "has_result": False,
            "has_fees": False,
            "paid_online": False,
            "first_redating_from": None,
            "waits": [],
            "supplement_events": [],
            "events": [],
        }
        for pk in ids
    }
    for dossier_id, origin, file_id in DossierComponent.objects.filter(
        dossier_id__in=ids
    ).values_list("dossier_id", "origin", "file_id"):
        bundles[dossier_id]["origins"].add(origin)
        bundles[dossier_id]["has_files"] |= file_id is not None
    for dossier_id in DossierResult.objects.filter(dossier_id__in=ids).values_list(
        "dossier_id", flat=True
    ):
        bundles[dossier_id]["has_result"] = True
    # Fees asked and paid after acceptance count on the acceptance day too (payment_counters).
    for dossier_id in dossiers_with_fees(dossier_ids=ids):
        bundles[dossier_id]["has_fees"] = True
    for dossier_id in dossiers_paid_online(dossier_ids=ids):
        bundles[dossier_id]["paid_online"] = True
    redatings = DossierExtension.objects.filter(dossier_id__in=ids, sent_at__isnull=False)
    for dossier_id, original in redatings.order_by("sent_at").values_list(
        "dossier_id", "original_due_at"
    ):
        bundles[dossier_id]["first_redating_from"] = (
            bundles[dossier_id]["first_redating_from"] or original
        )
    for dossier_id, requested, answered in ApplicantWait.objects.filter(
        dossier_id__in=ids
    ).values_list("dossier_id", "requested_at", "answered_at"):
        bundles[dossier_id]["waits"].append((requested, answered))
    events = DossierEvent.objects.filter(dossier_id__in=ids).order_by("dossier_id", "pk")
    for event in map(HistoryEvent._make, events.values_list(*HistoryEvent._fields)):
        bundles[event.dossier_id]["events"].append(event)
        if event.action == "request_supplement":
            bundles[event.dossier_id]["supplement_events"].append(event.pk)
    return bundles


HISTORY = (
    Dossier,
    DossierEvent,
    DossierComponent,
    DossierResult,
    DossierExtension,
    ApplicantWait,
    DossierRating,
)


def _statistics_fresh() -> None:
    """PostgreSQL: the planner's statistics of the history tables brought up to date. Each
    chunk reads them by a list of 2,000 keys; on statistics older than a bulk load (an
    import, autovacuum off) the planner guessed a million events for those keys and scanned
    the whole table for every chunk. ANALYZE samples a fixed number of rows: seconds. Its
    lock (which holds off autovacuum and index builds, not reads or writes) is released when
    its transaction ends, so it runs before the rebuild's long one."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(quote(m._meta.db_table) for m in HISTORY))


def indicators_rebuild(*, chunk_size: int = 2000) -> RebuildResult:
    """Every counter again from the history, in one transaction; the time it took includes
    the commit (where PostgreSQL checks the counters' deferred foreign keys)."""
    started = time.perf_counter()
    _statistics_fresh()  # before the transaction: ANALYZE's lock lasts until it ends
    with transaction.atomic():
        result = _rebuild(chunk_size, started)
    _lap(result.phases, "commit", started)
    return result


def _rebuild(chunk_size: int, started: float) -> RebuildResult:
    for model, _period, _key in TABLES:
        model.objects.all().delete()
    phases: dict[str, float] = {}
    _lap(phases, "clear", started)
    totals: dict[Key, dict[str, Any]] = defaultdict(dict)
    staging = DayStaging()
    dossiers = events = 0
    last_id = 0
    # The judging reads only the procedure's online level: read once, not joined to every
    # dossier with its catalog texts (nor the dossier's form data, which it never reads).
    procedures = Procedure.objects.only("online_level").in_bulk()
    base = Dossier.objects.defer("form_data").order_by("pk")
    while True:
        chunk = list(base.filter(pk__gt=last_id)[:chunk_size])
        if not chunk:
            break
        for dossier in chunk:
            dossier.procedure = procedures[dossier.procedure_id]
        last_id = chunk[-1].pk
        bundles = _bundles([d.pk for d in chunk])
        judged: dict[bool | None, list[int]] = {True: [], False: [], None: []}
        for dossier in chunk:
            bundle = bundles[dossier.pk]
            facts = PrefetchedFacts(dossier, bundle)
            late = None
            for event in bundle["events"]:
                deltas = event_deltas(event, dossier, facts)
                merge(totals, dossier_key(dossier, event.occurred_at), deltas)
                if (judgement := ended_late_of(deltas)) is not None:
                    late = judgement
                events += 1
            judged[late].append(dossier.pk)
        for late, ids in judged.items():  # rows already judged so are not rewritten
            Dossier.objects.filter(pk__in=ids).exclude(ended_late=late).update(ended_late=late)
        for rating in DossierRating.objects.filter(dossier_id__in=bundles):
            dossier = next(d for d in chunk if d.pk == rating.dossier_id)
            merge(totals, dossier_key(dossier, rating.rated_at), rating_deltas(rating))
        dossiers += len(chunk)
        staging.add(totals)
        totals.clear()
    staging.into_days()
    _lap(phases, "history", started)
    counters_roll_up()
    _lap(phases, "roll-up", started)
    stock_rebuild()
    _lap(phases, "stock", started)
    rows = DailyCounter.objects.count()
    return RebuildResult(dossiers=dossiers, events=events, rows=rows, phases=phases)
