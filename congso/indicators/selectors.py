# SPDX-License-Identifier: MIT
"""Reading the counters: sums over a period and a scope, grouped, and the rates built on them.

A period is read as whole months from `MonthlyCounter` and the partial months at its edges
from `DailyCounter`, so a year costs twelve month rows per key, not 365 day rows.
"""

from __future__ import annotations

import dataclasses
import decimal
import hashlib
import operator
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connections, models, router
from django.db.models import Q, QuerySet, Sum

from congso.core.models import Agency

from .models import (
    FLOWS,
    AgencyDailyCounter,
    AgencyMonthlyCounter,
    DailyCounter,
    MonthlyCounter,
    ProcedureDailyCounter,
    ProcedureMonthlyCounter,
)
from .periods import Period

# What `flows_by` groups by: a counter column, or the agency's administrative unit.
GROUPED_BY = frozenset({"agency", "level", "procedure", "channel", "unit"})


@dataclasses.dataclass(frozen=True)
class Scope:
    """Which counters to read: all, or some agencies, a level, a procedure, a channel."""

    agency_ids: tuple[int, ...] | None = None
    level: str = ""
    procedure_id: int | None = None
    channel: str = ""

    def q(self) -> Q:
        q = Q()
        if self.agency_ids is not None:
            q &= Q(agency_id__in=self.agency_ids)
        if self.level:
            q &= Q(level=self.level)
        if self.procedure_id is not None:
            q &= Q(procedure_id=self.procedure_id)
        if self.channel:
            q &= Q(channel=self.channel)
        return q


EVERYWHERE = Scope()
T = TypeVar("T")
K = TypeVar("K")


def _tables(scope: Scope, by: str | None = None) -> tuple[type, type]:
    """The smallest tables that answer: per agency unless the procedure matters, per
    procedure unless the agency does too; far fewer rows to add up."""
    if scope.procedure_id is None and by != "procedure":
        return AgencyDailyCounter, AgencyMonthlyCounter
    if scope.agency_ids is None and by not in ("agency", "unit"):
        return ProcedureDailyCounter, ProcedureMonthlyCounter
    return DailyCounter, MonthlyCounter


def _querysets(period: Period, scope: Scope, by: str | None = None) -> list[QuerySet]:
    daily, monthly = _tables(scope, by)
    ranges, months = period.months()
    querysets = []
    if months:
        querysets.append(monthly.objects.filter(scope.q(), month__in=months))
    for first, last in ranges:  # one range each: an index range scan, not an OR of ranges
        querysets.append(daily.objects.filter(scope.q(), day__range=(first, last)))
    return querysets


def flows_total(period: Period, scope: Scope = EVERYWHERE) -> dict[str, Any]:
    totals = _grouped(period, scope, (), tuple(FLOWS), lambda group: None)
    return totals.get(None) or dict.fromkeys(FLOWS, 0)


def flows_by(
    period: Period, by: str, scope: Scope = EVERYWHERE, *, names: tuple[str, ...] | None = None
) -> dict[Any, dict[str, Any]]:
    """Flows summed per agency, level, procedure, channel or commune (only `names` if
    given: a long table that shows a few columns need not add up the others)."""
    return _grouped(period, scope, (by,), names or tuple(FLOWS), lambda group: group[0])


def flows_by_agency_and_level(period: Period) -> dict[tuple[int, str], dict[str, Any]]:
    """Flows per (agency, level counted at): one read from which the operations view rolls
    up the province total, the levels, the agencies and the communes (`roll_up`). What it
    returns is what `flows_by` gives per agency, split by level."""
    return _grouped(period, EVERYWHERE, ("agency", "level"), tuple(FLOWS), tuple)


def _grouped(
    period: Period,
    scope: Scope,
    by: tuple[str, ...],
    names: tuple[str, ...],
    key: Callable[[tuple], Any],
) -> dict[Any, dict[str, Any]]:
    grouped: dict[Any, dict[str, Any]] = {}
    for group, sums in _summed_rows(period, scope, by, names):
        new_key = key(group)
        target = grouped.get(new_key)
        if target is None:
            target = grouped[new_key] = dict.fromkeys(names, 0)
        for name, value in zip(names, sums, strict=True):
            if value:
                target[name] += value
    return grouped


