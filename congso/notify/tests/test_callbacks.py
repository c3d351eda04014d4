# SPDX-License-Identifier: MIT
"""Delivery reports from the providers: authenticated, idempotent, failures fall back."""

from __future__ import annotations

import pytest
from django.core import mail

from congso.notify import services
from congso.notify.fakes import FakeMessaging
from congso.notify.models import Message, MessageStatus
from congso.notify.recipients import Recipient

from .conftest import PAYMENT_CONTEXT

pytestmark = pytest.mark.django_db
SMS_CALLBACK = "/notify/callbacks/sms/sms-callback-secret/"
ZALO_CALLBACK = "/notify/callbacks/zalo/"


@pytest.fixture
def sms_message(settings, providers, django_capture_on_commit_callbacks):
    settings.CONGSO_NOTIFY_ZALO_BACKEND = ""
    with django_capture_on_commit_callbacks(execute=True):
        message = services.notification_send(
            event="payment_due",
            recipient=Recipient(key="contact:1", phone="0912345678", email="a@example.vn"),
            context=PAYMENT_CONTEXT,
            key="payment:1",
        )
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    return message


@pytest.fixture
def zalo_message(providers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.notification_send(
            event="payment_due",
            recipient=Recipient(key="contact:2", phone="0912345678"),
            context=PAYMENT_CONTEXT,
            key="payment:2",
        )
    message.refresh_from_db()
    assert message.channel == "zalo" and message.status == MessageStatus.SENT
    return message


def test_the_sms_gateway_was_given_the_callback_url(sms_message, providers):
    payload = providers.accepted("sms")[0]["payload"]
    assert payload["CallbackUrl"] == "http://127.0.0.1:8000" + SMS_CALLBACK


def test_an_sms_delivery_report_marks_the_message_delivered(client, sms_message):
    report = FakeMessaging.sms_delivery_report(sms_message.provider_message_id)
    response = client.get(SMS_CALLBACK, report)
    assert response.status_code == 200 and response.json() == {"ok": True, "known": True}
    sms_message.refresh_from_db()
    assert sms_message.status == MessageStatus.DELIVERED and sms_message.delivered_at
    delivered_at = sms_message.delivered_at
    assert client.get(SMS_CALLBACK, report).status_code == 200  # the gateway retries: harmless
    sms_message.refresh_from_db()
    assert sms_message.delivered_at == delivered_at


def test_an_sms_report_with_a_wrong_token_is_not_believed(client, sms_message):
    report = FakeMessaging.sms_delivery_report(sms_message.provider_message_id)
    assert client.get("/notify/callbacks/sms/guessed/", report).status_code == 404
    assert client.post(SMS_CALLBACK, report).status_code == 405
    sms_message.refresh_from_db()
    assert sms_message.status == MessageStatus.SENT


def test_an_sms_report_without_its_fields_is_a_400(client, sms_message):
    assert client.get(SMS_CALLBACK, {"SendStatus": "5"}).status_code == 400
    pending = {"SMSID": sms_message.provider_message_id, "SendStatus": "7"}
    assert client.get(SMS_CALLBACK, pending).json()["state"] == "pending"
    unknown = FakeMessaging.sms_delivery_report("no-such-id")
    assert client.get(SMS_CALLBACK, unknown).json() == {"ok": True, "known": False}


def test_an_undelivered_sms_falls_back_to_email(
    client, sms_message, django_capture_on_commit_callbacks
):
    report = FakeMessaging.sms_delivery_report(sms_message.provider_message_id, delivered=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(SMS_CALLBACK, report).status_code == 200
    sms_message.refresh_from_db()
    assert sms_message.status == MessageStatus.FAILED
    assert sms_message.fallback.channel == "email"
    assert sms_message.fallback.status == MessageStatus.SENT
    assert [m.to for m in mail.outbox] == [["a@example.vn"]]


def _zalo_event(settings, msg_id: str, *, secret: str | None = None):
    return FakeMessaging.zalo_delivery_event(
        msg_id,
        app_id=settings.CONGSO_NOTIFY_ZALO_APP_ID,
        oa_id=settings.CONGSO_NOTIFY_ZALO_OA_ID,
        secret_key=secret or settings.CONGSO_NOTIFY_ZALO_SECRET_KEY,
    )


def test_a_signed_zalo_event_marks_the_message_delivered(client, settings, zalo_message):
    body, headers = _zalo_event(settings, zalo_message.provider_message_id)
    response = client.post(ZALO_CALLBACK, body, content_type="application/json", headers=headers)
    assert response.status_code == 200 and response.json()["known"] is True
    zalo_message.refresh_from_db()
    assert zalo_message.status == MessageStatus.DELIVERED


def test_a_zalo_event_with_a_bad_signature_is_refused(client, settings, zalo_message):
    body, headers = _zalo_event(settings, zalo_message.provider_message_id, secret="wrong")
    response = client.post(ZALO_CALLBACK, body, content_type="application/json", headers=headers)
    assert response.status_code == 403
    _body, good_headers = _zalo_event(settings, zalo_message.provider_message_id)
    tampered = body.replace(b"user_received_message", b"user_received_message ")
    response = client.post(
        ZALO_CALLBACK, tampered, content_type="application/json", headers=good_headers
    )
    assert response.status_code == 403
    zalo_message.refresh_from_db()
    assert zalo_message.status == MessageStatus.SENT


def test_zalo_callback_hostile_bodies(client, settings, zalo_message):
    assert (
        client.post(ZALO_CALLBACK, b"{not json", content_type="application/json").status_code == 400
    )
    assert client.post(ZALO_CALLBACK, b"[1, 2]", content_type="application/json").status_code == 400
    assert client.get(ZALO_CALLBACK).status_code == 405
    settings.CONGSO_NOTIFY_ZALO_SECRET_KEY = ""
    body, headers = _zalo_event(settings, zalo_message.provider_message_id, secret="x")
    response = client.post(ZALO_CALLBACK, body, content_type="application/json", headers=headers)
    assert response.status_code == 404  # not configured: no webhook at all
    assert Message.objects.get(pk=zalo_message.pk).status == MessageStatus.SENT
