# SPDX-License-Identifier: MIT
"""Reads on field reports: the public ones for anyone, the rest scoped to who asks."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from congso.core.models import Agency

from .access import handling_agency_ids, is_coordinator
from .exceptions import CategoryNotFoundError, FieldReportNotFoundError
from .geo import Bbox, bbox_around, distance_m
from .models import (
    ApiClient,
    Category,
    CategoryAttribute,
    CategoryGroup,
    CategoryRoute,
    FieldReport,
    FieldReportEvent,
    FieldReportPhoto,
)
from .states import UNANSWERED, Status

PUBLIC_FIELDS = (
    "id",
    "public_id",
    "category_id",
    "description_public",
    "lat",
    "lon",
    "address",
    "unit_id",
    "agency_id",
    "status",
    "status_notes",
    "reject_reason",
    "duplicate_of_id",
    "created_at",
    "updated_at",
    "due_at",
    "answered_at",
    "answer",
    "supporter_count",
    "rating",
)


# --- per-process copies of rarely changing rows ---------------------------------------------

RECENT_SECONDS = 5.0
_MISSING = object()


class _Recent:
    """Rows that rarely change (api clients, categories with their questions, routes), kept
    per process for RECENT_SECONDS so that creating a report does not read them each time.

    A change saved through the ORM clears every copy in its own process at once and again at
    commit, and stops caching there for RECENT_SECONDS (a copy read meanwhile could predate
    the commit, or come from a transaction that is rolled back); other processes see it
    within RECENT_SECONDS. QuerySet.update() and raw SQL are seen within RECENT_SECONDS.
    """

    def __init__(self, max_entries: int = 4096) -> None:
        self._entries: dict[tuple[Any, ...], tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self._max_entries = max_entries
        self._quiet_until = 0.0

    def get(self, key: tuple[Any, ...], load: Callable[[], Any], *, keep_none: bool) -> Any:
        now = time.monotonic()
        caching = now >= self._quiet_until
        if caching:
            expires, value = self._entries.get(key, (0.0, _MISSING))
            if expires > now:
                return value
        value = load()
        if caching and (value is not None or keep_none):
            with self._lock:
                if len(self._entries) >= self._max_entries:
                    self._entries.clear()
                self._entries[key] = (now + RECENT_SECONDS, value)
        return value

    def clear(self, *, quiet: bool = True) -> None:
        with self._lock:
            self._entries.clear()
            self._quiet_until = time.monotonic() + RECENT_SECONDS if quiet else 0.0


recent = _Recent()


def recent_changed(sender: Any = None, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Receiver of post_save/post_delete of the cached models (connected below)."""
    recent.clear()
    transaction.on_commit(recent.clear, using=using)


for _model in (ApiClient, Category, CategoryGroup, CategoryAttribute, CategoryRoute, Agency):
    for _signal in (post_save, post_delete):
        _signal.connect(recent_changed, sender=_model, dispatch_uid=f"feedback-recent-{_model}")


def api_client_active(*, key_hash: str) -> ApiClient | None:
    """The active client with this key hash. A deactivated or rotated key is refused at once
    by the process that saved the change and within RECENT_SECONDS by the others."""
    return recent.get(  # type: ignore[no-any-return]
        ("api_client", key_hash),
        lambda: ApiClient.objects.filter(key_hash=key_hash, is_active=True).first(),
        keep_none=False,
    )


def category_for_report(code: str) -> Category:
    """An active category with its group and questions, for creating a report."""
    category = recent.get(
        ("category", code),
        lambda: categories_active().prefetch_related("attributes").filter(code=code).first(),
        keep_none=False,
    )
    if category is None:
        raise CategoryNotFoundError(_("Unknown service_code “%(code)s”.") % {"code": code[:40]})
    return category  # type: ignore[no-any-return]


def categories_active() -> QuerySet[Category]:
    return (
        Category.objects.filter(is_active=True)
        .select_related("group")
        .order_by("group__order", "group__code", "order", "code")
    )