def _summed_rows(
    period: Period, scope: Scope, by: tuple[str, ...], names: tuple[str, ...]
) -> Iterator[tuple[tuple, list]]:
    """(group values, sums of `names`) per group of `by` over the period's month rows and
    day rows: statements written once per table and shape of scope (`_sums_sql`), their
    rows read as tuples. Built by the ORM for each request, the aggregation's ~30 `Sum`s
    cost the operations pages more than running them; the tests compare both."""
    if scope.agency_ids == ():
        return
    daily, monthly = _tables(scope, by[0] if by else None)  # (agency, level): agency tables
    ranges, months = period.months()
    connection = connections[router.db_for_read(monthly)]
    day = connection.ops.adapt_datefield_value
    shape, scope_params = _scope_sql(scope)
    statements = [(daily, "day", 2, [day(a), day(b)]) for a, b in ranges]
    if months:
        statements.append((monthly, "month", len(months), [day(m) for m in months]))
    decimals = [i for i, name in enumerate(names) if name in DECIMAL_FLOWS]
    width = len(by)
    with connection.cursor() as cursor:
        for table, column, count, params in statements:
            cursor.execute(_sums_sql(table, column, count, by, names, shape), params + scope_params)
            for row in cursor.fetchall():
                sums = list(row[width:])
                for i in decimals:  # SQLite: a float, read with 15 digits as the ORM does
                    if sums[i] is not None and not isinstance(sums[i], Decimal):
                        sums[i] = _FIFTEEN_DIGITS.create_decimal_from_float(sums[i])
                yield row[:width], sums


def _scope_sql(scope: Scope) -> tuple[tuple, list]:
    """The scope as the shape of its WHERE clause (what `_sums_sql` is cached by) and the
    values it binds."""
    shape = (
        None if scope.agency_ids is None else len(scope.agency_ids),
        bool(scope.level),
        scope.procedure_id is not None,
        bool(scope.channel),
    )
    params = [
        *(scope.agency_ids or ()),
        *([scope.level] if scope.level else []),
        *([scope.procedure_id] if scope.procedure_id is not None else []),
        *([scope.channel] if scope.channel else []),
    ]
    return shape, params


DECIMAL_FLOWS = frozenset(
    name
    for name in FLOWS
    if isinstance(AgencyMonthlyCounter._meta.get_field(name), models.DecimalField)
)
_FIFTEEN_DIGITS = decimal.Context(prec=15)


@lru_cache(maxsize=256)
def _sums_sql(
    table: type[models.Model],
    key: str,
    count: int,
    by: tuple[str, ...],
    names: tuple[str, ...],
    shape: tuple,
) -> str:
    """`names` summed per group of `by` in `table`, for `count` months (`key` "month") or
    one range of days (`key` "day"), within a scope of `shape` (`_scope_sql`)."""
    meta = table._meta

    def column(name: str) -> str:
        return f't."{meta.get_field(name).column}"'

    where = [
        f"{column(key)} IN ({', '.join(['%s'] * count)})"
        if key == "month"
        else f"{column(key)} BETWEEN %s AND %s"
    ]
    agencies, level, procedure, channel = shape
    if agencies is not None:
        where.append(f"{column('agency')} IN ({', '.join(['%s'] * agencies)})")
    filters = (("level", level), ("procedure", procedure), ("channel", channel))
    where += [f"{column(name)} = %s" for name, given in filters if given]
    join, groups = "", []
    if not GROUPED_BY.issuperset(by):
        raise ValueError(f"cannot group counters by {by}")
    for name in by:
        if name == "unit":  # the agency's commune or province
            agency = Agency._meta
            join = f' JOIN "{agency.db_table}" a ON a."{agency.pk.column}" = {column("agency")}'
            groups.append(f'a."{agency.get_field("unit").column}"')
        else:
            groups.append(column(name))
    sums = ", ".join(f"SUM({column(name)})" for name in names)
    sql = f'SELECT {", ".join([*groups, sums])} FROM "{meta.db_table}" t{join} WHERE '
    sql += " AND ".join(where)
    return sql + (f" GROUP BY {', '.join(groups)}" if groups else "")


_FLOW_VALUES = operator.itemgetter(*FLOWS)


