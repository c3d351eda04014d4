# SPDX-License-Identifier: MIT
"""The audit log: records chain, tampering is found by sequence number, writers take turns."""

from __future__ import annotations

import threading
import unicodedata
import uuid
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, connections, transaction
from django.db.transaction import TransactionManagementError
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from congso.core.audit import (
    ALTERED,
    ANCHOR,
    BROKEN_LINK,
    HEAD,
    MISSING,
    TRUNCATED,
    AuditChainError,
    audit_is_secret_key,
    audit_record,
    audit_verify,
    request_client_ip,
)
from congso.core.models import (
    AUDIT_GENESIS_HASH,
    AuditAppendOnlyError,
    AuditChainHead,
    AuditEvent,
    CalendarOverride,
)

TABLE = AuditEvent._meta.db_table
HEAD_TABLE = AuditChainHead._meta.db_table


def _sql(statement: str, params: list | None = None) -> None:
    """Tamper as someone with database access would: below the ORM's guards."""
    with connection.cursor() as cursor:
        cursor.execute(statement.format(t=TABLE, h=HEAD_TABLE), params or [])


def _write(count: int, **kwargs) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit_record(actor=None, action="test.write", changes={"n": n}, **kwargs)
            for n in range(count)
        ]


def _problems(kind: str | None = None) -> list[tuple[str, int, int | None]]:
    result = audit_verify()
    return [(p.kind, p.sequence, p.until) for p in result.problems if kind in (None, p.kind)]


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user(username="lan.nt", full_name="Nguyễn Thị Lan")


# --- writing -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_records_chain_from_genesis_and_verify(officer):
    target = CalendarOverride.objects.create(date=date(2025, 9, 1), kind="day_off", reason="Lễ")
    with transaction.atomic():
        first = audit_record(
            actor=officer,
            action="calendar.change",
            target=target,
            changes={"kind": [None, "day_off"]},
            note="Quyết định 123",
        )
        second = audit_record(actor=None, action="catalog.import")

    assert (first.sequence, second.sequence) == (1, 2)
    assert first.prev_hash == AUDIT_GENESIS_HASH
    assert second.prev_hash == first.hash
    stored = AuditEvent.objects.get(sequence=1)
    assert stored.actor == officer
    assert stored.actor_label == "lan.nt"
    assert stored.target_type == "core.calendaroverride"
    assert stored.target_id == str(target.pk)
    assert stored.target_label == str(target)
    assert stored.changes == {"kind": [None, "day_off"]}
    assert stored.compute_hash() == stored.hash
    assert AuditEvent.objects.get(sequence=2).actor_label == "system"
    head = AuditChainHead.objects.get()
    assert (head.last_sequence, head.last_hash) == (2, second.hash)
    result = audit_verify()
    assert result.ok
    assert (result.checked, result.last_sequence, result.last_hash) == (2, 2, second.hash)


@pytest.mark.django_db
def test_the_head_is_held_for_as_few_statements_as_possible(officer):
    """Every audited write takes turns on the head's row lock: after the locking read,
    PostgreSQL writes the record and moves the head in one statement, SQLite in two."""
    with transaction.atomic():
        audit_record(actor=None, action="catalog.import")  # the head exists from here on
        with CaptureQueriesContext(connection) as captured:
            record = audit_record(actor=officer, action="calendar.change", note="Lễ")
    statements = [query["sql"] for query in captured.captured_queries]
    assert "FOR UPDATE" in statements[0] or connection.vendor != "postgresql"
    assert len(statements) == (2 if connection.vendor == "postgresql" else 3)
    head = AuditChainHead.objects.get()
    assert (head.last_sequence, head.last_hash) == (2, record.hash)
    assert AuditEvent.objects.get(sequence=2).hash == record.hash
    assert audit_verify().ok


@pytest.mark.django_db
def test_empty_log_verifies():
    result = audit_verify()
    assert result.ok
    assert result.checked == 0