def category_choices() -> list[tuple[str, str]]:
    """(code, name) of the active categories in list order, for the public filters; kept
    per process like the other rarely changing rows (the list page asks on every view)."""
    return recent.get(  # type: ignore[no-any-return]
        ("category_choices",),
        lambda: list(categories_active().values_list("code", "name")),
        keep_none=False,
    )


def category_get(code: str) -> Category:
    category = categories_active().filter(code=code).first()
    if category is None:
        raise CategoryNotFoundError(_("Unknown service_code “%(code)s”.") % {"code": code[:40]})
    return category


# --- public ----------------------------------------------------------------------------------


def _public() -> QuerySet[FieldReport]:
    return FieldReport.objects.filter(is_public=True)


@dataclass(frozen=True)
class PublicFilter:
    bbox: Bbox | None = None
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    unit_id: int | None = None
    ids: tuple[int, ...] = ()
    start: datetime | None = None
    end: datetime | None = None


def _filtered(flt: PublicFilter) -> QuerySet[FieldReport]:
    """Public reports matching `flt`; the box as a lat/lon test (the cells are the caller's)."""
    qs = _public()
    if flt.bbox is not None:
        box = flt.bbox
        qs = qs.filter(
            lat__gte=box.min_lat, lat__lte=box.max_lat, lon__gte=box.min_lon, lon__lte=box.max_lon
        )
    if flt.categories:
        # An uncorrelated subquery rather than a join: the list indexes hold category_id.
        codes = Category.objects.filter(code__in=flt.categories).values("pk")
        qs = qs.filter(category_id__in=codes)
    if flt.statuses:
        qs = qs.filter(status__in=flt.statuses)
    if flt.unit_id:
        qs = qs.filter(unit_id=flt.unit_id)
    if flt.ids:
        qs = qs.filter(pk__in=flt.ids)
    if flt.start:
        qs = qs.filter(created_at__gte=flt.start)
    if flt.end:
        qs = qs.filter(created_at__lte=flt.end)
    return qs


MAX_MERGE_DEPTH = 1000  # deeper pages: one query with OFFSET
# A street-sized box touches up to four cells: their `need` newest each, in one statement,
# cost less than a second round trip to the database.
ONE_PASS_CELLS = 4
LIST_ONLY = (
    *PUBLIC_FIELDS,
    "category__code",
    "category__name",
    "category__name_en",
    "unit__name",
    "agency__name",
)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _moment(value: Any) -> datetime:
    """created_at as `_cells_newest` reads it: microseconds since 1970 on PostgreSQL, text
    (or a naive datetime) in UTC on SQLite."""
    if isinstance(value, int):
        return _EPOCH + timedelta(microseconds=value)
    parsed = value if isinstance(value, datetime) else parse_datetime(str(value))
    if parsed is None:
        raise ValueError(f"not a datetime: {value!r}")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


class _BranchShape(NamedTuple):
    """What a cell's statement depends on besides its values."""

    vendor: str
    categories: int
    statuses: int
    unit: bool
    start: bool
    end: bool
    since: bool
    need: int


@lru_cache(maxsize=256)
def _branch_sql(shape: _BranchShape) -> str:
    """One cell's statement, written out once per shape: the newest (created_at, id) of
    the public reports in a box, with the cell as the first parameter. (Built by the ORM
    for every page it cost more than the rest of the list's statements together.)"""
    where = [
        '"is_public"',
        '"grid_cell" = %s',
        '"lat" >= %s AND "lat" <= %s AND "lon" >= %s AND "lon" <= %s',
    ]
    if shape.categories:
        codes = ", ".join(["%s"] * shape.categories)
        # An uncorrelated subquery rather than a join: the list indexes hold category_id.
        where.append(
            f'"category_id" IN (SELECT "id" FROM "{Category._meta.db_table}" '
            f'WHERE "code" IN ({codes}))'
        )
    if shape.statuses:
        where.append(f'"status" IN ({", ".join(["%s"] * shape.statuses)})')
    if shape.unit:
        where.append('"unit_id" = %s')
    where += ['"created_at" >= %s'] * (shape.start + shape.since)
    if shape.end:
        where.append('"created_at" <= %s')
    # PostgreSQL: the time as a whole number of microseconds, which sorts as the time and
    # reads ten times cheaper than a timestamp (the page reads up to ~300 of them).
    moment = (
        '(EXTRACT(EPOCH FROM "created_at") * 1000000)::bigint'
        if shape.vendor == "postgresql"
        else '"created_at"'
    )
    return (
        f'SELECT {moment}, "id" FROM "{FieldReport._meta.db_table}" '
        f"WHERE {' AND '.join(where)} "
        f'ORDER BY "created_at" DESC, "id" DESC LIMIT {int(shape.need)}'
    )


