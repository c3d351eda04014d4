# SPDX-License-Identifier: MIT
"""The national-portal outbox: draining 1,000,000 events, and what the outbox costs a transition.

    .venv/bin/python bench/national_sync.py                  # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congso .venv/bin/python bench/national_sync.py
    .venv/bin/python bench/national_sync.py --events 100000  # a shorter run

1. Drain: EVENTS dossier events over 10,000 dossiers (one in ten changes the state, so it
   sends the dossier record as well as a progress line) are written to the outbox; the fake
   national portal runs in its own process on loopback; `manage.py dvcqg_sync --until-empty`
   (one worker, batches of 500) sends them all. Prints events/s, the HTTP calls made, and the
   worker's resident memory sampled as it goes (it must stay flat), then checks that the
   portal holds every event once.
2. Cost per transition: 1,000 dossiers accepted with the outbox on and 1,000 with it off,
   interleaved in blocks of 50, median and p95 of each; and the outbox write alone, timed
   inside a transaction as a transition runs it (the INSERT, without a commit of its own).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dbsetup import ROOT, django_setup, engine_name, fresh_database_url
from bench.httpload import free_port


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def portal_state(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/_control/state", timeout=10) as response:
        return json.load(response)


def fill_outbox(events: int, dossiers: int = 10_000) -> float:
    from django.db import connection
    from django.utils import timezone

    from bench.dossier_world import _db_value, _insert, build_world, generate_dossiers
    from congso.dossiers.models import Dossier, DossierEvent

    world = build_world(procedures=50, citizens=1)
    generate_dossiers(world, dossiers)
    ids = list(Dossier.objects.values_list("id", flat=True))
    sqlite = connection.vendor == "sqlite"
    now = timezone.now()
    started = time.perf_counter()
    event_fields = ["dossier_id", "occurred_at", "action", "from_state", "to_state"]
    event_fields += ["public_note", "internal_note", "details"]
    _insert(
        DossierEvent._meta.db_table,
        event_fields,
        (
            [
                ids[i % len(ids)],
                _db_value(now, sqlite),
                "forward" if i % 10 == 0 else "handover",
                "accepted" if i % 10 == 0 else "processing",
                "processing",
                "Chuyển xử lý",
                "",
                "{}",
            ]
            for i in range(events)
        ),
    )
    first = DossierEvent.objects.order_by("id").values_list("id", flat=True).first()
    _insert(
        "nationalsync_outboxevent",
        [
            *("event_id", "dossier_id", "with_record", "state"),
            *("created_at", "next_attempt_at", "attempts", "last_error"),
        ],
        (
            [
                first + i,
                ids[i % len(ids)],
                _db_value(i % 10 == 0, sqlite),
                "pending",
                _db_value(now, sqlite),
                _db_value(now, sqlite),
                0,
                "",
            ]
            for i in range(events)
        ),
    )
    if not sqlite:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def drain(database_url: str, events: int) -> dict:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
        "CONGSO_DVCQG_ENABLED": "true",
        "CONGSO_DVCQG_BASE_URL": f"http://127.0.0.1:{port}",
        "CONGSO_DVCQG_USERNAME": "congso",
        "CONGSO_DVCQG_PASSWORD": "congso",
        "CONGSO_DVCQG_UNIT_CODE": "000.00.00.H46",
        "CONGSO_DVCQG_BATCH_SIZE": "500",
    }
    python = sys.executable
    portal = subprocess.Popen(
        [python, "manage.py", "fake_dvcqg", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                portal_state(url)
                break
            except OSError:
                time.sleep(0.1)
        started = time.perf_counter()
        worker = subprocess.Popen(
            [python, "manage.py", "dvcqg_sync", "--until-empty"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        samples: list[tuple[int, float]] = []
        while worker.poll() is None:
            time.sleep(1.0)
            delivered = portal_state(url)["deliveries"]
            rss = rss_mib(worker.pid)
            if rss:
                samples.append((delivered, rss))
        elapsed = time.perf_counter() - started
        out, err = worker.communicate()
        if worker.returncode != 0:
            raise SystemExit(f"worker failed: {err.decode()[-2000:]}")
        state = portal_state(url)
    finally:
        portal.terminate()
        portal.wait(timeout=10)
    progress = state["calls"].get("CapNhatTienDoHoSoMC", 0)
    return {
        "elapsed": elapsed,
        "events_per_s": events / elapsed,
        "state": state,
        "progress_calls": progress,
        "samples": samples,
        "worker_out": out.decode().strip(),
    }


def transition_cost(blocks: int = 20, per_block: int = 50) -> dict:
    """Accept dossiers with the outbox on and off, interleaved, and time each accept."""
    from django.conf import settings
    from django.db import transaction

    from congso.catalog.models import Procedure
    from congso.core.models import Agency
    from congso.dossiers import services
    from congso.dossiers.models import DossierEvent

    agency = Agency.objects.order_by("id").first()
    from django.contrib.auth import get_user_model

    desk = get_user_model().objects.filter(is_superuser=True).first()
    if desk is None:
        desk = get_user_model().objects.create_superuser("bench-desk", password="x")
    procedure = (
        Procedure.objects.filter(channels__kind="online").first() or Procedure.objects.first()
    )

    def registered(n: int) -> list:
        return [
            services.dossier_register(
                procedure=procedure,
                receiving_agency=agency,
                channel="direct",
                source="desk",
                applicant_name="Người thử",
                actor=desk,
            )
            for _ in range(n)
        ]

    timings: dict[bool, list[float]] = {True: [], False: []}
    for block in range(blocks * 2):
        enabled = block % 2 == 0
        settings.CONGSO_DVCQG_ENABLED = enabled
        for dossier in registered(per_block):
            started = time.perf_counter()
            services.dossier_accept(dossier=dossier, actor=desk)
            timings[enabled].append(time.perf_counter() - started)
    settings.CONGSO_DVCQG_ENABLED = False

    # What the receiver adds inside a transition's transaction: one INSERT, no extra commit.
    from congso.nationalsync.outbox import outbox_write

    settings.CONGSO_DVCQG_ENABLED = True
    events = list(DossierEvent.objects.filter(national_outbox__isnull=True)[:2000])
    insert_times = []
    for event in events:
        with transaction.atomic():
            started = time.perf_counter()
            outbox_write(DossierEvent, event=event)
            insert_times.append(time.perf_counter() - started)
    settings.CONGSO_DVCQG_ENABLED = False

    def stats(values: list[float]) -> tuple[float, float]:
        ordered = sorted(values)
        return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95)] * 1000

    return {
        "on": stats(timings[True]),
        "off": stats(timings[False]),
        "insert": stats(insert_times),
        "n": len(timings[True]),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    database_url = fresh_database_url("national_sync")
    engine = engine_name(database_url)
    django_setup(database_url)
    print(f"# National-portal outbox — {engine}, {args.events:,} events")
    filled = fill_outbox(args.events)
    print(f"outbox written in {filled:.1f} s")
    result = drain(database_url, args.events)
    state = result["state"]
    print(
        f"drain: {result['elapsed']:.1f} s, {result['events_per_s']:,.0f} events/s "
        f"(one worker, batches of 500; {result['progress_calls']:,} progress calls, "
        f"{state['calls'].get('DongBoHoSoMC', 0):,} record calls)"
    )
    held = state["events"]
    expected = args.events + args.events // 10
    print(f"portal holds {held:,} items (expected {expected:,}), duplicates {state['duplicates']}")
    samples = result["samples"]
    if samples:
        picks = [samples[int(len(samples) * f)] for f in (0.1, 0.5, 0.9)] + [samples[-1]]
        rss = ", ".join(f"{d:,} delivered: {m:.0f} MiB" for d, m in picks)
        print(f"worker memory: {rss}; max {max(m for _, m in samples):.0f} MiB")
    cost = transition_cost()
    print(
        f"accept with outbox: median {cost['on'][0]:.2f} ms, p95 {cost['on'][1]:.2f} ms; "
        f"without: median {cost['off'][0]:.2f} ms, p95 {cost['off'][1]:.2f} ms "
        f"({cost['n']} each); added ≈ {cost['on'][0] - cost['off'][0]:.2f} ms"
    )
    median, p95 = cost["insert"]
    print(f"outbox row written inside the transition: median {median:.3f} ms, p95 {p95:.3f} ms")


if __name__ == "__main__":
    main()
