# SPDX-License-Identifier: MIT
"""The outbox towards the national portal: written with the event, sent once in effect."""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
from django.db import transaction
from django.utils import timezone

from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.helpers import submit
from congso.nationalsync.client import NationalPortalClient
from congso.nationalsync.models import OutboxEvent, OutboxState, ProcedureMapping, StatusMapping
from congso.nationalsync.sender import backoff_seconds, outbox_drain_once, outbox_replay

pytestmark = pytest.mark.django_db


def _dossier(client, world) -> Dossier:
    response = submit(client, world["alice"])
    assert response.status_code == 201, response.content
    return Dossier.objects.get(code=response.json()["code"])


def _progress(portal) -> dict[str, dict]:
    return {
        key: item
        for key, item in portal.state.events.items()
        if key.startswith("CapNhatTienDoHoSoMC:")
    }


def _ready(ids=None) -> None:
    """Let deferred rows be tried now (instead of waiting out their back-off)."""
    rows = OutboxEvent.objects.filter(state=OutboxState.PENDING)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    rows.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


def test_each_reportable_event_writes_one_row_with_it(client, world, dvcqg):
    dossier = _dossier(client, world)
    assert list(OutboxEvent.objects.values_list("dossier_id", "with_record", "state")) == [
        (dossier.pk, True, "pending")
    ]
    services.dossier_accept(dossier=dossier, actor=world["desk"])
    assert OutboxEvent.objects.count() == 2
    assert OutboxEvent.objects.filter(event__action="accept", with_record=True).exists()


def test_a_rolled_back_change_leaves_no_row(client, world, dvcqg):
    dossier = _dossier(client, world)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.dossier_accept(dossier=dossier, actor=world["desk"])
        raise RuntimeError("crash before commit")
    assert OutboxEvent.objects.count() == 1
    assert Dossier.objects.get(pk=dossier.pk).state == "awaiting_reception"


def test_nothing_is_written_when_the_link_is_off(client, world, settings):
    settings.CONGSO_DVCQG_ENABLED = False
    _dossier(client, world)
    assert OutboxEvent.objects.count() == 0


def test_drain_sends_records_and_progress_in_the_portal_shape(
    client, world, portal, national_client
):
    dossier = _dossier(client, world)
    services.dossier_accept(dossier=dossier, actor=world["desk"])
    result = outbox_drain_once(national_client)
    assert (result.claimed, result.sent, result.dead) == (2, 2, 0)
    assert OutboxEvent.objects.filter(state=OutboxState.SENT).count() == 2
    record = portal.state.records[dossier.code]
    dossier.refresh_from_db()
    assert record["TrangThaiHoSo"] == 2
    assert record["MaTTHC"] == dossier.procedure.code
    assert record["KenhThucHien"] == 2
    assert record["ChuHoSo"] == "Nguyễn Thị Bình"
    assert re.fullmatch(r"\d{14}", record["NgayTiepNhan"])
    local = timezone.localtime(dossier.accepted_at, dt.timezone(dt.timedelta(hours=7)))
    assert record["NgayTiepNhan"] == local.strftime("%Y%m%d%H%M%S")
    assert record["NgayHenTra"] == timezone.localtime(
        dossier.due_at, dt.timezone(dt.timedelta(hours=7))
    ).strftime("%Y%m%d%H%M%S")
    progress = _progress(portal)
    assert [item["TrangThai"] for item in progress.values()] == [1, 2]
    assert all(item["MaHoSo"] == dossier.code for item in progress.values())
    assert portal.state.calls["DongBoHoSoMC"] == 2  # one new record, one update


def test_mapping_tables_change_what_is_sent(client, world, portal, national_client):
    dossier = _dossier(client, world)
    ProcedureMapping.objects.create(procedure=dossier.procedure, national_code="2.999999")
    StatusMapping.objects.filter(state="awaiting_reception").update(national_code=4)
    outbox_drain_once(national_client)
    record = portal.state.records[dossier.code]
    assert record["MaTTHC"] == "2.999999"
    assert record["TrangThaiHoSo"] == 4


def test_a_state_mapped_to_nothing_is_not_reported(client, world, portal, national_client):
    StatusMapping.objects.filter(state="awaiting_reception").update(national_code=None)
    _dossier(client, world)
    result = outbox_drain_once(national_client)
    assert result.sent == 1
    assert portal.state.summary()["events"] == 0