@pytest.mark.django_db
def test_values_read_back_from_the_database_hash_the_same():
    """What the database gives back (jsonb, inet, timestamptz) must hash as what was written."""
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Ánh")
    with transaction.atomic():
        event = audit_record(
            actor=AnonymousUser(),
            action="dossier.view",
            changes={
                "name": nfd,
                "when": datetime(2025, 7, 1, 8, 30, 0, 123456, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
                "day": date(2025, 7, 1),
                "fee": Decimal("150000.00"),
                "id": uuid.UUID(int=7),
                "ratio": 0.1,
                "whole": 3.0,
                "huge": 1e300,
                "negative_zero": -0.0,
                "tiny": 5e-324,
                "big": 2**70,
                "pair": ("a", 1),
                "nested": {"b": [True, None, {"z": "\x00nul"}], "a": "Huế"},
                2: "int key",
            },
            note=nfd,
            request=RequestFactory().get(
                "/", REMOTE_ADDR="2001:0DB8:0:0:1:0:0:1", HTTP_USER_AGENT="Zalo/1.0 " + "x" * 400
            ),
        )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.note == unicodedata.normalize("NFC", nfd)
    assert stored.changes["name"] == "Nguyễn Văn Ánh"
    assert stored.changes["fee"] == "150000.00"
    assert stored.changes["huge"] == int(1e300)
    assert stored.changes["nested"]["b"][2] == {"z": "nul"}
    assert stored.changes["2"] == "int key"
    assert stored.ip_address == "2001:db8::1:0:0:1"
    assert len(stored.user_agent) == 255
    assert stored.actor is None
    assert stored.actor_label == "anonymous"
    assert stored.compute_hash() == stored.hash == event.hash
    assert audit_verify().ok


@pytest.mark.django_db
def test_secrets_are_stripped_at_every_depth():
    with transaction.atomic():
        event = audit_record(
            actor=None,
            action="account.change",
            changes={
                "password": ["a", "b"],
                "newPassword1": "x",
                "profile": {
                    "api_token": "t",
                    "name": "Lan",
                    "items": [{"otp_code": "123456", "ok": 1}, {"client-secret": "s"}],
                },
                "Authorization": "Bearer z",
                "signing_pin": "0000",
                "footprint": 3,
                "pinned": True,
            },
        )
    expected = {
        "profile": {"name": "Lan", "items": [{"ok": 1}, {}]},
        "footprint": 3,
        "pinned": True,
    }
    assert event.changes == expected
    assert AuditEvent.objects.get(pk=event.pk).changes == expected


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("password", True),
        ("old_password", True),
        ("totp", True),
        ("OTP", True),
        ("private_key", True),
        ("csrfmiddlewaretoken", True),
        ("sessionid", True),
        ("footprint", False),
        ("status", False),
        ("spinner", False),
        ("keyword", False),
    ],
)
def test_secret_keys(key, secret):
    assert audit_is_secret_key(key) is secret


@pytest.mark.django_db
def test_request_gives_address_agent_and_request_id():
    request = RequestFactory().post(
        "/",
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
        HTTP_X_REQUEST_ID="req-42",
    )
    with transaction.atomic():
        event = audit_record(actor=None, action="file.download", request=request)
    stored = AuditEvent.objects.get(pk=event.pk)
    # No proxy is trusted by default: X-Forwarded-For is the client's own claim.
    assert stored.ip_address == "203.0.113.7"
    assert stored.user_agent == "Mozilla/5.0"
    assert stored.request_id == "req-42"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1", "10.0.0.1"),
        (1, "6.6.6.6, 198.51.100.1", "10.0.0.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "10.0.0.1", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.1", "10.0.0.1"),  # fewer hops than proxies: the peer
        (1, "[2001:db8::7]:443", "10.0.0.1", "2001:db8::7"),
        (1, "198.51.100.1:5678", "10.0.0.1", "198.51.100.1"),
        (0, "", "::ffff:203.0.113.7", "203.0.113.7"),
        (1, "unknown", "10.0.0.1", None),
        (0, "", "", None),
    ],
)
def test_client_ip_trusts_forwarded_for_only_through_configured_proxies(
    proxies, forwarded, remote, expected
):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(CONGSO_TRUSTED_PROXY_COUNT=proxies):
        assert request_client_ip(request) == expected


