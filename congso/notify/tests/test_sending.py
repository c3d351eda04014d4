# SPDX-License-Identifier: MIT
"""Sending through the fake providers over HTTP: retries, fall-back, never twice."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from congso.core.testing import run_due_tasks
from congso.notify import services
from congso.notify.models import Message, MessageStatus
from congso.notify.recipients import Recipient
from congso.notify.tasks import message_send

from .conftest import PAYMENT_CONTEXT

pytestmark = pytest.mark.django_db


def send(person, *, event="payment_due", key="payment:1", capture=None, **kwargs):
    """notification_send in a transaction of its own, with the enqueue run after commit."""
    with capture(execute=True):
        return services.notification_send(
            event=event, recipient=person, context=PAYMENT_CONTEXT, key=key, **kwargs
        )


def test_fails_twice_then_succeeds_through_the_task_queue(
    db_tasks, providers, person, django_capture_on_commit_callbacks
):
    providers.fail("zalo", times=2, mode="5xx")
    message = send(person, capture=django_capture_on_commit_callbacks)
    assert message.channel == "zalo" and message.address == "84912345678"

    run_due_tasks()  # first try: HTTP 503
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    assert "HTTP 503" in message.last_error
    first_retry = message.next_attempt_at
    assert first_retry - timezone.now() > dt.timedelta(seconds=50)  # back-off: 60 s
    retry_task = DBTaskResult.objects.filter(status="READY").get()
    assert retry_task.run_after == first_retry  # re-enqueued with run_after

    run_due_tasks()  # not due yet: nothing happens
    message.refresh_from_db()
    assert message.attempts == 1

    with time_machine.travel(first_retry + dt.timedelta(seconds=1)):
        run_due_tasks()  # second try: 503 again, next back-off is 4 minutes
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 2)
    assert message.next_attempt_at - first_retry > dt.timedelta(minutes=3)

    with time_machine.travel(message.next_attempt_at + dt.timedelta(seconds=1)):
        run_due_tasks()  # third try goes through
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 3, "")
    assert len(providers.received("zalo")) == 3
    [accepted] = providers.accepted("zalo")
    assert message.provider_message_id == accepted["answer"]["data"]["msg_id"]
    assert accepted["headers"]["access_token"] == "fake-zalo-token"
    payload = accepted["payload"]
    assert payload["phone"] == "84912345678" and payload["template_id"] == "300004"
    assert payload["tracking_id"] == str(message.public_id)
    assert payload["template_data"]["dossier_code"] == PAYMENT_CONTEXT["code"]
    assert Message.objects.count() == 1  # no fall-back was needed
    assert providers.received("sms") == [] and mail.outbox == []


def test_falls_back_from_zalo_to_sms_to_email(
    providers, person, django_capture_on_commit_callbacks
):
    providers.fail("zalo", mode="reject")  # -118: no Zalo account for this number
    providers.fail("sms", mode="reject")  # 99: number blocked at the gateway
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notification_send(
            event="payment_due", recipient=person, context=PAYMENT_CONTEXT, key="payment:7"
        )
    chain = list(Message.objects.order_by("pk"))
    assert [(m.channel, m.status) for m in chain] == [
        ("zalo", MessageStatus.FAILED),
        ("sms", MessageStatus.FAILED),
        ("email", MessageStatus.SENT),
    ]
    assert chain[0] == first and chain[1].fallback_from == chain[0]
    assert chain[2].fallback_from == chain[1]
    assert "-118" in chain[0].last_error and "CodeResult 99" in chain[1].last_error
    assert [m.attempts for m in chain] == [1, 1, 1]  # refusals are not retried
    [email] = mail.outbox
    assert email.to == ["hoa@example.vn"]
    assert PAYMENT_CONTEXT["code"] in email.subject and "50.000 đ" in email.body
    sms = providers.received("sms")[0]["payload"]
    assert sms["Phone"] == "0912345678" and sms["RequestId"] == str(chain[1].public_id)
    assert sms["Content"].startswith("Ho so H46.1-251103-0001 can nop phi, le phi 50.000 d")


def test_retries_used_up_give_up_and_fall_back(
    settings, providers, person, django_capture_on_commit_callbacks
):
    settings.CONGSO_NOTIFY_MAX_ATTEMPTS = 1
    providers.fail("zalo", mode="error")  # -100: worth retrying, but no retry is left
    send(person, capture=django_capture_on_commit_callbacks)
    zalo, sms = Message.objects.order_by("pk")
    assert zalo.status == MessageStatus.GAVE_UP and "-100" in zalo.last_error
    assert sms.channel == "sms" and sms.status == MessageStatus.SENT
    assert len(providers.accepted("sms")) == 1


def test_the_task_run_twice_sends_once(providers, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = services.notification_send(
            event="payment_due", recipient=person, context=PAYMENT_CONTEXT, key="payment:9"
        )
    assert len(callbacks) == 1
    assert message_send.call(message.pk) == "sent"
    assert message_send.call(message.pk) == "not_claimed"
    callbacks[0]()  # the enqueue after commit, late: still nothing more
    assert len(providers.received()) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 1


def test_the_database_queue_takes_the_task_in_the_messages_transaction(
    db_tasks, providers, person, django_capture_on_commit_callbacks
):
    """With the database back-end the task row is written with the message: both or neither,
    and nothing waits for the commit to enqueue."""
    from django.db import transaction

    class StopError(Exception):
        pass

    with pytest.raises(StopError), transaction.atomic():
        services.notification_send(
            event="payment_due", recipient=person, context=PAYMENT_CONTEXT, key="payment:7"
        )
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        raise StopError
    assert not Message.objects.exists() and not DBTaskResult.objects.exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = services.notification_send(
            event="payment_due", recipient=person, context=PAYMENT_CONTEXT, key="payment:8"
        )
    assert callbacks == []
    assert DBTaskResult.objects.get().args_kwargs["args"] == [message.pk]
    run_due_tasks()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and len(providers.received()) == 1


def test_the_same_occurrence_is_never_queued_twice(
    providers, person, django_capture_on_commit_callbacks
):
    first = send(person, capture=django_capture_on_commit_callbacks)
    again = send(person, capture=django_capture_on_commit_callbacks)
    assert again == first and Message.objects.count() == 1
    assert len(providers.received()) == 1
    other_person = Recipient(key="contact:test-2", phone="0987654321")
    send(other_person, capture=django_capture_on_commit_callbacks)
    assert Message.objects.count() == 2


def test_a_timeout_is_retried_and_the_gateway_refuses_the_duplicate(
    settings, providers, django_capture_on_commit_callbacks
):
    settings.CONGSO_NOTIFY_ZALO_BACKEND = ""
    sms_only = Recipient(key="contact:sms", phone="+84912345678")
    providers.fail("sms", mode="timeout")
    message = send(sms_only, capture=django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED and "timed out" in message.last_error
    with time_machine.travel(message.next_attempt_at + dt.timedelta(seconds=1)):
        assert services.messages_due_dispatch() == 1  # the immediate back-end cannot defer
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2
    # The gateway had the first request: the retry with the same RequestId is refused as a
    # duplicate (124) and the person gets one SMS.
    assert [r["answer"]["CodeResult"] for r in providers.received("sms")] == ["100", "124"]
    assert len(providers.accepted("sms")) == 1


def test_a_4xx_or_bad_credentials_fall_back_at_once(
    settings, providers, person, django_capture_on_commit_callbacks
):
    settings.CONGSO_NOTIFY_ZALO_ACCESS_TOKEN = "expired"
    providers.fail("sms", mode="4xx")
    send(person, capture=django_capture_on_commit_callbacks)
    zalo, sms, email = Message.objects.order_by("pk")
    assert "-124" in zalo.last_error and "HTTP 400" in sms.last_error
    assert email.status == MessageStatus.SENT


def test_channels_that_cannot_reach_the_person_are_skipped(
    settings, providers, django_capture_on_commit_callbacks
):
    no_phone = Recipient(key="contact:mail", email="mail@example.vn", phone="12345")
    message = send(no_phone, capture=django_capture_on_commit_callbacks)
    assert message.channel == "email" and message.fallback_channels == []
    # No approved ZNS template for this event: straight to SMS.
    message = send(
        Recipient(key="contact:x", phone="0912345678"),
        event="stopped",
        key="dossier-event:1",
        capture=django_capture_on_commit_callbacks,
    )
    assert message.channel == "sms"
    nobody = Recipient(key="contact:none")
    assert send(nobody, capture=django_capture_on_commit_callbacks) is None


def test_a_channel_switched_off_after_queueing_falls_back(
    settings, providers, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = services.notification_send(
            event="payment_due", recipient=person, context=PAYMENT_CONTEXT, key="payment:3"
        )
    settings.CONGSO_NOTIFY_ZALO_BACKEND = ""
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and "not configured" in message.last_error
    assert message.fallback.channel == "sms" and message.fallback.status == MessageStatus.SENT


def test_unknown_events_and_missing_keys_are_programming_errors(person):
    with pytest.raises(ValueError):
        services.notification_send(event="nope", recipient=person, context={}, key="k")
    with pytest.raises(ValueError):
        services.notification_send(event="payment_due", recipient=person, context={})


def test_the_sweep_takes_back_a_message_whose_worker_died(
    settings, providers, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message = services.notification_send(
            event="payment_due", recipient=person, context=PAYMENT_CONTEXT, key="payment:4"
        )
    long_ago = timezone.now() - dt.timedelta(hours=1)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claimed_at=long_ago, attempts=1
    )
    assert services.messages_due_dispatch() == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2


def test_a_message_sent_by_its_writer_is_swept_when_the_writer_died(
    db_tasks, providers, person, django_capture_on_commit_callbacks
):
    """Written inside `delivered_here` (a task worker writing messages), a message is sent by
    that process after commit and gets no task of its own; when the process died before
    sending, it stays queued and the sweep enqueues it."""
    with django_capture_on_commit_callbacks(execute=True), services.delivered_here():
        sent = services.notification_send(
            event="payment_due", recipient=person, context=PAYMENT_CONTEXT, key="payment:5"
        )
    sent.refresh_from_db()
    assert sent.status == MessageStatus.SENT and not DBTaskResult.objects.exists()

    with django_capture_on_commit_callbacks(execute=False), services.delivered_here():
        lost = services.notification_send(
            event="payment_due", recipient=person, context=PAYMENT_CONTEXT, key="payment:6"
        )
    assert not DBTaskResult.objects.exists()  # died before sending: nothing would send it
    assert services.messages_due_dispatch() == 1
    run_due_tasks()
    lost.refresh_from_db()
    assert lost.status == MessageStatus.SENT and len(providers.received()) == 2


def test_backoff_grows_and_is_capped(settings):
    settings.CONGSO_NOTIFY_RETRY_BASE_SECONDS = 60
    settings.CONGSO_NOTIFY_RETRY_MAX_SECONDS = 3600
    delays = [services.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)]
    assert delays == [60, 240, 960, 3600]