def test_redelivery_after_a_crash_has_no_second_effect(client, world, portal, national_client):
    dossier = _dossier(client, world)
    services.dossier_accept(dossier=dossier, actor=world["desk"])
    outbox_drain_once(national_client)
    before = portal.state.summary()
    # As if the worker died after sending, before marking: the rows are pending again.
    OutboxEvent.objects.update(state=OutboxState.PENDING, sent_at=None)
    assert outbox_drain_once(national_client).sent == 2
    after = portal.state.summary()
    assert after["events"] == before["events"] == 4  # 2 records + 2 progress lines, once
    assert after["duplicates"] == 4


def test_a_server_error_defers_the_batch_with_backoff(client, world, portal, national_client):
    _dossier(client, world)
    portal.state.fail_statuses = [503]
    result = outbox_drain_once(national_client)
    assert (result.sent, result.deferred, result.dead) == (0, 1, 0)
    row = OutboxEvent.objects.get()
    assert row.state == "pending" and row.attempts == 1
    assert "503" in row.last_error
    assert row.next_attempt_at > timezone.now() + dt.timedelta(seconds=4)
    assert outbox_drain_once(national_client).claimed == 0  # waits out its back-off
    _ready()
    assert outbox_drain_once(national_client).sent == 1
    assert OutboxEvent.objects.get().state == "sent"


def test_later_events_never_overtake_a_deferred_one(client, world, portal, national_client):
    dossier = _dossier(client, world)
    portal.state.fail_statuses = [502]
    outbox_drain_once(national_client)
    services.dossier_accept(dossier=dossier, actor=world["desk"])
    assert outbox_drain_once(national_client).claimed == 0
    assert portal.state.summary()["events"] == 0
    _ready()
    assert outbox_drain_once(national_client).sent == 2
    assert [i["TrangThai"] for i in _progress(portal).values()] == [1, 2]


def test_after_the_last_attempt_an_event_is_dead_lettered_and_can_be_replayed(
    client, world, portal, national_client
):
    _dossier(client, world)
    portal.state.fail_statuses = [500, 500, 500]
    for _attempt in range(3):
        _ready()
        outbox_drain_once(national_client)
    row = OutboxEvent.objects.get()
    assert (row.state, row.attempts) == ("dead", 3)
    assert "500" in row.last_error
    assert outbox_drain_once(national_client).claimed == 0
    assert outbox_replay(ids=[row.pk]) == 1
    assert outbox_drain_once(national_client).sent == 1


def test_a_rejected_dossier_is_isolated_and_the_rest_goes_through(
    client, world, portal, national_client
):
    dossiers = [_dossier(client, world) for _ in range(5)]
    portal.state.rejected_codes = {dossiers[2].code}
    result = outbox_drain_once(national_client)
    assert (result.sent, result.dead) == (4, 1)
    dead = OutboxEvent.objects.get(state="dead")
    assert dead.dossier_id == dossiers[2].pk
    assert "400" in dead.last_error and dossiers[2].code in dead.last_error
    assert set(portal.state.records) == {d.code for d in dossiers} - {dossiers[2].code}


def test_an_expired_session_is_renewed(client, world, portal, national_client):
    _dossier(client, world)
    outbox_drain_once(national_client)
    portal.state.sessions.clear()
    services.dossier_accept(dossier=Dossier.objects.get(), actor=world["desk"])
    assert outbox_drain_once(national_client).sent == 1
    assert portal.state.logins == 2


def test_wrong_credentials_are_retried_not_dead_lettered(client, world, portal, dvcqg):
    _dossier(client, world)
    national = NationalPortalClient(password="wrong")
    result = outbox_drain_once(national)
    national.close()
    assert result.deferred == 1
    row = OutboxEvent.objects.get()
    assert row.state == "pending" and "log-in refused" in row.last_error


def test_a_slow_portal_times_out_and_is_retried(client, world, portal, dvcqg):
    _dossier(client, world)
    national = NationalPortalClient(http=httpx.Client(timeout=0.2))
    national.login()
    portal.state.slow_seconds = 0.6
    result = outbox_drain_once(national)
    assert result.deferred == 1
    assert "time-out" in OutboxEvent.objects.get().last_error
    portal.state.slow_seconds = 0
    _ready()
    assert outbox_drain_once(national).sent == 1
    national.close()


