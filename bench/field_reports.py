# SPDX-License-Identifier: MIT
"""Field reports: Open311 POST throughput and the public list with a bounding box.

    .venv/bin/python bench/field_reports.py                 # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congso .venv/bin/python bench/field_reports.py
    .venv/bin/python bench/field_reports.py --quick         # 50,000 reports, 5 s runs
    .venv/bin/python bench/field_reports.py --connection-close  # a connection per request
    .venv/bin/python bench/field_reports.py --reuse --skip-post  # the list again, same rows

Run it under `flock /tmp/bench.lock` on a shared machine, and note the load average.

1. Open311 clients POST `/open311/v2/requests.json` (form-encoded: api_key, service_code,
   lat/long spread over two demo wards, a description, one required attribute), each
   request a new report: routed by point-in-polygon, deadline computed, events and audit
   record written. Every 200 is checked against the database afterwards.
2. 1,000,000 reports in the table (half in the city centre, half over the whole province),
   then the public list `GET /phan-anh/?bbox=…` (HTML, 30 newest in the box) and
   `GET /open311/v2/requests.json?bbox=…&page_size=50`, each request with its own box:
   street-sized (~1 km), district-sized (~5 km) and the whole province.

The server is `httpload.server()`: gunicorn, 2 gthread workers × 2 threads, full middleware;
the load generator is wrk over loopback. Prints requests/s and p50/p95/p99 latency.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dbsetup import (
    ROOT,
    django_setup,
    engine_name,
    existing_database_url,
    fresh_database_url,
)
from bench.httpload import run_wrk, server, worker_split
from bench.wrk_session import run_wrk_script

POST_TARGET_RPS = 300
LIST_P95_TARGET_MS = 30
PROVINCE = (107.00, 15.95, 108.25, 16.80)  # min_lon, min_lat, max_lon, max_lat
CENTRE = (107.52, 16.43, 107.63, 16.49)
HEADER = f"{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'bad':>7}  workers' cores"
OPEN311_BOX = "/open311/v2/requests.json?page_size=50&bbox={bbox}"

POST_SCRIPT = r"""
local counter = 0
local thread_id = 0
local key = os.getenv("BENCH_KEY")
setup = function(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
init = function(args) counter = tid * 10000000 end
request = function()
  counter = counter + 1
  local lat = string.format("%.6f", 16.4505 + (counter % 97) * 0.0001)
  local lon = string.format("%.6f", 107.5655 + (counter % 89) * 0.0004)
  local body = "api_key=" .. key .. "&service_code=rac-thai&lat=" .. lat .. "&long=" .. lon
    .. "&description=Bench+report+" .. counter .. "&attribute%5Bloai%5D=sinh-hoat"
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  if os.getenv("BENCH_CONNECTION_CLOSE") == "1" then headers["Connection"] = "close" end
  return wrk.format("POST", "/open311/v2/requests.json", headers, body)
end
response = function(status, headers, body)
  if status ~= 200 then bad = (bad or 0) + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, ',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
  io.write(string.format('"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def run_post(base: str, key: str, seconds: int, connections: int, close: bool) -> dict:
    return run_wrk_script(
        base,
        POST_SCRIPT,
        {"BENCH_KEY": key},
        seconds=seconds,
        connections=connections,
        timeout="5s",
        connection_close=close,
    )


def setup_world() -> str:
    """Demo units, agencies, categories, boundaries; returns an api_key."""
    from io import StringIO

    from congso.core.agencies import agencies_upsert
    from congso.core.units import units_load_current
    from congso.demo.agencies import demo_agencies
    from congso.feedback import demo, services

    units_load_current()
    agencies_upsert(rows=demo_agencies())
    demo._categories(StringIO())
    demo._boundaries(StringIO())
    _client, key = services.api_client_create(name="bench", rate="none")
    return key


def new_api_key() -> str:
    """A key of its own for a run on a database kept from an earlier run."""
    from congso.feedback import services

    _client, key = services.api_client_create(name=f"bench {time.time():.0f}", rate="none")
    return key


def generate(count: int, seed: int = 7) -> float:
    """`count` public reports, spread as a province's would be, inserted in bulk."""
    from django.db import connection
    from django.utils import timezone

    from congso.feedback.geo import grid_cell
    from congso.feedback.models import Category, FieldReport

    rng = random.Random(seed)
    categories = list(Category.objects.values_list("pk", flat=True))
    now = timezone.now()
    started = time.perf_counter()
    batch: list[FieldReport] = []
    statuses = ["assigned", "in_progress", "answered", "closed"]
    for i in range(count):
        box = CENTRE if i % 2 else PROVINCE
        lat = rng.uniform(box[1], box[3])
        lon = rng.uniform(box[0], box[2])
        status = statuses[i % 4]
        batch.append(
            FieldReport(
                category_id=categories[i % len(categories)], description="Bench",
                description_public="Bench", lat=lat, lon=lon, grid_cell=grid_cell(lat, lon),
                status=status, channel="open311", manage_key_hash="-" * 64,
                created_at=now - timezone.timedelta(seconds=(count - i) * 30),
                closed_at=now if status == "closed" else None,
            )
        )  # fmt: skip
        if len(batch) == 10_000:
            FieldReport.objects.bulk_create(batch)
            batch = []
    if batch:
        FieldReport.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM sets the visibility map that index-only scans need, as
        # autovacuum does for an insert-mostly table in production; SQLite: statistics.
        # Then the generated rows are written out (CHECKPOINT), so that the runs below do
        # not share the disk and the cores with the flushing of a million new rows.
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def list_paths(rng: random.Random, size: float, n: int, template: str) -> list[str]:
    paths = []
    for _ in range(n):
        if size >= 1:
            box = PROVINCE
        else:
            lon = rng.uniform(CENTRE[0] - 0.05, CENTRE[2] + 0.05 - size)
            lat = rng.uniform(CENTRE[1] - 0.03, CENTRE[3] + 0.03 - size)
            box = (lon, lat, lon + size, lat + size)
        paths.append(template.format(bbox=",".join(f"{v:.5f}" for v in box)))
    return paths


def explain(size: float) -> str:
    """The plan of each statement the public list runs for a box of `size` degrees."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from congso.feedback import selectors
    from congso.feedback.geo import Bbox

    lon, lat = CENTRE[0] + 0.0123, CENTRE[1] + 0.0077
    flt = selectors.PublicFilter(bbox=Bbox(lon, lat, lon + size, lat + size))
    with CaptureQueriesContext(connection) as captured:
        selectors.field_report_public_page(flt=flt, limit=30)
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    out = []
    for query in captured.captured_queries:
        out.append(f"  -- {query['sql'][:110]}…")
        with connection.cursor() as cursor:
            cursor.execute(prefix + query["sql"])
            lines = [" ".join(str(c) for c in r) for r in cursor.fetchall()]
        out += ["    " + line for line in lines[:14]] + (["    …"] if len(lines) > 14 else [])
    return "\n".join(out)


def row(label: str, f: dict) -> str:
    bad = f["non2xx"] + f["errors"]
    latency = f"{f['p50_ms']:>9.1f}{f['p95_ms']:>9.1f}{f['p99_ms']:>9.1f}"
    return f"  {label:<40}{f['rps']:>9.1f}{latency}{bad:>7}  {worker_split(f)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="50,000 reports, 5 s runs")
    parser.add_argument("--reports", type=int, help="reports for the list (1,000,000)")
    parser.add_argument("--seconds", type=int, help="seconds a run (15)")
    parser.add_argument("--connections", default="1,4,8")
    parser.add_argument(
        "--connection-close",
        action="store_true",
        help="a new connection per request, as behind a front server without keep-alive",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="the database of an earlier run, no generation"
    )
    parser.add_argument("--skip-post", action="store_true", help="only the list runs")
    parser.add_argument("--skip-list", action="store_true", help="only the POST runs")
    args = parser.parse_args()
    count = args.reports or (50_000 if args.quick else 1_000_000)
    seconds = args.seconds or (5 if args.quick else 15)

    name = "field_reports"
    database_url = existing_database_url(name) if args.reuse else fresh_database_url(name)
    engine = engine_name(database_url)
    os.environ["CONGSO_MEDIA_ROOT"] = str(ROOT / "var" / "bench" / f"media-fr-{engine.lower()}")
    os.environ["CONGSO_STATIC_ROOT"] = str(ROOT / "var" / "bench" / "static")
    django_setup(database_url)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    key = new_api_key() if args.reuse else setup_world()
    env = {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
        "CONGSO_OPEN311_READ_RATE": "",  # one address reads at hundreds a second
    }
    close = args.connection_close
    way = "a new connection per request" if close else "keep-alive connections"
    print(f"[{engine}] Open311 POST /open311/v2/requests.json (target {POST_TARGET_RPS}/s), {way}")
    print(f"  {'run':<40}{HEADER}")
    from congso.feedback.models import FieldReport

    with server(env) as base:
        post_runs = [] if args.skip_post else [int(c) for c in args.connections.split(",")]
        for connections in post_runs:
            before = FieldReport.objects.count()
            figures = run_post(base, key, seconds, connections, args.connection_close)
            written = FieldReport.objects.count() - before
            ok = figures["requests"] - figures["non2xx"] - figures["errors"]
            print(
                row(f"{connections} connection(s)", figures) + f"   rows {written}/{ok}", flush=True
            )
    if args.skip_list:
        return
    if not args.reuse:
        seconds_gen = generate(count)
        print(f"[{engine}] generated {count:,} reports in {seconds_gen:.1f} s", flush=True)
    rng = random.Random(11)
    runs = [
        ("list ~1 km box", list_paths(rng, 0.01, 500, "/phan-anh/?bbox={bbox}")),
        ("list ~5 km box", list_paths(rng, 0.05, 500, "/phan-anh/?bbox={bbox}")),
        ("list whole province", list_paths(rng, 1, 1, "/phan-anh/?bbox={bbox}")),
        ("list, no box", ["/phan-anh/"]),
        (
            "open311 ~1 km box, 50",
            list_paths(rng, 0.01, 500, "/open311/v2/requests.json?page_size=50&bbox={bbox}"),
        ),
        (
            "open311 ~5 km box, 50",
            list_paths(rng, 0.05, 500, "/open311/v2/requests.json?page_size=50&bbox={bbox}"),
        ),
    ]
    total = FieldReport.objects.count()
    print(f"[{engine}] public list over {total:,} reports (target p95 <= {LIST_P95_TARGET_MS} ms)")
    print(f"  {'run (4 connections)':<40}{HEADER}")
    with server(env) as base:
        for label, paths in runs:
            run_wrk(base, paths[:20], seconds=2, connections=4)  # warm up
            figures = run_wrk(base, paths, seconds=seconds, connections=4, connection_close=close)
            print(row(label, figures), flush=True)
        single = run_wrk(base, runs[0][1], seconds=seconds, connections=1, connection_close=close)
        print(row("list ~1 km box, 1 connection", single))
    print(f"[{engine}] plan of the ~1 km box query:\n{explain(0.01)}")
    print(f"[{engine}] plan of the ~5 km box query:\n{explain(0.05)}")


if __name__ == "__main__":
    main()