@pytest.mark.django_db
def test_bad_request_id_is_not_kept():
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="<script>" * 20)
    with transaction.atomic():
        assert audit_record(actor=None, action="dossier.view", request=request).request_id == ""


@pytest.mark.django_db
def test_action_must_be_a_dotted_name():
    with transaction.atomic(), pytest.raises(ValueError):
        audit_record(actor=None, action="Dossier viewed")


@pytest.mark.django_db
def test_saved_records_cannot_be_changed_or_deleted():
    (event,) = _write(1)
    event.note = "changed"
    with pytest.raises(AuditAppendOnlyError):
        event.save()
    with pytest.raises(AuditAppendOnlyError):
        event.delete()
    with pytest.raises(AuditAppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(note="changed")
    with pytest.raises(AuditAppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AuditAppendOnlyError):
        AuditEvent.objects.bulk_create([AuditEvent(sequence=9)])
    assert AuditEvent.objects.get().note == ""


@pytest.mark.django_db
def test_a_record_with_a_wrong_hash_or_a_taken_number_is_refused():
    (event,) = _write(1)
    forged = AuditEvent(
        sequence=1,
        occurred_at=event.occurred_at,
        actor_label="system",
        action="test.write",
        prev_hash=AUDIT_GENESIS_HASH,
        hash="f" * 64,
    )
    with pytest.raises(AuditAppendOnlyError):
        forged.save()
    forged.hash = forged.compute_hash()
    with transaction.atomic(), pytest.raises(IntegrityError):
        forged.save()  # an INSERT, never an UPDATE of record 1
    assert AuditEvent.objects.get().hash == event.hash


@pytest.mark.django_db
def test_a_deleted_head_stops_further_writes():
    _write(2)
    _sql("DELETE FROM {h}")
    assert _problems(HEAD) == [(HEAD, 2, None)]
    with transaction.atomic(), pytest.raises(AuditChainError):
        audit_record(actor=None, action="test.write")


# --- verifying -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_altered_record_is_named():
    _write(5)
    _sql("UPDATE {t} SET note = %s WHERE sequence = %s", ["sửa lén", 3])
    assert _problems() == [(ALTERED, 3, None)]


@pytest.mark.django_db
def test_values_no_record_could_hold_are_reported_not_crashed_on():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's inet column refuses anything but an address")
    _write(3)
    _sql("UPDATE {t} SET ip_address = 'not an address' WHERE sequence = 1")
    _sql("UPDATE {t} SET changes = '{{\"n\": 1e999}}' WHERE sequence = 2")
    assert _problems() == [(ALTERED, 1, None), (ALTERED, 2, None)]


@pytest.mark.django_db
def test_an_altered_record_with_a_recomputed_hash_breaks_the_next_link():
    events = _write(5)
    tampered = AuditEvent.objects.get(sequence=3)
    tampered.note = "sửa lén"
    _sql(
        "UPDATE {t} SET note = %s, hash = %s WHERE sequence = 3",
        ["sửa lén", tampered.compute_hash()],
    )
    assert _problems() == [(BROKEN_LINK, 4, None)]
    assert events[3].prev_hash == events[2].hash


@pytest.mark.django_db
def test_swapped_records_are_found():
    _write(4)
    _sql("UPDATE {t} SET sequence = 100 WHERE sequence = 2")
    _sql("UPDATE {t} SET sequence = 2 WHERE sequence = 3")
    _sql("UPDATE {t} SET sequence = 3 WHERE sequence = 100")
    kinds = {(kind, sequence) for kind, sequence, _ in _problems()}
    assert {(ALTERED, 2), (ALTERED, 3)} <= kinds


@pytest.mark.django_db
def test_deleted_records_in_the_middle_are_missing():
    _write(8)
    _sql("DELETE FROM {t} WHERE sequence = 3")
    _sql("DELETE FROM {t} WHERE sequence IN (5, 6)")
    assert _problems() == [(MISSING, 3, None), (MISSING, 5, 6)]


@pytest.mark.django_db
def test_a_deleted_first_record_is_missing():
    _write(3)
    _sql("DELETE FROM {t} WHERE sequence = 1")
    assert _problems() == [(MISSING, 1, None)]


@pytest.mark.django_db
def test_deleted_last_records_are_found_through_the_head():
    _write(5)
    _sql("DELETE FROM {t} WHERE sequence >= 4")
    assert _problems() == [(TRUNCATED, 4, 5)]


@pytest.mark.django_db
def test_a_head_that_disagrees_with_its_record_is_found():
    _write(3)
    _sql("UPDATE {h} SET last_hash = %s", ["a" * 64])
    assert _problems() == [(HEAD, 3, None)]


@pytest.mark.django_db
def test_records_the_head_does_not_know_are_found():
    _write(3)
    _sql("UPDATE {h} SET last_sequence = 2, last_hash = (SELECT hash FROM {t} WHERE sequence = 2)")
    assert _problems() == [(HEAD, 3, None)]


@pytest.mark.django_db
def test_anchors_catch_a_rewritten_chain():
    events = _write(3)
    assert audit_verify(anchors={2: events[1].hash}).ok
    result = audit_verify(anchors={2: "b" * 64, 9: events[2].hash})
    assert [(p.kind, p.sequence) for p in result.problems] == [(ANCHOR, 2), (ANCHOR, 9)]


@pytest.mark.django_db
def test_problems_are_capped_but_counted():
    _write(6)
    _sql("UPDATE {t} SET note = 'x'")
    result = audit_verify(max_problems=2, chunk_size=2)
    assert result.problem_count == 6
    assert [p.sequence for p in result.problems] == [1, 2]


@pytest.mark.django_db
def test_command_reports_and_fails_on_problems(capsys):
    events = _write(3)
    call_command("verify_audit")
    assert f"3:{events[2].hash}" in capsys.readouterr().out  # the anchor to keep
    call_command("verify_audit", anchor=[f"3:{events[2].hash}"], chunk_size=1)

    _sql("UPDATE {t} SET action = 'test.other' WHERE sequence = 2")
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit")
    assert failure.value.returncode == 1
    assert "#2 altered" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("verify_audit", anchor=["3:nothex"])


# --- transactions and concurrency ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_command_line_exit_status():
    """The real entry point: exit status 0 for an intact chain, 1 once a record is altered."""
    _write(2)
    execute_from_command_line(["manage.py", "verify_audit"])  # no SystemExit: status 0
    _sql("UPDATE {t} SET note = 'x' WHERE sequence = 1")
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "verify_audit"])
    assert exit_.value.code == 1


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    with pytest.raises(TransactionManagementError):
        audit_record(actor=None, action="test.write")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_consecutive_numbers_on_one_chain():
    """8 threads, each with its own connection, append 25 records at once: 1..200, no fork."""
    threads, per_thread = 8, 25
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def append(worker: int) -> None:
        try:
            start.wait()
            for n in range(per_thread):
                with transaction.atomic():
                    audit_record(
                        actor=None, action="test.concurrent", changes={"w": worker, "n": n}
                    )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=append, args=(w,)) for w in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    total = threads * per_thread
    rows = list(AuditEvent.objects.values_list("sequence", "changes"))
    assert [sequence for sequence, _ in rows] == list(range(1, total + 1))
    assert sorted((c["w"], c["n"]) for _, c in rows) == [
        (w, n) for w in range(threads) for n in range(per_thread)
    ]
    result = audit_verify()
    assert result.ok, result.problems
    assert result.checked == total
    assert AuditChainHead.objects.get().last_sequence == total