def test_an_unreachable_portal_is_retried(client, world, dvcqg):
    _dossier(client, world)
    national = NationalPortalClient(base_url="http://127.0.0.1:9")  # nothing listens there
    assert outbox_drain_once(national).deferred == 1
    assert "connection failed" in OutboxEvent.objects.get().last_error
    national.close()


def test_backoff_grows_exponentially_with_jitter_and_a_ceiling(settings):
    settings.CONGSO_DVCQG_BACKOFF_BASE_SECONDS = 5.0
    settings.CONGSO_DVCQG_BACKOFF_MAX_SECONDS = 60.0
    for _ in range(50):
        assert 2.5 <= backoff_seconds(1) <= 5.0
        assert 10.0 <= backoff_seconds(3) <= 20.0
        assert 30.0 <= backoff_seconds(12) <= 60.0
    assert len({round(backoff_seconds(3), 6) for _ in range(20)}) > 1


@pytest.mark.django_db(transaction=True)
def test_only_one_worker_drains_at_a_time():
    from django.db import connection, connections

    from congso.nationalsync.sender import drainer_lock_try

    assert drainer_lock_try()
    if connection.vendor != "postgresql":
        return  # one writer on SQLite: nothing to exclude
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [0x44564351])
            assert cursor.fetchone()[0] is False
    finally:
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock_all()")


def test_the_pipelined_drain_sends_everything_in_order(client, world, portal, national_client):
    from congso.nationalsync.sender import outbox_drain

    dossiers = [_dossier(client, world) for _ in range(7)]
    portal.state.rejected_codes = {dossiers[3].code}
    result = outbox_drain(national_client, batch_size=2)
    assert (result.sent, result.dead) == (6, 1)
    keys = [k for k in portal.state.events if k.startswith("CapNhatTienDoHoSoMC:")]
    ids = [int(k.rsplit("-", 1)[1]) for k in keys]
    assert ids == sorted(ids)  # in the order they were written


def test_the_pipelined_drain_stops_at_a_transient_failure(client, world, portal, national_client):
    from congso.nationalsync.sender import outbox_drain

    for _ in range(6):
        _dossier(client, world)
    # Log-in, then two calls per batch (new records, progress): the second batch fails.
    portal.state.fail_statuses = [0, 0, 0, 503]
    result = outbox_drain(national_client, batch_size=2)
    assert (result.sent, result.deferred) == (2, 2)
    assert "503" in result.error
    rows = list(OutboxEvent.objects.order_by("id").values_list("state", "attempts"))
    # The batch built behind the failed one was not sent: it waits its turn, untouched.
    assert rows == [("sent", 0)] * 2 + [("pending", 1)] * 2 + [("pending", 0)] * 2


def test_the_pipelined_drain_marks_every_batch_it_delivered(client, world, portal, national_client):
    from congso.nationalsync.sender import outbox_drain

    for _ in range(7):
        _dossier(client, world)
    result = outbox_drain(national_client, batch_size=2)
    assert (result.claimed, result.sent) == (7, 7)
    # The last batch is marked too (each is marked while the next one is on the wire).
    assert not OutboxEvent.objects.exclude(state=OutboxState.SENT).exists()
    assert portal.state.summary()["duplicates"] == 0


def test_dates_formatted_by_the_database_are_national_time(client, world, dvcqg):
    from congso.nationalsync.protocol import item_values, national_time

    dossier = _dossier(client, world)
    services.dossier_accept(dossier=dossier, actor=world["desk"])
    dossier.refresh_from_db()
    rows = list(item_values(OutboxEvent.objects.order_by("id")))
    assert rows[-1]["accepted"] == national_time(dossier.accepted_at) != ""
    assert rows[-1]["due"] == national_time(dossier.due_at) != ""
    assert rows[0]["submitted"] == national_time(dossier.submitted_at)
    assert rows[0]["returned"] == national_time(None) == ""
    event = dossier.events.order_by("id").last()
    assert rows[-1]["occurred"] == national_time(event.occurred_at)
