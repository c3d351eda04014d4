# SPDX-License-Identifier: MIT
"""The operations centre over many dossiers: pages over HTTP, counters against plain
aggregation, and the full rebuild of the counters.

    .venv/bin/python bench/indicators_ops.py                      # SQLite, 10,000,000 dossiers
    .venv/bin/python bench/indicators_ops.py --dossiers 1000000   # a quicker run
    .venv/bin/python bench/indicators_ops.py --reuse --connection-close  # as behind a front server
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congso .venv/bin/python bench/indicators_ops.py

1. A province (200 agencies, 2,000 generated procedures) and `--dossiers` dossiers over the
   last two years (`bench/dossier_world.py`). Those dossiers have no events, so the daily and
   monthly counters are filled by ONE set-based SQL aggregation over the dossier table
   (INSERT … SELECT … GROUP BY local day, competent agency, procedure, channel), then rolled
   up into months. That is the benchmark's set-up, not the product's rebuild (step 4): it
   gives the counters the pages read the shape they have in production. Processing hours
   are approximated (elapsed hours × 40/168), the other flows are exact for these dossiers.
2. Over HTTP (gunicorn, 2 gthread workers × 2 threads, full middleware), with wrk at 1 and
   4 connections, a province administrator's session (TOTP device in the session): the
   operations view for the year and for a month, the busiest agency's page, the 766 index,
   the list of late dossiers of the busiest agency for a month and of the province for the
   year, the dossiers behind indicator 2.1 for a month (ended late, or open and late at its
   end; first pages) and the public transparency page. Target: p95 ≤ 100 ms for each.
3. In-process, the same headline figures (received, ended, on-time %, online % for the year,
   province-wide and per agency) from the counters (`flows_total` + `flows_by`) and by plain
   aggregation over the dossier table (one GROUP BY); both checked equal, timed, and their
   ratio printed (target ≥ 100×). Then each selector a page calls, timed on its own, and the
   query plans of the slow ones.
4. The full rebuild, `indicators_rebuild()`, in a database of its own: `--rebuild-dossiers`
   generated dossiers given a plausible history (register, accept, forward, supplement or
   payment request, processed, returned, refused, stopped, withdrawn events), bulk-inserted.
   Prints dossiers/s and, labelled as such, the projection for 10,000,000 dossiers; and
   checks the rebuilt counters against the set-based fill of step 1 (same flows).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dbsetup import (
    ROOT,
    django_setup,
    engine_name,
    existing_database_url,
    fresh_database_url,
)

P95_TARGET_MS = 100
RATIO_TARGET = 100
# The generator ends every dossier before its due date but one ended dossier in this many,
# so on-time rates are not 100% and the lists of late dossiers are not empty.
LATE_EVERY = 12
PROJECTED = 10_000_000
# Flows the set-based fill writes (the generated dossiers have no components, results,
# re-datings, ratings or VNeID sign-ins: the other flows stay 0, as the rebuild gives).
FILLED = (
    "submitted",
    "received",
    "received_online",
    "received_fully_online",
    "refused",
    "ended",
    "ended_on_time",
    "ended_late",
    "processing_hours",
    "returned",
    "supplement_requests",
    "repeat_supplement_requests",
)


# --- step 1: counters from the dossier table ---------------------------------------------


def _day(column: str, sqlite: bool) -> str:
    """The local (Asia/Ho_Chi_Minh, UTC+7 all year) day of a timestamp column."""
    if sqlite:
        return f"date(d.{column}, '+7 hours')"
    return f"(d.{column} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"


def counters_fill() -> dict:
    """Daily counters by one INSERT … SELECT … GROUP BY over the dossiers, then the coarser
    tables added up from them as the rebuild does."""
    from django.db import connection, transaction

    from congso.catalog.models import Procedure
    from congso.core.models import Agency
    from congso.dossiers.models import Dossier
    from congso.indicators.bulk_write import counters_roll_up
    from congso.indicators.counters import TABLES
    from congso.indicators.models import DailyCounter, MonthlyCounter

    sqlite = connection.vendor == "sqlite"
    q = connection.ops.quote_name
    dossier, procedure = q(Dossier._meta.db_table), q(Procedure._meta.db_table)
    agency = q(Agency._meta.db_table)
    daily = q(DailyCounter._meta.db_table)
    if sqlite:
        hours = (
            "MAX(0, ROUND((julianday(d.processing_ended_at) - julianday(d.accepted_at))"
            " * 24 * 40 / 168, 2))"
        )
    else:
        hours = (
            "GREATEST(0, ROUND(EXTRACT(EPOCH FROM d.processing_ended_at - d.accepted_at)"
            " / 3600 * 40 / 168, 2))"
        )
    zero = dict.fromkeys(FILLED, "0")

    def branch(day_column: str, where: str, join: str = "", **values: str) -> str:
        flows = ", ".join(f"{values.get(n, zero[n])} AS {n}" for n in FILLED)
        return (
            f"SELECT {_day(day_column, sqlite)} AS day, d.competent_agency_id AS agency_id, "
            f"d.procedure_id, d.channel, {flows} FROM {dossier} d {join} WHERE {where}"
        )

    online = "CASE WHEN d.channel = 'online' THEN 1 ELSE 0 END"
    on_time = "d.supplement_count <= 1 AND d.processing_ended_at <= d.due_at"
    branches = [
        branch("submitted_at", "d.submitted_at IS NOT NULL", submitted="1"),
        branch(
            "accepted_at",
            "d.accepted_at IS NOT NULL",
            f"JOIN {procedure} p ON p.id = d.procedure_id",
            received="1",
            received_online=online,
            received_fully_online=(
                "CASE WHEN d.channel = 'online' AND p.online_level = 'full' THEN 1 ELSE 0 END"
            ),
        ),
        branch(
            "processing_ended_at",
            "d.state = 'refused' AND d.accepted_at IS NULL AND d.processing_ended_at IS NOT NULL",
            refused="1",
        ),
        branch(
            "processing_ended_at",
            "d.accepted_at IS NOT NULL AND d.processing_ended_at IS NOT NULL",
            ended="1",
            ended_on_time=f"CASE WHEN {on_time} THEN 1 ELSE 0 END",
            ended_late=f"CASE WHEN {on_time} THEN 0 ELSE 1 END",
            processing_hours=hours,
        ),
        branch("returned_at", "d.returned_at IS NOT NULL", returned="1"),
        branch(
            "paused_at",
            "d.supplement_count > 0 AND d.paused_at IS NOT NULL",
            supplement_requests="d.supplement_count",
            repeat_supplement_requests="d.supplement_count - 1",
        ),
    ]
    names = ", ".join(FILLED)
    sums = ", ".join(f"SUM(f.{n})" for n in FILLED)
    daily_sql = (
        f"INSERT INTO {daily} (day, agency_id, procedure_id, channel, level, {names}) "
        f"SELECT f.day, f.agency_id, f.procedure_id, f.channel, a.level, {sums} "
        f"FROM ({' UNION ALL '.join(branches)}) f JOIN {agency} a ON a.id = f.agency_id "
        "GROUP BY f.day, f.agency_id, f.procedure_id, f.channel, a.level "
        # In day order, as the live counters are written (each day's rows that day).
        "ORDER BY f.day"
    )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if not sqlite:  # group in memory rather than in sorted runs on disk
            cursor.execute("SET LOCAL work_mem = '1GB'")
        for model, _period, _key in TABLES:
            cursor.execute(f"DELETE FROM {q(model._meta.db_table)}")
        cursor.execute(daily_sql)
        daily_seconds = time.perf_counter() - started
        counters_roll_up()  # the product's: months, per agency, per procedure
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM sets the visibility map that index-only scans need, as
        # autovacuum does for insert-mostly tables in production; SQLite: statistics.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "daily_rows": DailyCounter.objects.count(),
        "monthly_rows": MonthlyCounter.objects.count(),
        "daily_seconds": daily_seconds,
        "seconds": time.perf_counter() - started,
    }


def level_check() -> dict[str, int]:
    from django.db.models import Count

    from congso.indicators.models import DailyCounter, MonthlyCounter

    levels: dict[str, int] = {}
    for model in (DailyCounter, MonthlyCounter):
        for row in model.objects.values("level").annotate(n=Count("id")):
            key = f"{model.__name__}:{row['level'] or '(empty)'}"
            levels[key] = row["n"]
    return levels


# --- step 3: counters against plain aggregation --------------------------------------------


def _timed(function, repetitions: int, *, budget: float = 120.0) -> tuple[dict, object]:
    """Call `function` up to `repetitions` times (fewer when the calls exceed `budget` s)."""
    times, result = [], None
    spent = 0.0
    for _ in range(repetitions):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        times.append(elapsed * 1000)
        spent += elapsed
        if spent > budget and len(times) >= 3:
            break
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"n": len(times), "p50_ms": statistics.median(times), "p95_ms": p95}, result


HEADLINE = ("received", "received_online", "ended", "ended_on_time")


def headline_from_counters(period) -> tuple[dict, dict]:
    from congso.indicators.selectors import flows_by, flows_total

    total = flows_total(period)
    by_agency = flows_by(period, "agency")
    # Agencies with only other flows in the period (registered, refused) have no row in the
    # plain GROUP BY, which reads received and ended dossiers only.
    return (
        {n: total[n] for n in HEADLINE},
        {
            pk: {n: f[n] for n in HEADLINE}
            for pk, f in by_agency.items()
            if any(f[n] for n in HEADLINE)
        },
    )


def plain_queryset(period):
    """The same figures from the dossiers: one GROUP BY competent agency over the period."""
    from django.db.models import Count, F, Q

    from congso.dossiers.models import Dossier
    from congso.indicators.index766 import _bounds

    start, end = _bounds(period)
    received = Q(accepted_at__gte=start, accepted_at__lt=end)
    ended = Q(
        accepted_at__isnull=False, processing_ended_at__gte=start, processing_ended_at__lt=end
    )
    on_time = ended & Q(supplement_count__lte=1, processing_ended_at__lte=F("due_at"))
    rows = (
        Dossier.objects.filter(received | ended)
        .values("competent_agency_id")
        .annotate(
            received=Count("pk", filter=received),
            received_online=Count("pk", filter=received & Q(channel="online")),
            ended=Count("pk", filter=ended),
            ended_on_time=Count("pk", filter=on_time),
        )
        .order_by()
    )
    return rows


def headline_plain(period) -> tuple[dict, dict]:
    rows = plain_queryset(period)
    by_agency = {r["competent_agency_id"]: {n: r[n] for n in HEADLINE} for r in rows}
    total = {n: sum(row[n] for row in by_agency.values()) for n in HEADLINE}
    return total, by_agency


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "—"


# --- step 4: the rebuild, in a database of its own -----------------------------------------


def history_insert(chunk: int = 200_000) -> int:
    """Plausible events for every generated dossier, from its state and dates, bulk-inserted
    in the order they happened (so primary keys follow time, as in production). A chunk of
    dossiers at a time: at 10,000,000 dossiers the ~48 million events would not fit in
    memory at once."""
    from congso.dossiers.models import Dossier

    written = last_id = 0
    while True:
        ids = Dossier.objects.filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)
        bounds = list(ids[chunk - 1 : chunk]) or [None]
        written += _history_chunk(last_id, bounds[0])
        if bounds[0] is None:
            return written
        last_id = bounds[0]


def _history_chunk(after: int, until: int | None) -> int:
    """The events of the dossiers with `after` < id ≤ `until` (None: all the rest)."""
    from django.db import connection

    from bench.dossier_world import _db_value, _insert
    from congso.dossiers.models import Dossier, DossierEvent
    from congso.workflow.states import DossierState as S

    sqlite = connection.vendor == "sqlite"
    second = dt.timedelta(seconds=1)
    rows = []
    dossiers = Dossier.objects.filter(pk__gt=after)
    if until is not None:
        dossiers = dossiers.filter(pk__lte=until)
    fields = (
        "id",
        "state",
        "submitted_at",
        "accepted_at",
        "paused_at",
        "processing_ended_at",
        "returned_at",
        "competent_agency_id",
        "receiving_agency_id",
    )
    for (
        pk,
        state,
        submitted,
        accepted,
        paused,
        ended,
        returned,
        competent,
        receiving,
    ) in dossiers.order_by("pk").values_list(*fields):
        steps = [("register", "draft", S.AWAITING_RECEPTION, submitted, receiving)]
        if state == S.REFUSED:
            steps.append(("refuse", S.AWAITING_RECEPTION, S.REFUSED, ended, receiving))
        if accepted is not None:
            steps.append(("accept", S.AWAITING_RECEPTION, S.ACCEPTED, accepted, receiving))
            if state != S.ACCEPTED:
                steps.append(("forward", S.ACCEPTED, S.PROCESSING, accepted + second, competent))
        if state == S.AWAITING_SUPPLEMENT:
            steps.append(("request_supplement", S.PROCESSING, state, paused, competent))
        elif state == S.AWAITING_PAYMENT:
            steps.append(("request_payment", S.PROCESSING, state, paused, competent))
        elif state in (S.PROCESSED, S.RETURNED):
            steps.append(("processed", S.PROCESSING, S.PROCESSED, ended, competent))
            if state == S.RETURNED:
                steps.append(("returned", S.PROCESSED, S.RETURNED, returned, receiving))
        elif state in (S.STOPPED, S.WITHDRAWN):
            action = "stop" if state == S.STOPPED else "withdraw"
            steps.append((action, S.PROCESSING, state, ended, competent))
        for action, before, after, at, agency in steps:
            values = [pk, at, action, str(before), str(after), None, agency, "", "", None, None, {}]
            rows.append([_db_value(v, sqlite) for v in values])
    columns = [
        "dossier_id",
        "occurred_at",
        "action",
        "from_state",
        "to_state",
        "actor_id",
        "agency_id",
        "public_note",
        "internal_note",
        "due_before",
        "due_after",
        "details",
    ]
    _insert(DossierEvent._meta.db_table, columns, iter(rows))
    return len(rows)


def rebuild_phase(dossiers: int) -> None:
    """Run in a subprocess: its own database, dossiers with events, the rebuild timed."""
    database_url = fresh_database_url("indicators_rebuild")
    django_setup(database_url)
    from bench import dossier_world
    from congso.indicators.models import DailyCounter, MonthlyCounter
    from congso.indicators.rebuild import indicators_rebuild

    world = dossier_world.build_world(procedures=300, citizens=1)
    dossier_world.generate_dossiers(world, dossiers, late_every=LATE_EVERY)
    started = time.perf_counter()
    events = history_insert()
    events_seconds = time.perf_counter() - started
    result = indicators_rebuild()
    flows = ("day", "agency_id", "procedure_id", "channel", "level", *FILLED)
    rebuilt = sorted(DailyCounter.objects.values_list(*flows))
    rebuilt_months = MonthlyCounter.objects.count()
    counters_fill()
    filled = sorted(DailyCounter.objects.values_list(*flows))
    # Processing hours: the rebuild counts working hours, the fill approximates them.
    hours_at = flows.index("processing_hours")

    def strip(rows):
        return [r[:hours_at] + r[hours_at + 1 :] for r in rows]

    same = strip(rebuilt) == strip(filled)
    mismatch = ""
    if not same:
        differing = [(a, b) for a, b in zip(strip(rebuilt), strip(filled), strict=False) if a != b]
        mismatch = f"{len(rebuilt)} vs {len(filled)} rows; first differing: {differing[:2]}"
    print(
        json.dumps(
            {
                "dossiers": result.dossiers,
                "events": result.events,
                "events_inserted": events,
                "events_insert_seconds": round(events_seconds, 2),
                "daily_rows": result.rows,
                "monthly_rows": rebuilt_months,
                "seconds": result.seconds,
                "phases": result.phases,
                "same_as_fill": same,
                "mismatch": str(mismatch),
            },
            default=str,
        )
    )


def rebuild_run(dossiers: int, server_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if server_url:
        env["DATABASE_URL"] = server_url
    out = subprocess.run(
        [sys.executable, __file__, "--rebuild-phase", str(dossiers)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    if out.returncode != 0:
        raise RuntimeError(f"the rebuild phase failed:\n{out.stderr[-3000:]}")
    line = [row for row in out.stdout.splitlines() if row.startswith("{")][-1]
    return json.loads(line)


# --- the run ---------------------------------------------------------------------------------


def officer_login(agency):
    """A province administrator whose session passed the TOTP check."""
    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.dossier_world import login
    from congso.accounts.models import OfficerRole, OfficerRoleKind

    user = get_user_model().objects.create(username="lanhdao", full_name="Lãnh đạo tỉnh")
    OfficerRole.objects.create(
        user=user,
        agency=agency,
        role=OfficerRoleKind.PROVINCE_ADMIN,
        valid_from=dt.date(2020, 1, 1),
    )
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return login(user, {DEVICE_ID_SESSION_KEY: device.persistent_id})


def explain(queryset, postgres: bool) -> str:
    if postgres:
        return queryset.explain(analyze=True, buffers=True)
    return queryset.explain()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dossiers", type=int, default=10_000_000)
    parser.add_argument("--procedures", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--repetitions", type=int, default=10, help="plain aggregation runs")
    parser.add_argument("--rebuild-dossiers", type=int, default=20_000)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument(
        "--connection-close",
        action="store_true",
        help="a new connection for each request, as from a front server without upstream "
        "keep-alive (with keep-alive, the kernel may give all four connections to one worker)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the database of an earlier run (no generation, no fill)",
    )
    parser.add_argument("--rebuild-phase", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rebuild_phase:
        rebuild_phase(args.rebuild_phase)
        return
    started = time.perf_counter()
    server_url = os.environ.get("DATABASE_URL", "")
    run = setup(args)
    compare(run, args)
    if not args.skip_http:
        http_pages(run, args)
    run["rebuild"] = (
        rebuild_run(args.rebuild_dossiers, server_url) if args.rebuild_dossiers else None
    )
    report(run, args)
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s ({run['size']}, {run['engine']})")


def setup(args) -> dict:
    """Step 1: a fresh database, the world, the dossiers, the counters, the periods."""
    database_url = (existing_database_url if args.reuse else fresh_database_url)("indicators_bench")
    engine = engine_name(database_url)
    os.environ["CONGSO_MEDIA_ROOT"] = str(ROOT / "var" / "bench" / f"media-ind-{engine.lower()}")
    os.environ["CONGSO_STATIC_ROOT"] = str(ROOT / "var" / "bench" / "static")
    django_setup(database_url)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)

    from congso.core.models import Agency
    from congso.indicators.models import MonthlyCounter
    from congso.indicators.periods import Period, period_parse, today
    from congso.indicators.selectors import flows_by

    if args.reuse:
        world, officer, generated, fill = reused_world()
        args.dossiers = generated["count"]
        size = f"{args.dossiers:,} dossiers"
        print(f"[{engine}] run with {size} (the database of an earlier run)", flush=True)
    else:
        size = f"{args.dossiers:,} dossiers"
        print(f"[{engine}] run with {size}", flush=True)
        world, officer, generated, fill = new_world(args, engine)
    levels = level_check()
    if any(key.endswith("(empty)") for key in levels):
        raise SystemExit(f"counter rows without a level: {levels}")
    year = period_parse(str(today().year))
    last_month = (today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    # The busiest competent agency of the year, and a rolling 90 days (partial months: the
    # daily counters are read for the edges).
    by_agency = flows_by(year, "agency")
    busiest_id = max(by_agency, key=lambda pk: by_agency[pk]["received"])
    return {
        "engine": engine,
        "postgres": engine == "PostgreSQL",
        "database_url": database_url,
        "size": size,
        "world": world,
        "officer": officer,
        "generated": generated,
        "fill": fill,
        "levels": levels,
        "year": year,
        "last_month": last_month,
        "month": period_parse(last_month),
        "rolling": Period(today() - dt.timedelta(days=89), today(), "90 days"),
        "busiest": Agency.objects.get(pk=busiest_id),
        "busiest_received": by_agency[busiest_id]["received"],
        "year_monthly_rows": MonthlyCounter.objects.filter(
            month__range=(year.start, year.end)
        ).count(),
    }


def new_world(args, engine: str):
    from bench import dossier_world
    from congso.indicators.stock import stock_rebuild

    started = time.perf_counter()
    world = dossier_world.build_world(procedures=args.procedures, citizens=1)
    print(
        f"[{engine}] world: {len(world.agencies)} agencies, {args.procedures} generated "
        f"procedures ({len(world.procedures)} online) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    officer = officer_login(world.agencies[0])
    generated = dossier_world.generate_dossiers(world, args.dossiers, late_every=LATE_EVERY)
    print(
        f"[{engine}] generated {generated['count']:,} dossiers in {generated['seconds']:.1f} s",
        flush=True,
    )
    fill = counters_fill()
    fill["made_late"] = generated["made_late"]
    print(
        f"[{engine}] counters filled by set-based SQL (benchmark set-up): "
        f"{fill['daily_rows']:,} daily rows, {fill['monthly_rows']:,} monthly rows in "
        f"{fill['seconds']:.1f} s",
        flush=True,
    )
    started = time.perf_counter()
    closed = stock_rebuild()
    fill["stock_seconds"] = time.perf_counter() - started
    fill["stock_days"] = len(closed)
    print(
        f"[{engine}] stock of open dossiers at each day's end (2.1), swept from the dossiers: "
        f"{len(closed)} days in {fill['stock_seconds']:.1f} s",
        flush=True,
    )
    return world, officer, generated, fill


def reused_world():
    """What `new_world` gives, read back from the database of an earlier run."""
    from types import SimpleNamespace

    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.dossier_world import login
    from congso.core.models import Agency
    from congso.dossiers.models import Dossier
    from congso.indicators.models import DailyCounter, MonthlyCounter

    user = get_user_model().objects.get(username="lanhdao")
    device = TOTPDevice.objects.get(user=user, name="bench")
    officer = login(user, {DEVICE_ID_SESSION_KEY: device.persistent_id})
    world = SimpleNamespace(agencies=list(Agency.objects.order_by("code")))
    generated = {"count": Dossier.objects.count(), "seconds": float("nan")}
    fill = {
        "daily_rows": DailyCounter.objects.count(),
        "monthly_rows": MonthlyCounter.objects.count(),
        "seconds": float("nan"),
        "made_late": 0,
    }
    return world, officer, generated, fill


def compare(run: dict, args) -> None:
    """Step 3: the headline figures from the counters and from the dossiers; the selectors
    the pages call, one by one; the plans of the telling queries."""
    from django.db import connection
    from django.test import override_settings

    from congso.core.pagination import IdsFirstPaginator, KeyListPaginator
    from congso.indicators import index766
    from congso.indicators.periods import Period, today
    from congso.indicators.selectors import (
        Scope,
        flows_by,
        flows_total,
        procedures_with_online_dossiers,
        trend,
    )
    from congso.indicators.views import CHARTED

    def uncached(function):
        with override_settings(CONGSO_INDICATORS_CACHE_SECONDS=0):
            return function()

    from congso.indicators.stock import stock_at_end, stock_close_day, stock_now

    engine, year, month, rolling = run["engine"], run["year"], run["month"], run["rolling"]
    busiest = Scope(agency_ids=(run["busiest"].pk,))
    run["comparisons"] = []
    for name, period, budget in (
        (f"year {year.label}", year, 180),
        (f"month {month.label}", month, 120),
    ):
        counters, from_counters = _timed(lambda p=period: headline_from_counters(p), 50)
        plain, from_dossiers = _timed(
            lambda p=period: headline_plain(p), args.repetitions, budget=budget
        )
        equal = from_counters == from_dossiers
        run["comparisons"].append((name, counters, plain, equal, from_counters[0]))
        print(
            f"[{engine}] {name}: counters p50 {counters['p50_ms']:.1f} ms, "
            f"plain p50 {plain['p50_ms']:.1f} ms, equal: {equal}",
            flush=True,
        )
    late_list = index766.dossiers_behind("late", month, busiest)

    def first_page(dossiers):  # as the list page reads it
        return IdsFirstPaginator(dossiers, 50).page(1)

    province_late = index766.dossiers_behind("late", year)
    parts = {
        "flows_total(year)": lambda: flows_total(year),
        "flows_by(year, agency)": lambda: flows_by(year, "agency"),
        "flows_by(year, level)": lambda: flows_by(year, "level"),
        "flows_by(year, unit, commune)": lambda: flows_by(year, "unit", Scope(level="commune")),
        "flows_by(year, procedure)": lambda: flows_by(year, "procedure"),
        "index_compute(year)": lambda: index766.index_compute(year),
        "trend(this month), as charted": lambda: trend(
            Period(today().replace(day=1), today(), ""), names=CHARTED
        ),
        "flows_total(90 days)": lambda: flows_total(rolling),
        "busiest: flows_total(year)": lambda: flows_total(year, busiest),
        "busiest: flows_by(year, procedure)": lambda: flows_by(year, "procedure", busiest),
        "busiest: index_compute(year)": lambda: index766.index_compute(year, busiest),
        "busiest: trend(year), as charted": lambda: trend(year, busiest, names=CHARTED),
        "3.2 procedures with online dossiers, year (no cache)": lambda: uncached(
            lambda: procedures_with_online_dossiers(year)
        ),
        "3.2, 90 days (no cache)": lambda: uncached(
            lambda: procedures_with_online_dossiers(rolling)
        ),
        "stock_now() (2.1, live, no cache)": lambda: stock_now(fresh=True),
        "stock_close_day(yesterday)": lambda: stock_close_day(today() - dt.timedelta(days=1)),
        "stock_at_end(last month) (closed days)": lambda: stock_at_end(month),
        "late list, month: count": lambda: late_list.count(),
        "late list, month: first page": lambda: list(first_page(late_list)),
        "late list, province, year: count": lambda: province_late.count(),
        "late list, province, year: first page": lambda: list(first_page(province_late)),
        "2.1 list, province, month: judged (no cache)": lambda: uncached(
            lambda: index766.keys_behind("2.1", month)
        ),
        "2.1 list, province, month: kept keys, first page": lambda: list(
            KeyListPaginator(index766.keys_behind("2.1", month), index766.list_rows(), 50).page(1)
        ),
    }
    run["breakdown"] = {name: _timed(fn, 10, budget=30)[0] for name, fn in parts.items()}
    for name, timing in run["breakdown"].items():
        print(f"[{engine}]   {name}: p50 {timing['p50_ms']:.1f} ms", flush=True)
    postgres = run["postgres"]
    run["plans"] = {
        "flows_by(year, agency) (monthly counters)": explain(
            _by_queryset(year, "agency_id"), postgres
        ),
        "plain aggregation over dossiers (year)": explain(plain_queryset(year), postgres),
        "late list, month: count (Paginator)": explain(late_list.order_by(), postgres),
        "late list, province, year: first page": explain(province_late[:50], postgres),
        "busiest: trend(year) (agency page chart)": explain(
            _trend_queryset(year, busiest), postgres
        ),
    }
    connection.close()


def http_pages(run: dict, args) -> None:
    """Step 2: each page over HTTP with wrk, 1 and 4 connections."""
    from bench.wrk_session import write_logins

    year, last_month = run["year"].start.year, run["last_month"]
    code, rolling = run["busiest"].code, run["rolling"]
    run["pages"] = [
        ("operations, year", f"/dieu-hanh/?period={year}"),
        ("operations, month", f"/dieu-hanh/?period={last_month}"),
        ("busiest agency, year", f"/dieu-hanh/co-quan/{code}/?period={year}"),
        ("766 index, year", f"/dieu-hanh/chi-so-766/?period={year}"),
        (
            "late dossiers, month, busiest",
            "/dieu-hanh/ho-so/?"
            + urlencode({"kind": "late", "period": last_month, "agency": code}),
        ),
        (
            "late dossiers, year, province",
            "/dieu-hanh/ho-so/?" + urlencode({"kind": "late", "period": year}),
        ),
        (
            "2.1 dossiers, month, province",
            "/dieu-hanh/ho-so/?" + urlencode({"kind": "2.1", "period": last_month}),
        ),
        ("transparency (public)", "/minh-bach/"),
        (
            "operations, 90 days (extra)",
            "/dieu-hanh/?" + urlencode({"from": rolling.start, "to": rolling.end}),
        ),
    ]
    run["http"] = []
    tmp = Path(tempfile.mkdtemp(prefix="indicators_ops-"))
    logins = write_logins(tmp / "officer", [run["officer"]])
    env = {
        "DATABASE_URL": run["database_url"],
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
        "CONGSO_MEDIA_ROOT": os.environ["CONGSO_MEDIA_ROOT"],
        "CONGSO_STATIC_ROOT": os.environ["CONGSO_STATIC_ROOT"],
    }
    try:
        _measure_pages(run, args, env, logins, tmp)
    except subprocess.TimeoutExpired:
        # A request still running when the runs ended (slower than the run itself):
        # gunicorn did not stop in time. Stop the server this process started.
        _stop_own_servers()


def _stop_own_servers() -> None:
    import signal

    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid() and b"gunicorn" in cmdline:
            os.kill(int(entry.name), signal.SIGKILL)


def _measure_pages(run: dict, args, env: dict, logins: Path, tmp: Path) -> None:
    from bench.dossier_submit import get
    from bench.httpload import server
    from bench.wrk_session import GET_SCRIPT, run_wrk_script

    engine, pages, http = run["engine"], run["pages"], run["http"]
    with server(env) as base:
        for _label, path in pages:
            status, body = get(base, path, run["officer"].cookie)
            if status != 200:
                raise SystemExit(f"GET {path} answered {status}: {body[:400]!r}")
        for label, path in pages:
            listing = tmp / f"paths-{len(http)}"
            listing.write_text(path + "\n")
            run_env = {"BENCH_LOGINS": str(logins), "BENCH_PATHS": str(listing)}
            run_wrk_script(base, GET_SCRIPT, run_env, seconds=2, connections=2)  # warm
            for connections in (1, 4):
                figures = run_wrk_script(
                    base,
                    GET_SCRIPT,
                    run_env,
                    seconds=args.seconds,
                    connections=connections,
                    timeout="60s",
                    connection_close=args.connection_close,
                )
                http.append((label, connections, figures))
                print(f"[{engine}] {label} c={connections}: {json.dumps(figures)}", flush=True)


def report(run: dict, args) -> None:
    from bench.httpload import worker_split

    engine, fill, generated = run["engine"], run["fill"], run["generated"]
    print()
    print(f"== Operations centre benchmark: {engine}, {run['size']} ==")
    print(
        f"{len(run['world'].agencies)} agencies, {args.procedures} procedures; dossiers "
        f"generated in {generated['seconds']:.0f} s; counters (set-up, set-based SQL): "
        f"{fill['daily_rows']:,} daily + {fill['monthly_rows']:,} monthly rows in "
        f"{fill['seconds']:.1f} s; {fill['made_late']:,} ended dossiers made late (1 in 12)"
    )
    if "stock_seconds" in fill:
        print(
            f"Stock of open dossiers at each day's end (stock_rebuild): {fill['stock_days']} days "
            f"in {fill['stock_seconds']:.1f} s"
        )
    levels = run["levels"]
    print("counter rows by level: " + ", ".join(f"{k} {v:,}" for k, v in sorted(levels.items())))
    total = run["comparisons"][0][4]
    print(
        f"year {run['year'].label}: received {total['received']:,}, ended {total['ended']:,}, "
        f"on time {percent(total['ended_on_time'], total['ended'])}, online "
        f"{percent(total['received_online'], total['received'])}; monthly counter rows for "
        f"the year {run['year_monthly_rows']:,}; busiest agency {run['busiest'].code} "
        f"({run['busiest_received']:,} received); month {run['last_month']}"
    )
    if run.get("http"):
        print()
        print(
            f"HTTP, gunicorn 2 workers × 2 threads, wrk {args.seconds} s per run, "
            + ("a new connection per request" if args.connection_close else "keep-alive")
            + "; workers: each worker's cores during the run"
        )
        columns = "".join(f"{c:>9}" for c in ("req/s", "p50 ms", "p95 ms", "p99 ms"))
        print(f"{'page':<32}{'conn':>5}{columns}{'bad':>6}{'workers':>11}")
        for label, connections, f in run["http"]:
            verdict = "meets" if f["p95_ms"] <= P95_TARGET_MS else "MISSES"
            if not f["requests"]:
                print(f"{label:<32}{connections:>5}  no answer within the {args.seconds} s run")
                continue
            print(
                f"{label:<32}{connections:>5}{f['rps']:>9.1f}{f['p50_ms']:>9.1f}"
                f"{f['p95_ms']:>9.1f}{f['p99_ms']:>9.1f}{f['non2xx'] + f['errors']:>6}"
                f"{worker_split(f):>11}  {verdict} p95 ≤ {P95_TARGET_MS} ms"
            )
        for label, path in run["pages"]:
            print(f"  {label}: {path}")
    print()
    print("Same figures (received, online, ended, on time; province and per agency), in-process")
    for name, counters, plain, equal, _total in run["comparisons"]:
        ratio = plain["p50_ms"] / counters["p50_ms"]
        verdict = "meets" if ratio >= RATIO_TARGET else "MISSES"
        print(
            f"  {name}: counters (flows_total + flows_by agency) p50 {counters['p50_ms']:.1f} ms "
            f"p95 {counters['p95_ms']:.1f} ms (n={counters['n']}); plain GROUP BY over dossiers "
            f"p50 {plain['p50_ms']:.1f} ms p95 {plain['p95_ms']:.1f} ms (n={plain['n']}); "
            f"ratio {ratio:,.1f}× ({verdict} ≥ {RATIO_TARGET}×); figures equal: {equal}"
        )
    print()
    print("What the pages call, in-process (p50 / p95 ms)")
    for name, t in run["breakdown"].items():
        print(f"  {name:<40}{t['p50_ms']:>9.1f}{t['p95_ms']:>9.1f}")
    for name, plan in run["plans"].items():
        print(f"\nplan of {name}:\n{plan}")
    rebuild_report(run["rebuild"])


def rebuild_report(rebuild: dict | None) -> None:
    if not rebuild:
        return
    print()
    rate = rebuild["dossiers"] / rebuild["seconds"]
    print(
        f"Rebuild (indicators_rebuild, own database): {rebuild['dossiers']:,} dossiers, "
        f"{rebuild['events']:,} events -> {rebuild['daily_rows']:,} daily rows in "
        f"{rebuild['seconds']:.1f} s = {rate:,.0f} dossiers/s "
        f"({rebuild['events'] / rebuild['seconds']:,.0f} events/s); "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in rebuild["phases"].items())
    )
    print(
        f"  PROJECTION (linear, not measured) for {PROJECTED:,} dossiers: "
        f"{PROJECTED / rate:,.0f} s ≈ {PROJECTED / rate / 3600:.1f} h"
    )
    print(
        "  rebuilt counters equal the set-based fill (all flows but processing hours): "
        f"{rebuild['same_as_fill']} {rebuild['mismatch']}"
    )


def _by_queryset(period, column: str):
    from django.db.models import Sum

    from congso.indicators.models import FLOWS, AgencyMonthlyCounter, MonthlyCounter

    _ranges, months = period.months()
    table = MonthlyCounter if column == "procedure_id" else AgencyMonthlyCounter
    rows = table.objects.filter(month__in=months).values(column)
    return rows.annotate(**{f"sum_{n}": Sum(n) for n in FLOWS})


def _trend_queryset(period, scope):
    from django.db.models import Sum

    from congso.indicators.models import DailyCounter
    from congso.indicators.views import CHARTED

    rows = DailyCounter.objects.filter(scope.q(), day__range=(period.start, period.end))
    return rows.values("day").annotate(**{n: Sum(n) for n in CHARTED}).order_by("day")


if __name__ == "__main__":
    main()
