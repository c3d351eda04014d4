# SPDX-License-Identifier: MIT
"""Notifications rendered and handed to the fake SMS gateway, per second.

    .venv/bin/python bench/notify_send.py                 # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congso .venv/bin/python bench/notify_send.py

1. queue: `notification_send` for N people (event "accepted", Vietnamese, SMS only), each
   in its own transaction as a dossier change would: render the template, write the message,
   enqueue the task in the database task queue after commit.
2. send: the database task worker (django-tasks-db, one process, as `manage.py db_worker`)
   runs every task: claim the message, POST it over HTTP to the fake eSMS gateway (its own
   process), record the answer.
3. with faults: the same with the gateway answering 503 to one request in ten; retries are
   due at once (back-off 0 s) so the worker sends them in the same run.

Prints messages/s for each phase, the per-message latency of phase 2 (p50/p95/p99) and
checks that the gateway accepted each message exactly once.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dbsetup import django_setup, engine_name, fresh_database_url

SMS_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"


def serve_fake(port_queue: multiprocessing.Queue) -> None:
    from congso.notify.fakes import FakeMessaging

    fake = FakeMessaging().start()
    port_queue.put(fake.server.server_address[1])
    while True:
        time.sleep(3600)


def configure(base_url: str) -> None:
    from django.conf import settings

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CONGSO_NOTIFY_SMS_BACKEND = "esms"
    settings.CONGSO_NOTIFY_SMS_URL = (
        base_url + "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
    )
    settings.CONGSO_NOTIFY_SMS_API_KEY = "fake-api-key"
    settings.CONGSO_NOTIFY_SMS_SECRET_KEY = "fake-secret-key"
    settings.CONGSO_NOTIFY_SMS_BRANDNAME = "CONGSO"
    settings.CONGSO_NOTIFY_ZALO_BACKEND = ""
    settings.CONGSO_NOTIFY_EMAIL = False
    settings.CONGSO_NOTIFY_RETRY_BASE_SECONDS = 0


def queue(count: int, prefix: str) -> float:
    from congso.notify.recipients import Recipient
    from congso.notify.services import notification_send

    started = time.perf_counter()
    for n in range(count):
        notification_send(
            event="accepted",
            recipient=Recipient(
                key=f"bench:{prefix}:{n}", name="Nguyễn Văn An", phone="0912345678"
            ),
            context={
                "name": "Nguyễn Văn An",
                "code": f"000.00.01.H46-251103-{n:04d}",
                "procedure": "Đăng ký khai sinh",
                "state": "Đã tiếp nhận",
                "due": "09:00 06/11/2025",
                "tracking_url": f"https://dichvucong.example.vn/tra-cuu-ho-so/?ma={n}&pin=123456",
            },
            key=f"bench:{prefix}:{n}",
        )
    return time.perf_counter() - started


def work() -> tuple[float, list[float]]:
    """Run the worker until the queue is empty; per-task latencies from django-tasks signals."""
    from django_tasks.signals import task_finished, task_started

    from congso.core.testing import run_due_tasks

    starts: dict[str, float] = {}
    latencies: list[float] = []

    def on_start(sender, task_result, **kwargs):
        starts[task_result.id] = time.perf_counter()

    def on_finish(sender, task_result, **kwargs):
        latencies.append(time.perf_counter() - starts.pop(task_result.id, time.perf_counter()))

    task_started.connect(on_start, weak=False)
    task_finished.connect(on_finish, weak=False)
    started = time.perf_counter()
    run_due_tasks("bench")
    elapsed = time.perf_counter() - started
    task_started.disconnect(on_start)
    task_finished.disconnect(on_finish)
    return elapsed, latencies


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def fail_every(base_url: str, every: int) -> None:
    import json
    import urllib.request

    body = json.dumps({"channel": "sms", "every": every}).encode()
    request = urllib.request.Request(base_url + "/_fake/fail", data=body, method="POST")
    urllib.request.urlopen(request).read()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()

    multiprocessing.set_start_method("fork")
    ports: multiprocessing.Queue = multiprocessing.Queue()
    fake_process = multiprocessing.Process(target=serve_fake, args=(ports,), daemon=True)
    fake_process.start()
    base_url = f"http://127.0.0.1:{ports.get(timeout=10)}"

    url = fresh_database_url("notify")
    django_setup(url)
    configure(base_url)
    import json
    import urllib.request

    from congso.notify.models import Message, MessageStatus

    n = args.messages
    print(f"notify_send on {engine_name(url)}: {n} messages, SMS to the fake eSMS gateway")
    print(f"  CPU cores: {os.cpu_count()}; gateway in its own process")

    queued = queue(n, "a")
    print(f"  queue (render + write + enqueue, one transaction each): {n / queued:8.0f} msg/s")
    elapsed, latencies = work()
    sent = Message.objects.filter(status=MessageStatus.SENT).count()
    print(f"  send  (worker: claim + HTTP POST + record):          {sent / elapsed:8.0f} msg/s")
    print(
        f"        per message p50 {pct(latencies, 0.5):.1f} ms, p95 {pct(latencies, 0.95):.1f} ms,"
        f" p99 {pct(latencies, 0.99):.1f} ms (mean {statistics.mean(latencies) * 1000:.1f} ms)"
    )
    print(f"  end to end: {sent / (queued + elapsed):8.0f} msg/s")

    fail_every(base_url, 10)
    queued = queue(n, "b")
    elapsed, _latencies = work()
    sent_b = Message.objects.filter(status=MessageStatus.SENT, key__startswith="bench:b:").count()
    retried = Message.objects.filter(key__startswith="bench:b:", attempts__gt=1).count()
    print(
        f"  with 1 in 10 answered 503: {sent_b / (queued + elapsed):8.0f} msg/s end to end, "
        f"{retried} retried, {n - sent_b} not sent"
    )

    with urllib.request.urlopen(base_url + "/_fake/messages") as response:
        received = json.load(response)
    accepted = [r for r in received if r["answer"].get("CodeResult") == "100"]
    request_ids = {r["payload"]["RequestId"] for r in accepted}
    once = len(request_ids) == len(accepted)
    print(
        f"  gateway: {len(received)} requests, {len(accepted)} accepted, "
        f"{len(request_ids)} distinct messages (each accepted once: {once})"
    )
    fake_process.terminate()


if __name__ == "__main__":
    main()
