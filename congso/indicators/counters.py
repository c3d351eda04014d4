# SPDX-License-Identifier: MIT
"""Keeping the counters: each dossier event adds its deltas in the event's own transaction.

`event_deltas` says what one event adds, from the event and facts of the dossier that no
later event changes (its channel, procedure, acceptance, the end of its processing). The same
function serves the live receiver and `rebuild_indicators`, so a rebuild gives exactly what
the live counters hold.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.dispatch import receiver

from congso.core.calendar import working_hours_between
from congso.core.models import Agency
from congso.dossiers.events import dossier_event_recorded, dossier_rated
from congso.dossiers.models import (
    ApplicantWait,
    ComponentOrigin,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierExtension,
    DossierRating,
    DossierResult,
)
from congso.payments.selectors import dossier_has_fees, dossier_paid_online
from congso.workflow.states import PROCESSING_ENDED

from .models import (
    FLOWS,
    AgencyDailyCounter,
    AgencyMonthlyCounter,
    DailyCounter,
    MonthlyCounter,
    ProcedureDailyCounter,
    ProcedureMonthlyCounter,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
REUSED_ORIGINS = (ComponentOrigin.REUSED, ComponentOrigin.PERSONAL_STORE)
Key = tuple[dt.date, int, int, str]  # day, agency, procedure, channel
_levels: dict[int, str] = {}


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VIETNAM).date()


def agency_level(agency_id: int) -> str:
    if agency_id not in _levels:
        _levels.update(Agency.objects.values_list("id", "level"))
    return _levels.get(agency_id, "")


# --- the facts an event's deltas need ------------------------------------------------------


class DossierFacts:
    """Facts about a dossier that an event's deltas depend on, read from the database.

    `rebuild.PrefetchedFacts` answers the same questions from rows read in bulk.
    """

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier

    def origins(self) -> set[str]:
        return set(
            DossierComponent.objects.filter(dossier=self.dossier).values_list("origin", flat=True)
        )

    def has_files(self) -> bool:
        return DossierComponent.objects.filter(dossier=self.dossier, file__isnull=False).exists()

    def has_result(self) -> bool:
        return DossierResult.objects.filter(dossier=self.dossier).exists()

    def has_fees(self) -> bool:
        return dossier_has_fees(self.dossier.pk)

    def paid_online(self) -> bool:
        return dossier_paid_online(self.dossier.pk)

    def first_redating_from(self) -> dt.datetime | None:
        return (
            DossierExtension.objects.filter(dossier=self.dossier, sent_at__isnull=False)
            .order_by("sent_at")
            .values_list("original_due_at", flat=True)
            .first()
        )

    def waits(self) -> list[tuple[dt.datetime, dt.datetime | None]]:
        return list(
            ApplicantWait.objects.filter(dossier=self.dossier).values_list(
                "requested_at", "answered_at"
            )
        )

    def supplements_before(self, event: DossierEvent) -> int:
        return DossierEvent.objects.filter(
            dossier_id=event.dossier_id, action="request_supplement", pk__lt=event.pk
        ).count()


# --- on time, the way Decision 766 counts it (DOMAIN §1.3) ---------------------------------


def kpi_due_at(dossier: Dossier, facts: DossierFacts) -> dt.datetime | None:
    """The due date the index judges by: an apology's new date does not make a dossier on time."""
    return facts.first_redating_from() or dossier.due_at


def judged_end(dossier: Dossier, ended_at: dt.datetime, facts: DossierFacts) -> dt.datetime:
    """The moment the end is judged at: a dossier that ended while it waited for the
    applicant (withdrawn or stopped during a supplement request or fees) is judged when the
    wait began, since its clock had stopped (DOMAIN §1.3, `deadlines.is_on_time_766`)."""
    ended = dossier.processing_ended_at or ended_at
    if dossier.accepted_at is None:
        return ended_at
    for requested, answered in facts.waits():
        if dossier.accepted_at <= requested < ended and (answered is None or answered >= ended):
            return requested
    return ended_at


