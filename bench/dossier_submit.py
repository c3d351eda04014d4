# SPDX-License-Identifier: MIT
"""Dossier submission with files and the officer inbox, over HTTP, gunicorn with 2 workers.

    .venv/bin/python bench/dossier_submit.py                # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congso .venv/bin/python bench/dossier_submit.py
    .venv/bin/python bench/dossier_submit.py --quick        # 20,000 dossiers, 10 s runs
    .venv/bin/python bench/dossier_submit.py --connection-close   # as behind a front server

1. Citizens signed in (session cookie + CSRF token) POST `/api/dossiers/with-files`
   (multipart: the `data` JSON and two ~50 KB files, a one-page scanned PDF and a JPEG photo,
   each request's files distinct), each request with its own Idempotency-Key. Every 201's
   dossier code is checked against the database afterwards.
2. In the same server, the ceiling: `/bench/insert`, a Django view that inserts one row in
   one transaction for the signed-in user, posted to the same way.
3. The inbox of an officer (TOTP-verified session) of the busiest agency, with 1,000,000
   dossiers in the database: `GET /api/dossiers/inbox?limit=20` and `GET /can-bo/ho-so/`.

4. After the server stops, the task queue the submissions left is drained by the database
   back-end's worker in this process: the applicant's messages written and sent (e-mail
   dropped), timed. With --with-worker a `manage.py db_worker` runs beside the server during
   the submission runs (its CPU shows as "other"), as deployed, and leaves less to drain.

Submissions and the ceiling run at 1, 4 and 8 wrk connections, the inbox at 1 and 4; the
server is `httpload.server()`: gunicorn, 2 gthread workers × 2 threads, full middleware.
Prints requests/s, p50/p95/p99, non-2xx counts, the gunicorn workers' resident memory, the
inbox query's plan (EXPLAIN ANALYZE on PostgreSQL), row-lock waits sampled from
pg_stat_activity (PostgreSQL) and, per run, the CPU other processes took from the two cores
("other"; each full run first waits up to --wait-idle seconds for the machine to be quiet).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dbsetup import ROOT, django_setup, engine_name, fresh_database_url
from bench.httpload import gunicorn_workers, server, worker_split
from bench.wrk_session import (
    GET_SCRIPT,
    POST_SCRIPT,
    CpuMeter,
    LockSampler,
    run_wrk_script,
    wait_for_quiet,
    worker_memory,
    write_logins,
)

BOUNDARY = "----congsoBenchBoundary7MA4YWxkTrZu0gW"
DOCUMENTS = ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
AGENCY_SLOT = "AAA.AA.AA.AAA"  # 13 characters, replaced per request by an agency code
INBOX_P95_TARGET_MS = 50


def body_parts(procedure_code: str, pdf: bytes, jpeg: bytes, placeholder: bytes):
    """The multipart body cut where each request puts its own pieces (see POST_SCRIPT)."""
    data = json.dumps(
        {
            "procedure_code": procedure_code,
            "receiving_agency": AGENCY_SLOT,
            "applicant_name": "Nguyễn Thị Bình",
            "applicant_email": "binh@example.com",
            "form_data": {"ten_tre": "Nguyễn Văn An", "ngay_sinh": "2025-01-01"},
            "documents": DOCUMENTS,
        },
        ensure_ascii=False,
    ).encode()
    data_before, data_after = data.split(AGENCY_SLOT.encode())
    utf16 = placeholder.decode().encode("utf-16-be")
    pdf_before, pdf_after = pdf.split(utf16)
    jpeg_before, jpeg_after = jpeg.split(placeholder)
    assert pdf.count(utf16) == 1 and jpeg.count(placeholder) == 1

    def file_header(name: str, content_type: str) -> bytes:
        return (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{name}"\r\nContent-Type: {content_type}\r\n\r\n'
        ).encode()

    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="data"\r\n\r\n'.encode()
        + data_before,
        data_after + b"\r\n" + file_header("to-khai.pdf", "application/pdf") + pdf_before,
        pdf_after + b"\r\n" + file_header("chung-sinh.jpg", "image/jpeg") + jpeg_before,
        jpeg_after + f"\r\n--{BOUNDARY}--\r\n".encode(),
    ]
    kinds = ["list:BENCH_AGENCIES", "utf16", "ascii"]
    return parts, kinds


def one_body(parts: list[bytes], kinds: list[str], token: str, agency: str, width: int) -> bytes:
    token = token.ljust(width, "-")
    pieces = {"utf16": token.encode("utf-16-be"), "ascii": token.encode()}
    out = parts[0]
    for kind, part in zip(kinds, parts[1:], strict=True):
        out += pieces.get(kind, agency.encode()) + part
    return out


def post(base: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def get(base: str, path: str, cookie: str) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def codes_written(prefix: Path) -> list[str]:
    codes = []
    for path in prefix.parent.glob(prefix.name + ".*"):
        codes += [line for line in path.read_text().splitlines() if line]
    return codes


def fmt(f: dict) -> str:
    bad = f["non2xx"] + f["errors"]
    return (
        f"{f['rps']:>8.1f}{f['p50_ms']:>9.1f}{f['p95_ms']:>9.1f}{f['p99_ms']:>9.1f}{bad:>8}"
        f"{f.get('busy_cores', 0):>6.2f}{f.get('other_cores', 0):>7.2f}"
        f"  {worker_split(f)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 dossiers, 10 s runs")
    parser.add_argument("--dossiers", type=int, help="dossiers for the inbox (1,000,000)")
    parser.add_argument("--seconds", type=int, help="seconds a run (15)")
    parser.add_argument(
        "--connections", default="1,4,8", help="wrk connections for the submission runs"
    )
    parser.add_argument("--inbox-connections", type=int, default=4)
    parser.add_argument(
        "--connection-close",
        action="store_true",
        help="a new connection for each request, as from a front server without upstream "
        "keep-alive (default: keep-alive connections straight to gunicorn)",
    )
    parser.add_argument("--file-kib", type=int, default=50, help="size of each file (KiB)")
    parser.add_argument(
        "--with-worker",
        action="store_true",
        help="run the task worker (`manage.py db_worker`) beside the server during the "
        "submission runs, on the same two cores, as deployed (default: no worker; the "
        "queue is drained afterwards)",
    )
    parser.add_argument(
        "--wait-idle",
        type=int,
        help="before each run, wait up to this many seconds until other processes use less "
        "than a quarter of a core (default 180; 0 with --quick)",
    )
    args = parser.parse_args()
    dossiers = args.dossiers or (20_000 if args.quick else 1_000_000)
    seconds = args.seconds or (10 if args.quick else 15)
    if args.wait_idle is None:
        args.wait_idle = 0 if args.quick else 180

    database_url = fresh_database_url("dossier_submit")
    engine = engine_name(database_url)
    database = "" if engine == "SQLite" else urlsplit(database_url).path.lstrip("/")
    # Deployed as docs/deploy.md says: static files collected (the pages need the manifest),
    # uploads under a media root of the benchmark's own.
    media = ROOT / "var" / "bench" / f"media-{engine.lower()}"
    shutil.rmtree(media, ignore_errors=True)
    os.environ["CONGSO_MEDIA_ROOT"] = str(media)
    os.environ["CONGSO_STATIC_ROOT"] = str(ROOT / "var" / "bench" / "static")
    django_setup(database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", interactive=False, verbosity=0)

    from bench import dossier_world
    from congso.dossiers.models import Dossier, IdempotentRequest

    started = time.perf_counter()
    world = dossier_world.build_world()
    world_seconds = time.perf_counter() - started
    print(
        f"[{engine}] world: {len(world.agencies)} agencies, {len(world.procedures)} online "
        f"procedures, {len(world.citizens)} citizens ({world_seconds:.1f} s)",
        flush=True,
    )
    generated = dossier_world.generate_dossiers(world, dossiers)
    print(
        f"[{engine}] generated {generated['count']:,} dossiers and {generated['open_tasks']:,} "
        f"open tasks in {generated['seconds']:.1f} s (rows {generated['insert_seconds']:.1f} s, "
        f"then tasks and ANALYZE)",
        flush=True,
    )
    busy = world.agencies[0]
    from congso.dossiers.selectors import OPEN_STATES

    busy_open = Dossier.objects.filter(current_agency=busy, state__in=OPEN_STATES).count()
    busy_total = Dossier.objects.filter(receiving_agency=busy).count()
    before_max_id = Dossier.objects.order_by("-id").values_list("id", flat=True).first() or 0
    before_count = Dossier.objects.count()
    plans = inbox_plans(world)
    connection.close()

    pdf, jpeg, placeholder = dossier_world.sample_files(args.file_kib * 1024)
    parts, kinds = body_parts(world.online_codes[0], pdf, jpeg, placeholder)
    submit_agencies = [a.code for a in world.agencies[20:36]]  # sixteen commune centres

    tmp = Path(tempfile.mkdtemp(prefix="dossier_submit-"))
    env = {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
        "CONGSO_MEDIA_ROOT": os.environ["CONGSO_MEDIA_ROOT"],
        "CONGSO_STATIC_ROOT": os.environ["CONGSO_STATIC_ROOT"],
    }
    part_prefix = tmp / "part."
    for i, part in enumerate(parts):
        Path(f"{part_prefix}{i}").write_bytes(part)
    (tmp / "kinds").write_text("\n".join(kinds) + "\n")
    (tmp / "agencies").write_text("\n".join(submit_agencies) + "\n")
    citizens = write_logins(tmp / "citizens", world.citizens)
    officer = write_logins(tmp / "officer", [world.officer])
    (tmp / "insert.0").write_bytes(b'{"ping": 1}')
    (tmp / "insert-kinds").write_text("")
    codes_prefix = tmp / "codes"
    submit_env = {
        "BENCH_LOGINS": str(citizens),
        "BENCH_PATH": "/api/dossiers/with-files",
        "BENCH_CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "BENCH_PARTS": str(len(parts)),
        "BENCH_PARTS_PREFIX": str(part_prefix),
        "BENCH_PART_KINDS": str(tmp / "kinds"),
        "BENCH_AGENCIES": str(tmp / "agencies"),
        "BENCH_TOKEN_CHARS": str(dossier_world.TOKEN_CHARS),
        "BENCH_CODES": str(codes_prefix),
    }
    insert_env = {
        **submit_env,
        "BENCH_PATH": "/bench/insert",
        "BENCH_CONTENT_TYPE": "application/json",
        "BENCH_PARTS": "1",
        "BENCH_PARTS_PREFIX": str(tmp / "insert."),
        "BENCH_PART_KINDS": str(tmp / "insert-kinds"),
        "BENCH_CODES": str(tmp / "insert-codes"),
    }
    inbox_api = "/api/dossiers/inbox?limit=20"
    inbox_page = "/can-bo/ho-so/"
    citizen = world.citizens[0]
    results: dict = {"submit": [], "insert": [], "inbox": []}
    with server(env) as base:
        port = urlsplit(base).port
        # One of each, by hand, to see the answers are what a browser gets.
        status, body = post(
            base,
            "/api/dossiers/with-files",
            one_body(parts, kinds, "sample-1", submit_agencies[0], dossier_world.TOKEN_CHARS),
            {
                "Cookie": citizen.cookie,
                "X-CSRFToken": citizen.csrftoken,
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                "Idempotency-Key": "sample-1",
            },
        )
        if status != 201:
            raise SystemExit(f"a sample submission answered {status}: {body[:500]!r}")
        sample_codes = [json.loads(body)["code"]]
        print(f"[{engine}] sample submission: {status} {body[:160].decode()}…", flush=True)
        for path in (inbox_api, inbox_page):
            status, body = get(base, path, world.officer.cookie)
            if status != 200:
                raise SystemExit(f"GET {path} answered {status}: {body[:300]!r}")
        results["inbox_count"] = json.loads(get(base, inbox_api, world.officer.cookie)[1])["count"]

        # Warm every worker thread and connection, then measure.
        def measure(script: str, run_env: dict[str, str], connections: int) -> dict:
            waited = 0.0
            if args.wait_idle:
                waited, _other = wait_for_quiet(args.wait_idle, database=database)
            with CpuMeter(database) as cpu, LockSampler(database_url) as locks:
                figures = run_wrk_script(
                    base,
                    script,
                    run_env,
                    seconds=seconds,
                    connections=connections,
                    connection_close=args.connection_close,
                )
            figures["locks"] = locks.summary()
            figures["other_cores"] = cpu.other_cores
            figures["busy_cores"] = cpu.busy_cores
            figures["waited_s"] = round(waited)
            return figures

        get_env = {"BENCH_LOGINS": str(officer)}
        (tmp / "paths-api").write_text(inbox_api + "\n")
        (tmp / "paths-page").write_text(inbox_page + "\n")
        api_env = {**get_env, "BENCH_PATHS": str(tmp / "paths-api")}
        run_wrk_script(base, GET_SCRIPT, api_env, seconds=3, connections=4)
        for connections in sorted({1, args.inbox_connections}):
            for label, listing in (("inbox API", "paths-api"), ("inbox page", "paths-page")):
                run_env = {**get_env, "BENCH_PATHS": str(tmp / listing)}
                figures = measure(GET_SCRIPT, run_env, connections)
                results["inbox"].append((connections, label, figures))
                print(f"[{engine}] {label} c={connections}: {json.dumps(figures)}", flush=True)

        warm = {**submit_env, "BENCH_RUN": "w"}
        run_wrk_script(base, POST_SCRIPT, warm, seconds=3, connections=4)
        worker = task_worker(env) if args.with_worker else None
        for connections in (int(c) for c in args.connections.split(",")):
            insert = measure(
                POST_SCRIPT, {**insert_env, "BENCH_RUN": f"i{connections}"}, connections
            )
            submit = measure(
                POST_SCRIPT, {**submit_env, "BENCH_RUN": f"s{connections}"}, connections
            )
            results["insert"].append((connections, insert))
            results["submit"].append((connections, submit))
            print(f"[{engine}] insert c={connections}: {json.dumps(insert)}", flush=True)
            print(f"[{engine}] submit c={connections}: {json.dumps(submit)}", flush=True)
        memory = [worker_memory(pid) for pid in gunicorn_workers(port)]
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=60)

    # The server has stopped (gunicorn finishes requests in flight first): compare.
    answered = codes_written(codes_prefix) + sample_codes
    created = list(Dossier.objects.filter(id__gt=before_max_id).values_list("code", flat=True))
    stored_keys = IdempotentRequest.objects.exclude(request_hash="-" * 64).count()
    check = {
        "201s": len(answered),
        "distinct codes in 201s": len(set(answered)),
        "dossiers created": len(created),
        "201 codes missing from the database": len(set(answered) - set(created)),
        "created but not seen (in flight when wrk stopped)": len(set(created) - set(answered)),
        "idempotency records": stored_keys,
        "dossiers in the database": Dossier.objects.count(),
        "expected": before_count + len(created),
    }
    explain = explain_inbox(plans)
    drained = drain_tasks()
    media_bytes = sum(p.stat().st_size for p in media.rglob("*") if p.is_file())
    media_files = sum(1 for p in media.rglob("*") if p.is_file())
    connection.close()
    shutil.rmtree(tmp, ignore_errors=True)

    report(
        engine=engine,
        args=args,
        seconds=seconds,
        generated=generated,
        busy=busy,
        busy_open=busy_open,
        busy_total=busy_total,
        pdf=pdf,
        jpeg=jpeg,
        results=results,
        memory=memory,
        check=check,
        explain=explain,
        media=(media_files, media_bytes),
        drained=drained,
    )


def task_worker(env: dict[str, str]) -> subprocess.Popen:
    """`manage.py db_worker` on the benchmark's database, e-mail dropped (no SMTP server)."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.05"],
        cwd=ROOT,
        env={
            **os.environ,
            **env,
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def drain_tasks() -> dict:
    """Run the task queue the submissions left (no worker ran beside the server): each
    submission's task writes the applicant's message, whose own task then sends it. Timed
    in this process with the database back-end's worker, e-mail to a back-end that drops
    it: the work a submission hands to the worker, without an SMTP server's time."""
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    from congso.core.testing import run_due_tasks
    from congso.notify.models import Message

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    messages_before = Message.objects.count()
    queued = DBTaskResult.objects.filter(status="READY").count()
    started = time.perf_counter()
    cpu_started = time.process_time()
    run_due_tasks("bench-drain")
    return {
        "queued": queued,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "messages": Message.objects.count() - messages_before,
        "sent": Message.objects.filter(status="sent").count(),
        "failed_tasks": DBTaskResult.objects.filter(status="FAILED").count(),
    }


def inbox_plans(world) -> dict:
    """The inbox query as the officer's request runs it, for EXPLAIN after the runs."""
    from django.contrib.auth import get_user_model

    from congso.dossiers.selectors import dossier_inbox_for

    officer = get_user_model().objects.get(username=world.officer.username)
    queryset = dossier_inbox_for(user=officer)
    return {"page": queryset[:20], "count": queryset}


def explain_inbox(plans: dict) -> dict[str, str]:
    from django.db import connection

    out = {}
    analyze = {"analyze": True, "buffers": True} if connection.vendor == "postgresql" else {}
    out["page (LIMIT 20)"] = plans["page"].explain(**analyze)
    if connection.vendor == "postgresql":
        out["count"] = plans["count"].order_by().values("pk").explain(**analyze)
    return out


def report(**k) -> None:
    engine, args, results = k["engine"], k["args"], k["results"]
    generated, check = k["generated"], k["check"]
    for name, plan in k["explain"].items():
        print(f"\nEXPLAIN inbox {name}:\n{plan}")
    print()
    print(
        f"dossier_submit — {engine}, gunicorn 2 workers × 2 threads (gthread, full middleware), "
        f"wrk on the same 2 cores, {k['seconds']} s a run, "
        + ("a new connection per request" if args.connection_close else "keep-alive connections")
        + (", the task worker running beside them" if args.with_worker else ", no task worker")
    )
    print(
        f"files: PDF {len(k['pdf']) / 1024:.0f} KiB (one-page scan, pypdf-checked) + "
        f"JPEG {len(k['jpeg']) / 1024:.0f} KiB, distinct per request; "
        f"stored {k['media'][0]:,} objects, {k['media'][1] / 2**20:.0f} MiB"
    )
    print(
        f"dossiers: {generated['count']:,} generated in {generated['seconds']:.1f} s "
        f"({generated['insert_seconds']:.1f} s rows, then {generated['open_tasks']:,} open "
        f"tasks and ANALYZE); states {dict(sorted(generated['states'].items()))}"
    )
    print(
        f"busiest agency {k['busy'].code}: {k['busy_total']:,} dossiers received, "
        f"{k['busy_open']:,} open in its inbox (API count {results['inbox_count']:,})"
    )
    print()
    print(
        f"{'conns':>5}  {'endpoint':<34}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'non2xx':>8}{'cpu':>6}{'other':>7}  workers"
    )

    def notes(name: str, f: dict) -> None:
        if f["first_bad"]:
            print(f"{'':>5}  {name} first non-2xx: {f['first_bad']}")
        if f.get("locks"):
            print(f"{'':>5}  {name}: {f['locks']}")

    for (connections, insert), (_c, submit) in zip(
        results["insert"], results["submit"], strict=True
    ):
        print(f"{connections:>5}  {'minimal insert view (ceiling)':<34}{fmt(insert)}")
        print(f"{connections:>5}  {'submit with 2 files (201)':<34}{fmt(submit)}")
        print(f"{'':>5}  submit / minimal insert throughput: {submit['rps'] / insert['rps']:.2f}")
        notes("insert", insert)
        notes("submit", submit)
    for connections, label, f in results["inbox"]:
        name = "GET /api/dossiers/inbox?limit=20" if label == "inbox API" else "GET /can-bo/ho-so/"
        verdict = "meets" if f["p95_ms"] <= INBOX_P95_TARGET_MS else "MISSES"
        target = f"  {verdict} p95 ≤ 50 ms" if connections == args.inbox_connections else ""
        print(f"{connections:>5}  {name:<34}{fmt(f)}{target}")
        notes(label, f)
    print()
    for label in ("rss", "pss", "uss"):
        figures = ", ".join(f"{m[label]:.0f}" for m in k["memory"])
        print(f"gunicorn workers' {label.upper()} at the end (MiB): {figures}")
    drained = k["drained"]
    if drained["messages"]:
        each = drained["seconds"] / drained["messages"] * 1000
        cpu_each = drained["cpu_seconds"] / drained["messages"] * 1000
        print(
            f"task worker afterwards: {drained['queued']:,} tasks queued, "
            f"{drained['messages']:,} messages written and {drained['sent']:,} sent in "
            f"{drained['seconds']:.1f} s ({each:.1f} ms each, {cpu_each:.1f} ms of its CPU); "
            f"failed tasks {drained['failed_tasks']}"
        )
    print("check: " + "; ".join(f"{key} {value:,}" for key, value in check.items()))
    ok = (
        check["201 codes missing from the database"] == 0
        and check["201s"] == check["distinct codes in 201s"]
        and check["dossiers in the database"] == check["expected"]
        and check["created but not seen (in flight when wrk stopped)"]
        <= sum(int(c) for c in args.connections.split(",")) + 4
        and k["drained"]["failed_tasks"] == 0
    )
    print("check " + ("passed" if ok else "FAILED"))
    print(
        "cpu: both cores' busy time during the run, in cores (2.00: saturated); "
        "other: the part of it used by processes that are not the "
        "benchmark's (wrk, gunicorn, the bench database's PostgreSQL backends, this script): "
        "0 on an idle machine; each run first waited up to "
        f"{args.wait_idle} s for it to fall below 0.25; workers: each gunicorn worker's CPU, "
        "in cores (httpload.WorkerCpu)"
    )


if __name__ == "__main__":
    main()