def roll_up(grouped: dict[K, dict[str, Any]], key: Callable[[K], Any]) -> dict[Any, dict]:
    """Flows added up again under `key(group)`; groups whose key is None are left out.

    Added as rows of values (`map(add, …)`) rather than flow by flow: the operations view
    rolls a few hundred groups of some thirty flows up three ways."""
    sums: dict[Any, Any] = {}
    for group, flows in grouped.items():
        new_key = key(group)
        if new_key is None:
            continue
        values = _FLOW_VALUES(flows)
        total = sums.get(new_key)
        sums[new_key] = values if total is None else tuple(map(operator.add, total, values))
    return {new_key: dict(zip(FLOWS, total, strict=True)) for new_key, total in sums.items()}


def trend(
    period: Period,
    scope: Scope = EVERYWHERE,
    *,
    monthly: bool = False,
    names: tuple[str, ...] | None = None,
) -> list[dict]:
    """Flows per day (or per month) over the period, for charts (only `names` if given)."""
    daily, monthly_table = _tables(scope)
    if monthly:
        first = period.start.replace(day=1)
        rows = monthly_table.objects.filter(scope.q(), month__range=(first, period.end))
        key = "month"
    else:
        rows = daily.objects.filter(scope.q(), day__range=(period.start, period.end))
        key = "day"
    sums = {n: Sum(n) for n in names or FLOWS}
    return list(rows.values(key).annotate(**sums).order_by(key))


# --- rates ---------------------------------------------------------------------------------


def percent(part: Any, whole: Any) -> Decimal | None:
    """part / whole in %, two decimals; None when there is nothing to divide by (766 rule)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


RATES: dict[str, tuple[str, str]] = {
    # name: (numerator flow, denominator flow)
    "online": ("received_online", "received"),
    "fully_online": ("received_fully_online", "received"),
    "on_time": ("ended_on_time", "ended"),
    "late": ("ended_late", "ended"),
    "digitised": ("ended_digitised", "ended"),
    "e_result": ("ended_e_result", "ended"),
    "reused": ("received_reused", "received"),
    "from_store": ("received_store", "received"),
    "vneid": ("received_vneid", "received"),
    "paid_online": ("received_paid_online", "received_with_fees"),
    "repeat_supplement": ("repeat_supplement_requests", "received"),
}


def cached(name: str, compute: Callable[[], T], *, at_most: int | None = None) -> T:
    """`compute()`, kept CONGSO_INDICATORS_CACHE_SECONDS (or `at_most` seconds, if fewer) in
    the cache under `name` (0: not kept). For the few figures that move slowly and cost more
    than the counters."""
    seconds = settings.CONGSO_INDICATORS_CACHE_SECONDS
    if at_most is not None:
        seconds = min(seconds, at_most)
    if not seconds:
        return compute()
    key = "indicators:" + hashlib.sha256(name.encode()).hexdigest()[:32]
    hit = cache.get(key)
    if hit is not None:
        return hit[0]
    value = compute()
    cache.set(key, (value,), seconds)
    return value


def procedures_with_online_dossiers(period: Period, scope: Scope = EVERYWHERE) -> int:
    """How many procedures received at least one online dossier in the period (766, 3.2).

    It reads the procedure-grain counters, the only costly read of the index: cached (the
    figure moves slowly).
    """

    def compute() -> int:
        ids: set[int] = set()
        for queryset in _querysets(period, scope, "procedure"):
            ids.update(
                queryset.filter(received_online__gt=0)
                .values_list("procedure_id", flat=True)
                .distinct()
            )
        return len(ids)

    return cached(f"3.2:{period.start}:{period.end}:{scope!r}", compute)


def rates(flows: dict[str, Any]) -> dict[str, Decimal | None]:
    values = {name: percent(flows[a], flows[b]) for name, (a, b) in RATES.items()}
    ratings = flows["rated_satisfied"] + flows["rated_acceptable"] + flows["rated_unsatisfied"]
    values["satisfied"] = percent(flows["rated_satisfied"] + flows["rated_acceptable"], ratings)
    values["unsatisfied"] = percent(flows["rated_unsatisfied"], ratings)
    return values


def average_processing_days(flows: dict[str, Any]) -> Decimal | None:
    """Average working days from acceptance to the end, pauses deducted (8 hours a day)."""
    if not flows["ended"]:
        return None
    hours = Decimal(flows["processing_hours"]) / flows["ended"]
    return (hours / 8).quantize(Decimal("0.01"))