def ended_on_time(dossier: Dossier, ended_at: dt.datetime, facts: DossierFacts) -> bool:
    """Ended by its due date, pauses deducted (they moved the due date), and asked to complete
    at most once: a second supplement request makes the dossier late whatever the dates."""
    if dossier.supplement_count > 1:
        return False
    due = kpi_due_at(dossier, facts)
    return due is not None and judged_end(dossier, ended_at, facts) <= due


def processing_hours(dossier: Dossier, ended_at: dt.datetime, facts: DossierFacts) -> Decimal:
    """Working hours from acceptance to the end, less the time spent waiting for the applicant."""
    if dossier.accepted_at is None or ended_at <= dossier.accepted_at:
        return Decimal(0)
    total = working_hours_between(dossier.accepted_at, ended_at)
    for requested_at, answered_at in facts.waits():
        if requested_at < dossier.accepted_at:
            continue
        stop = min(answered_at or ended_at, ended_at)
        if stop > requested_at:
            total -= working_hours_between(requested_at, stop)
    return max(total, Decimal(0)).quantize(Decimal("0.01"))


def _acceptance_deltas(dossier: Dossier, facts: DossierFacts) -> dict[str, Any]:
    deltas: dict[str, Any] = {"received": 1}
    if dossier.channel == "online":
        deltas["received_online"] = 1
        if dossier.procedure.online_level == "full":
            deltas["received_fully_online"] = 1
    origins = facts.origins()
    if origins & set(REUSED_ORIGINS):
        deltas["received_reused"] = 1
    if ComponentOrigin.PERSONAL_STORE in origins:
        deltas["received_store"] = 1
    if dossier.vneid_authenticated:
        deltas["received_vneid"] = 1
    # Fees asked or paid before acceptance; later ones are added by payment_counters.
    if facts.has_fees():
        deltas["received_with_fees"] = 1
    if facts.paid_online():
        deltas["received_paid_online"] = 1
    return deltas


def _end_deltas(dossier: Dossier, ended_at: dt.datetime, facts: DossierFacts) -> dict[str, Any]:
    deltas: dict[str, Any] = {"ended": 1}
    deltas["ended_on_time" if ended_on_time(dossier, ended_at, facts) else "ended_late"] = 1
    if facts.has_files():
        deltas["ended_digitised"] = 1
    if facts.has_result():
        deltas["ended_e_result"] = 1
    deltas["processing_hours"] = processing_hours(dossier, ended_at, facts)
    return deltas


SIMPLE_FLOWS = {"register": "submitted", "extend": "apologies", "returned": "returned"}


def event_deltas(event: DossierEvent, dossier: Dossier, facts: DossierFacts) -> dict[str, Any]:
    """What one event adds to the counters of its day (empty: nothing)."""
    action = event.action
    deltas: dict[str, Any] = {}
    if action in SIMPLE_FLOWS:
        deltas[SIMPLE_FLOWS[action]] = 1
    elif action == "accept":
        deltas.update(_acceptance_deltas(dossier, facts))
    elif action == "refuse" and dossier.accepted_at is None:
        deltas["refused"] = 1
    elif action == "request_supplement":
        deltas["supplement_requests"] = 1
        if facts.supplements_before(event) >= 1:
            deltas["repeat_supplement_requests"] = 1
    ends = event.to_state in PROCESSING_ENDED and event.from_state not in PROCESSING_ENDED
    if ends and dossier.accepted_at is not None:
        deltas.update(_end_deltas(dossier, event.occurred_at, facts))
    return deltas


RATING_FLOWS = {
    "satisfied": "rated_satisfied",
    "acceptable": "rated_acceptable",
    "not_satisfied": "rated_unsatisfied",
}


def rating_deltas(rating: DossierRating) -> dict[str, Any]:
    return {RATING_FLOWS[rating.grade]: 1}


# --- writing ---------------------------------------------------------------------------------


# (model, period column, the key's other columns); the agency's level is stored beside
# the key where it is not part of it.
TABLES = (
    (DailyCounter, "day", ("agency_id", "procedure_id", "channel")),
    (MonthlyCounter, "month", ("agency_id", "procedure_id", "channel")),
    (AgencyDailyCounter, "day", ("agency_id", "channel")),
    (AgencyMonthlyCounter, "month", ("agency_id", "channel")),
    (ProcedureDailyCounter, "day", ("procedure_id", "level", "channel")),
    (ProcedureMonthlyCounter, "month", ("procedure_id", "level", "channel")),
)


