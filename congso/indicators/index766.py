# SPDX-License-Identifier: MIT
"""The Decision 766 service-quality index (DOMAIN §5), from the counters.

Each indicator is a rate in %, scored with its cap: at or above the cap it earns all its
points, below it `rate × points / cap`. Points, caps and grades are rows an administrator
edits (`IndexIndicator`, `IndexGrade`). Indicators congso has no data for are shown as not
measured and earn nothing; the page says how many points were measurable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from array import array
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, QuerySet

from congso.catalog.models import Procedure
from congso.dossiers.models import (
    ComponentOrigin,
    Dossier,
    DossierComponent,
    DossierRating,
    DossierResult,
)

from .models import IndexGrade, IndexIndicator
from .pending import pending_dossiers, scope_q
from .periods import Period, today
from .selectors import (
    EVERYWHERE,
    Scope,
    cached,
    flows_total,
    percent,
    procedures_with_online_dossiers,
    rates,
)
from .stock import key_among, open_late_at, open_late_at_end, stock_at_end

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCE_LEVELS = ("province", "commune")


@dataclasses.dataclass
class IndicatorScore:
    code: str
    group: int
    name: str
    points: Decimal
    cap: Decimal
    value: Decimal | None  # the rate, %; None: not measured

    @property
    def measured(self) -> bool:
        return self.value is not None

    @property
    def earned(self) -> Decimal:
        if self.value is None:
            return Decimal(0)
        if self.value >= self.cap:
            return self.points
        return (self.value * self.points / self.cap).quantize(Decimal("0.01"))

    @property
    def costs_points(self) -> bool:
        return self.measured and self.earned < self.points


@dataclasses.dataclass
class IndexResult:
    period: Period
    indicators: list[IndicatorScore]
    grade: str
    # Dossiers still in progress at the end of the period, of which late (counted in 2.1).
    in_progress: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum((i.earned for i in self.indicators), Decimal(0))

    @property
    def measurable(self) -> Decimal:
        return sum((i.points for i in self.indicators if i.measured), Decimal(0))

    def groups(self) -> list[dict[str, Any]]:
        groups: dict[int, dict[str, Any]] = {}
        for item in self.indicators:
            group = groups.setdefault(
                item.group, {"group": item.group, "earned": Decimal(0), "points": Decimal(0)}
            )
            group["earned"] += item.earned
            group["points"] += item.points
        return [groups[k] for k in sorted(groups)]


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=VIETNAM)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=VIETNAM)
    return start, end


def _synced_rate(period: Period, scope: Scope, received: int) -> Decimal | None:
    """1.4: received dossiers whose every event reached the national portal."""
    from congso.nationalsync.models import OutboxEvent

    start, end = _bounds(period)
    behind = (
        OutboxEvent.objects.filter(state__in=["pending", "dead"])
        .filter(dossier__accepted_at__gte=start, dossier__accepted_at__lt=end)
        .filter(scope_q(scope, prefix="dossier__"))
        .values("dossier_id")
        .distinct()
        .count()
    )
    return percent(received - behind, received)


def _fee_procedures_rate() -> Decimal | None:
    return cached("3.5", _fee_procedures_rate_compute)


def _fee_procedures_rate_compute() -> Decimal | None:
    """3.5: procedures with fees that can be paid online — those whose fees are fee lines
    (amounts congso can ask for), over those with fees at all (lines, or an amount written
    only in the published fee text)."""
    published = Procedure.objects.filter(publication_status="published")
    priced = set(published.filter(fees__amount__gt=0).values_list("pk", flat=True))
    text_only = set(
        published.filter(channels__fee_text__regex=r"[0-9]").values_list("pk", flat=True)
    )
    return percent(len(priced), len(priced | text_only))


def _online_procedures_rate() -> tuple[Decimal | None, int]:
    return cached("3.1", _online_procedures_rate_compute)


def _online_procedures_rate_compute() -> tuple[Decimal | None, int]:
    """3.1: procedures of the province and communes offered online (partly or fully)."""
    published = Procedure.objects.filter(publication_status="published")
    ours = [p for p in published.values_list("levels", "online_level") if _ours(p[0])]
    online = sum(1 for _levels, level in ours if level != "none")
    return percent(online, len(ours)), online


def _ours(levels: Any) -> bool:
    return any(level in PROVINCE_LEVELS for level in (levels or []))


def index_compute(
    period: Period, scope: Scope = EVERYWHERE, *, flows: dict[str, Any] | None = None
) -> IndexResult:
    """The index for a period and scope; pass `flows` when the page already added them up."""
    flows = flows if flows is not None else flows_total(period, scope)
    r = rates(flows)
    online_procedures_rate, online_procedures = _online_procedures_rate()
    used = procedures_with_online_dossiers(period, scope)
    # 2.1 counts the dossiers still in progress at the end of the period too (stock.py).
    stock = stock_at_end(period, scope)
    handled = flows["ended"] + stock["open"]
    on_time = percent(flows["ended_on_time"] + stock["open"] - stock["open_late"], handled)
    late = percent(flows["ended_late"] + stock["open_late"], handled)
    unsatisfied = percent(flows["rated_unsatisfied"], flows["ended"])
    satisfaction = None if late is None else Decimal(100) - late - (unsatisfied or 0)
    values: dict[str, Decimal | None] = {
        "1.4": _synced_rate(period, scope, flows["received"]),
        "2.1": on_time,
        "3.1": online_procedures_rate,
        "3.2": percent(used, online_procedures),
        "3.3": r["online"],
        "3.5": _fee_procedures_rate(),
        "3.6": r["paid_online"],
        "4.1": r["e_result"],
        "4.2": r["digitised"],
        "4.3": r["reused"],
        "4.4": r["from_store"],
        "4.5": r["vneid"],
        "5.4": None if satisfaction is None else max(satisfaction, Decimal(0)),
    }
    indicators = [
        IndicatorScore(
            code=row.code,
            group=row.group,
            name=row.name,
            points=row.points,
            cap=row.cap_percent,
            value=values.get(row.code),
        )
        for row in IndexIndicator.objects.filter(enabled=True)
    ]
    result = IndexResult(period=period, indicators=indicators, grade="", in_progress=stock)
    result.grade = grade_for(result.total)
    return result


def grade_for(total: Decimal) -> str:
    grade = IndexGrade.objects.filter(min_points__lte=total).order_by("-min_points").first()
    return grade.label if grade else ""


# --- the dossiers behind a number ----------------------------------------------------------


def _late() -> Q:
    """Ended late, as `counters.ended_on_time` judged it when processing ended (a second
    supplement request; or ended after the due date before the first apology letter; or,
    for a dossier that ended while it waited for the applicant, that wait began after it)."""
    return Q(ended_late=True)


# What the lists and their exports show of each dossier: loading nothing else keeps a page of
# 50 dossiers from decoding their forms and process plans (JSON) and their procedures' rows.
LIST_COLUMNS = (
    *("code", "state", "accepted_at", "due_at", "processing_ended_at"),
    *("procedure", "procedure__code", "competent_agency", "competent_agency__code"),
    "competent_agency__name",
)


def dossiers_behind(kind: str, period: Period, scope: Scope = EVERYWHERE) -> QuerySet[Dossier]:
    """The dossiers a number counts, or, for an index indicator, those that cost it points.

    `kind`: received, online, ended, on_time, late, pending and overdue (now, whatever the
    period), or an indicator code (2.1, 3.3, 4.1…).
    """
    start, end = _bounds(period)
    received = Q(accepted_at__gte=start, accepted_at__lt=end)
    ended = received_ended = Q(
        accepted_at__isnull=False, processing_ended_at__gte=start, processing_ended_at__lt=end
    )
    has_file = Exists(DossierComponent.objects.filter(dossier=OuterRef("pk"), file__isnull=False))
    reused = Exists(
        DossierComponent.objects.filter(
            dossier=OuterRef("pk"),
            origin__in=[ComponentOrigin.REUSED, ComponentOrigin.PERSONAL_STORE],
        )
    )
    stored = Exists(
        DossierComponent.objects.filter(
            dossier=OuterRef("pk"), origin=ComponentOrigin.PERSONAL_STORE
        )
    )
    has_result = Exists(DossierResult.objects.filter(dossier=OuterRef("pk")))
    filters: dict[str, Q] = {
        "received": received,
        "online": received & Q(channel="online"),
        "ended": ended,
        "on_time": received_ended & Q(ended_late=False),
        "late": received_ended & _late(),
        "2.1": _ended_behind("2.1", start, end),
        "3.3": received & ~Q(channel="online"),
        "4.1": ended & ~has_result,
        "4.2": ended & ~has_file,
        "4.3": received & ~reused,
        "4.4": received & ~stored,
        "4.5": received & Q(vneid_authenticated=False),
        "5.4": _ended_behind("5.4", start, end),
    }
    if kind in ("pending", "overdue"):  # now, whatever the period
        return (
            pending_dossiers(scope, overdue=kind == "overdue")
            .select_related("procedure", "competent_agency")
            .only(*LIST_COLUMNS)
            .order_by("due_at", "pk")
        )
    if kind in LATE_AT_END:  # and those still in progress at the end, already late
        keys = keys_behind(kind, period, scope)
        if keys is not None:
            return list_rows().filter(key_among(keys))
        filters[kind] |= open_late_at_end(period, scope)
    if kind == "3.6":
        from congso.payments.selectors import fee_requests, online_payments

        fees = fee_requests().filter(dossier=OuterRef("pk"))
        paid = online_payments().filter(request__dossier=OuterRef("pk"))
        filters["3.6"] = received & Exists(fees) & ~Exists(paid)
    if kind == "1.4":
        from congso.nationalsync.models import OutboxEvent

        unsent = OutboxEvent.objects.filter(dossier=OuterRef("pk"), state__in=["pending", "dead"])
        condition = received & Exists(unsent)
    elif kind in filters:
        condition = filters[kind]
    else:
        raise KeyError(kind)
    rows = list_rows().filter(condition, scope_q(scope))
    return rows.order_by(*BY_END) if kind in ENDED_KINDS else rows


# Lists of what ended in the period run from the last ended: the order of the end-date
# indexes, so a page of the year's late dossiers is read off `dossier_ended_late` instead
# of sorting the tens of thousands of them by acceptance.
ENDED_KINDS = frozenset({"ended", "on_time", "late", "4.1", "4.2"})
BY_END = ("-processing_ended_at", "-accepted_at", "-pk")


def list_rows() -> QuerySet[Dossier]:
    """Dossiers as the lists show them (LIST_COLUMNS), the last accepted first."""
    return (
        Dossier.objects.select_related("procedure", "competent_agency")
        .only(*LIST_COLUMNS)
        .order_by("-accepted_at", "-pk")
    )


LATE_AT_END = ("2.1", "5.4")  # ended late in the period, or in progress and late at its end


def _ended_behind(kind: str, start: dt.datetime, end: dt.datetime) -> Q:
    """The ended part of the list behind 2.1 (ended late) or 5.4 (ended late or rated not
    satisfied)."""
    ended = Q(
        accepted_at__isnull=False, processing_ended_at__gte=start, processing_ended_at__lt=end
    )
    if kind == "2.1":
        return ended & _late()
    unsatisfied = DossierRating.objects.filter(dossier=OuterRef("pk"), grade="not_satisfied")
    return ended & (_late() | Exists(unsatisfied))


def keys_behind(kind: str, period: Period, scope: Scope = EVERYWHERE) -> Sequence[int] | None:
    """The list behind 2.1 or 5.4 of a period that has ended, as its dossiers' keys, the last
    accepted first; None for any other list or for a period not yet over.

    Which dossiers were in progress and late at the end of a past period no longer changes,
    and judging it reads every dossier open then (0.2–0.4 s at 1,000,000 dossiers): the keys
    are kept in the cache (CONGSO_INDICATORS_CACHE_SECONDS) like the stock at a past day's
    end, and each page of the list reads its rows by key. A rating given since shows in 5.4's
    list when the kept keys expire. They are kept as an array of 8-byte integers: read back
    as a list, the 185,000 keys of a month at 10,000,000 dossiers cost every page 3 ms of
    unpickling and as much again in garbage collection.
    """
    if kind not in LATE_AT_END or period.end >= today():
        return None

    def compute() -> array[int]:
        start, end = _bounds(period)
        ended = Dossier.objects.filter(_ended_behind(kind, start, end), scope_q(scope))
        accepted = dict(ended.order_by().values_list("pk", "accepted_at"))
        accepted.update(open_late_at(end, scope))
        return array("q", sorted(accepted, key=lambda pk: (accepted[pk], pk), reverse=True))

    return cached(f"behind:{kind}:{period.start}:{period.end}:{scope!r}", compute)


KINDS = ("received", "online", "ended", "on_time", "late", "pending", "overdue")
KINDS += ("1.4", "2.1", "3.3", "4.1", "4.2")
KINDS += ("3.6", "4.3", "4.4", "4.5", "5.4")