def _branch(
    flt: PublicFilter, need: int, since: datetime | None, connection: Any
) -> tuple[str, list[Any]]:
    """A cell's statement for `flt` and its parameters after the cell's."""
    assert flt.bbox is not None and not flt.ids  # the caller's: _newest_ids_by_cell
    box = flt.bbox
    moment = connection.ops.adapt_datetimefield_value
    shape = _BranchShape(
        connection.vendor, len(flt.categories), len(flt.statuses), bool(flt.unit_id),
        flt.start is not None, flt.end is not None, since is not None, need,
    )  # fmt: skip
    params: list[Any] = [box.min_lat, box.max_lat, box.min_lon, box.max_lon]
    params += [*flt.categories, *flt.statuses, *([flt.unit_id] if flt.unit_id else [])]
    params += [moment(at) for at in (flt.start, since, flt.end) if at is not None]
    return _branch_sql(shape), params


def _cells_newest(
    flt: PublicFilter, cells: list[int], need: int, since: datetime | None
) -> list[tuple[Any, int]]:
    """The `need` newest (created_at, id) of `flt` in `cells`, in one statement (UNION ALL
    on SQLite, a LATERAL join over the cells on PostgreSQL).

    Each branch reads one cell's newest entries straight off the covering
    (grid_cell, created_at, id, lat, lon, status, category, is_public) index and stops after
    `need` matches; `since` bounds the scan of the cells the box only grazes.
    """
    connection = connections[router.db_for_read(FieldReport)]
    sql, rest = _branch(flt, need, since, connection)
    if connection.vendor == "postgresql":
        # One branch planned once and run per cell (a UNION of 36 branches takes PostgreSQL
        # longer to plan than to run).
        inner = sql.replace('"grid_cell" = %s', '"grid_cell" = c.cell', 1)
        statement = (
            f"SELECT r.* FROM unnest(%s::integer[]) AS c(cell) CROSS JOIN LATERAL ({inner}) r"
        )
        params: list[Any] = [list(cells), *rest]
    else:
        statement = " UNION ALL ".join(f"SELECT * FROM ({sql}) cell{n}" for n in range(len(cells)))
        params = [value for cell in cells for value in (cell, *rest)]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        found: list[tuple[Any, int]] = cursor.fetchall()
    found.sort(reverse=True)  # raw values: one engine gives one type, which sorts as time
    return found[:need]