@functools.cache
def _upsert_sql(
    table: str, period_column: str, key_columns: tuple[str, ...], names: tuple[str, ...]
) -> str:
    quote = connection.ops.quote_name
    key = [period_column, *key_columns]
    columns = [*key, *(["level"] if "level" not in key_columns else []), *names]
    assignments = ", ".join(
        f"{quote(n)} = {quote(table)}.{quote(n)} + excluded.{quote(n)}" for n in names
    )
    return (
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(quote(c) for c in key)}) DO UPDATE SET {assignments}"
    )


def key_values(key: Key, period_column: str, key_columns: tuple[str, ...]) -> list[Any]:
    """The values of the upsert's key (and level) columns for `key`, in their order."""
    day, agency_id, procedure_id, channel = key
    level = agency_level(agency_id)
    known = {
        "agency_id": agency_id,
        "procedure_id": procedure_id,
        "channel": channel,
        "level": level,
    }
    period = day if period_column == "day" else day.replace(day=1)
    values = [period, *(known[c] for c in key_columns)]
    return values if "level" in key_columns else [*values, level]


def counters_add(key: Key, deltas: Mapping[str, Any]) -> None:
    """Add `deltas` to the day's and the month's rows of `key` (per agency and procedure,
    per agency, per procedure), creating them if needed."""
    if not deltas:
        return
    unknown = set(deltas) - set(FLOWS)
    if unknown:
        raise ValueError(f"unknown counters: {sorted(unknown)}")
    names = tuple(sorted(deltas))
    values = [deltas[n] for n in names]
    with connection.cursor() as cursor, _pipelined():
        for model, period_column, key_columns in TABLES:
            sql = _upsert_sql(model._meta.db_table, period_column, key_columns, names)
            cursor.execute(sql, [*key_values(key, period_column, key_columns), *values])


@contextlib.contextmanager
def _pipelined() -> Iterator[None]:
    """On PostgreSQL the upserts go out together (psycopg's pipeline mode): one round trip
    for the six tables instead of six. An error reported when the pipeline syncs is turned
    into Django's database errors, as one from `execute` would be."""
    if connection.vendor != "postgresql" or not _pipeline_supported():
        yield
        return
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


@functools.cache
def _pipeline_supported() -> bool:
    import psycopg

    return psycopg.Pipeline.is_supported()


def dossier_key(dossier: Dossier, moment: dt.datetime) -> Key:
    return (local_day(moment), dossier.competent_agency_id, dossier.procedure_id, dossier.channel)


def ended_late_of(deltas: Mapping[str, Any]) -> bool | None:
    """`Dossier.ended_late` after an event with these deltas; None: the event ends nothing."""
    if "ended" not in deltas:
        return None
    return "ended_late" in deltas


@receiver(dossier_event_recorded, dispatch_uid="indicators.counters")
def count_event(sender: type, event: DossierEvent, **kwargs: Any) -> None:
    dossier = event.dossier
    deltas = event_deltas(event, dossier, DossierFacts(dossier))
    counters_add(dossier_key(dossier, event.occurred_at), deltas)
    late = ended_late_of(deltas)
    if late is not None:
        # Kept with the dossier for the lists of late dossiers (index766.dossiers_behind).
        dossier.ended_late = late
        Dossier.objects.filter(pk=dossier.pk).update(ended_late=late)


@receiver(dossier_rated, dispatch_uid="indicators.ratings")
def count_rating(sender: type, rating: DossierRating, **kwargs: Any) -> None:
    counters_add(dossier_key(rating.dossier, rating.rated_at), rating_deltas(rating))


def merge(into: dict[Key, dict[str, Any]], key: Key, deltas: Mapping[str, Any]) -> None:
    row = into.setdefault(key, {})
    for name, value in deltas.items():
        row[name] = row.get(name, 0) + value
