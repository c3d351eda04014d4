# SPDX-License-Identifier: MIT
"""Crash safety: kill -9 the outbox worker mid-drain; after a restart every event is at the
national portal exactly once and none is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.utils import timezone

from congso.catalog.models import Procedure
from congso.core.testing import database_url
from congso.dossiers import services
from congso.dossiers.models import Dossier, DossierEvent
from congso.nationalsync.models import OutboxEvent, OutboxState
from congso.nationalsync.protocol import event_key

EVENTS = 50_000
REPO = Path(__file__).resolve().parents[3]


def _worker(portal_url: str, *extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congso.settings",
        "CONGSO_DEMO": "true",
        "DATABASE_URL": database_url(),
        "CONGSO_DVCQG_ENABLED": "true",
        "CONGSO_DVCQG_BASE_URL": portal_url,
        "CONGSO_DVCQG_USERNAME": "congso",
        "CONGSO_DVCQG_PASSWORD": "congso",
        "CONGSO_DVCQG_UNIT_CODE": "000.00.00.H46",
        "CONGSO_DVCQG_BATCH_SIZE": "500",
        "CONGSO_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "dvcqg_sync", *extra],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _fill_outbox(dossier: Dossier) -> None:
    now = timezone.now()
    events = DossierEvent.objects.bulk_create(
        DossierEvent(
            dossier=dossier,
            occurred_at=now,
            action="handover",
            from_state=dossier.state,
            to_state=dossier.state,
            public_note=f"Bước {i}",
        )
        for i in range(EVENTS - 1)
    )
    OutboxEvent.objects.bulk_create(
        (
            OutboxEvent(
                event_id=e.pk,
                dossier_id=dossier.pk,
                with_record=(i % 100 == 0),
                created_at=now,
                next_attempt_at=now,
            )
            for i, e in enumerate(events)
        ),
        batch_size=5000,
    )


@pytest.mark.django_db(transaction=True)
def test_kill_9_mid_drain_loses_nothing_and_duplicates_nothing(world, dvcqg, portal):
    dossier = services.dossier_register(
        procedure=Procedure.objects.get(code="1.000001"),
        receiving_agency=world["centre"],
        channel="direct",
        source="desk",
        applicant_name="Lê Thị Dung",
        actor=world["desk"],
    )
    _fill_outbox(dossier)
    assert OutboxEvent.objects.count() == EVENTS
    keys = {event_key(pk) for pk in OutboxEvent.objects.values_list("event_id", flat=True)}

    worker = _worker(portal.url)
    deadline = time.monotonic() + 180
    while portal.state.summary()["events"] < EVENTS // 3:
        assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the worker made no progress"
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    assert OutboxEvent.objects.filter(state=OutboxState.PENDING).exists()

    restarted = _worker(portal.url, "--until-empty")
    _out, err = restarted.communicate(timeout=600)
    assert restarted.returncode == 0, err.decode()[-2000:]

    progress = {k.split(":", 1)[1] for k in portal.state.events if k.startswith("CapNhat")}
    assert progress == keys  # every event, each held once
    assert OutboxEvent.objects.filter(state=OutboxState.SENT).count() == EVENTS
    assert not OutboxEvent.objects.exclude(state=OutboxState.SENT).exists()
    summary = portal.state.summary()
    assert summary["deliveries"] >= summary["events"]  # resent rows were absorbed