def _newest_ids_by_cell(flt: PublicFilter, need: int) -> list[int] | None:
    """The `need` newest ids in a box of up to MAX_MERGE_CELLS cells; None otherwise.

    Up to ONE_PASS_CELLS cells: one statement, the `need` newest of each. More cells: two
    statements whatever their number (three when the density guess fails):
    1. the `need` newest of the cell the box covers most;
    2. the other cells, each read only down to a time T guessed from the first cell's
       rows and the box's share of each cell (twice the rows needed, if the reports were
       spread evenly); a cell the box merely grazes costs its few rows newer than T.
    When the two passes hold `need` rows at T or newer, they hold the answer: every row of
    the answer is at least as new as the `need`-th of them, so no older row can belong.
    Otherwise the other cells are read again down to the first cell's `need`-th row,
    which is always enough by the same argument.
    """
    if flt.bbox is None or flt.ids or need > MAX_MERGE_DEPTH:
        return None
    shares = flt.bbox.cells()
    if shares is None:
        return None
    if len(shares) <= ONE_PASS_CELLS:
        found = _cells_newest(flt, [cell for cell, _share in shares], need, since=None)
        return [pk for _at, pk in found]
    shares.sort(key=lambda cell_share: -cell_share[1])
    found = _cells_newest(flt, [shares[0][0]], need, since=None)
    others = [cell for cell, _share in shares[1:]]
    if others and len(found) >= need:
        total = sum(share for _cell, share in shares) or 1.0
        guess = found[min(need, max(1, math.ceil(2 * need * shares[0][1] / total))) - 1][0]
        merged = sorted(found + _cells_newest(flt, others, need, _moment(guess)), reverse=True)
        if len(merged) >= need and merged[need - 1][0] >= guess:
            return [pk for _at, pk in merged[:need]]
    if others:
        since = _moment(found[need - 1][0]) if len(found) >= need else None
        found = sorted(found + _cells_newest(flt, others, need, since), reverse=True)
    return [pk for _at, pk in found[:need]]


def _page_ids(flt: PublicFilter, *, limit: int, offset: int) -> list[int]:
    ids = _newest_ids_by_cell(flt, offset + limit)
    if ids is not None:
        return ids[offset:]
    # Large boxes, no box, ids or deep pages: the newest-first index, filtered on its entries.
    ordered = _filtered(flt).order_by("-created_at", "-id").values_list("id", flat=True)
    return list(ordered[offset : offset + limit])


def field_report_public_page(
    *, flt: PublicFilter, limit: int, offset: int = 0
) -> tuple[list[FieldReport], bool]:
    """One page of public reports, newest first, and whether another page follows.

    No total count: counting a large box over millions of rows costs more than the page.
    The ids come from an index alone (one to three statements), then the page's rows by id;
    a row hidden between the two is simply left out of the page.
    """
    ids = _page_ids(flt, limit=limit + 1, offset=offset)
    wanted = ids[:limit]
    qs = _public().select_related("category", "unit", "agency")
    by_id = {r.pk: r for r in qs.filter(pk__in=wanted).only(*LIST_ONLY)} if wanted else {}
    return [by_id[pk] for pk in wanted if pk in by_id], len(ids) > limit


def field_report_public_page_values(
    *, flt: PublicFilter, limit: int, offset: int = 0, fields: tuple[str, ...]
) -> tuple[list[dict[str, Any]], bool]:
    """The same page as plain dicts of `fields` (and "id"): a list page that only shows a
    few columns skips building five model instances per row."""
    ids = _page_ids(flt, limit=limit + 1, offset=offset)
    wanted = ids[:limit]
    by_id = {row["id"]: row for row in _public_values(wanted, fields)} if wanted else {}
    return [by_id[pk] for pk in wanted if pk in by_id], len(ids) > limit


@lru_cache(maxsize=128)
def _values_statement(fields: tuple[str, ...], count: int, alias: str) -> tuple[str, Any]:
    """`_public().filter(pk__in=<count ids>).values("id", *fields)` compiled once: its SQL
    and its compiler, whose converters turn raw rows into the values the ORM gives."""
    marks = list(range(-count, 0))  # never an id: each stands for one of the page's ids
    compiler = _public().filter(pk__in=marks).values("id", *fields).query.get_compiler(alias)
    sql, params = compiler.as_sql()
    if [int(p) for p in params] != marks:  # pragma: no cover - the ORM passes each id once
        raise RuntimeError("cannot find the ids in the compiled values query")
    return sql, compiler


def _public_values(ids: list[int], fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """Public rows of `ids` as dicts of "id" and `fields`, as `.values()` gives them (the
    statement compiled per shape rather than for every page)."""
    alias = router.db_for_read(FieldReport)
    sql, compiler = _values_statement(fields, len(ids), alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, ids)
        rows = cursor.fetchall()
    names = ("id", *fields)
    return [dict(zip(names, row, strict=True)) for row in compiler.results_iter(results=[rows])]


def field_report_public_points(*, flt: PublicFilter, limit: int) -> list[dict[str, Any]]:
    """Id, place, status and category of the newest public reports, for the map."""
    ids = _page_ids(flt, limit=limit, offset=0)
    if not ids:
        return []
    by_id = {
        p["id"]: p
        for p in _public()
        .filter(pk__in=ids)
        .values("id", "lat", "lon", "status", "category__name", "category__code")
    }
    return [by_id[pk] for pk in ids if pk in by_id]


def field_report_public_get(report_id: int) -> FieldReport:
    report = (
        _public()
        .select_related("category", "category__group", "unit", "agency", "duplicate_of")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise FieldReportNotFoundError(_("No such report."))
    return report


def field_report_by_token(token: str) -> FieldReport | None:
    try:
        return _public().filter(public_id=token).first()
    except (ValueError, Exception):
        return None


def field_report_public_events(report: FieldReport) -> QuerySet[FieldReportEvent]:
    return report.events.filter(is_public=True).order_by("created_at", "id")


def field_report_public_photos(report: FieldReport) -> QuerySet[FieldReportPhoto]:
    return report.photos.filter(hidden=False).order_by("created_at", "id")


def field_report_public_photo(photo_id: str) -> FieldReportPhoto:
    try:
        photo = (
            FieldReportPhoto.objects.select_related("public_file")
            .filter(public_id=photo_id, hidden=False, report__is_public=True)
            .first()
        )
    except (ValueError, Exception):
        photo = None
    if photo is None:
        raise FieldReportNotFoundError(_("No such photo."))
    return photo


def field_reports_nearby_open(
    *, category: Category, lat: float, lon: float, metres: float, limit: int = 10
) -> list[tuple[FieldReport, float]]:
    """Open public reports of `category` within `metres`, nearest first, with the distance."""
    flt = PublicFilter(bbox=bbox_around(lat, lon, metres))
    cells = flt.bbox.cells() if flt.bbox is not None else None
    qs = _filtered(flt)
    if cells is not None:  # the (category, grid_cell) index
        qs = qs.filter(grid_cell__in=[cell for cell, _share in cells])
    rows = (
        qs.filter(category=category)
        .exclude(status__in=[Status.CLOSED, Status.REJECTED])
        .only(*PUBLIC_FIELDS)
        .order_by("-created_at")[:200]
    )
    found = [(row, distance_m(lat, lon, row.lat, row.lon)) for row in rows]
    return sorted((pair for pair in found if pair[1] <= metres), key=lambda p: p[1])[:limit]


# --- officers --------------------------------------------------------------------------------


def field_report_list_for(*, user: Any) -> QuerySet[FieldReport]:
    """All reports for coordinators; those of the officer's agencies otherwise."""
    qs = FieldReport.objects.select_related("category", "agency", "unit")
    if is_coordinator(user):
        return qs
    return qs.filter(agency_id__in=handling_agency_ids(user))


def field_report_get_for(*, user: Any, report_id: int) -> FieldReport:
    report = field_report_list_for(user=user).filter(pk=report_id).first()
    if report is None:
        raise FieldReportNotFoundError(_("No such report."))
    return report


def field_reports_overdue(*, now: datetime) -> QuerySet[FieldReport]:
    return FieldReport.objects.filter(
        status__in=UNANSWERED, due_at__lt=now, escalated_at__isnull=True
    ).order_by("due_at")


def field_report_counts_by_agency() -> list[dict[str, Any]]:
    """Per agency: open, overdue (escalated and still unanswered), answered late, answered."""
    return list(
        FieldReport.objects.exclude(agency=None)
        .values("agency_id", "agency__name")
        .annotate(
            open=Count("id", filter=Q(status__in=UNANSWERED)),
            overdue=Count("id", filter=Q(status__in=UNANSWERED, escalated_at__isnull=False)),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            answered_late=Count("id", filter=Q(answered_late=True)),
        )
        .order_by("agency__name")
    )
