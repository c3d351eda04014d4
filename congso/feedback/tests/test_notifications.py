# SPDX-License-Identifier: MIT
"""Field reports reach people through congso.notify: the message log, channels, retries."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse

from congso.accounts.models import OfficerRole
from congso.feedback import services
from congso.feedback.models import EventKind, FieldReport
from congso.notify.fakes import FakeMessaging
from congso.notify.field_report_notifications import field_report_event_notify
from congso.notify.models import Message, MessageStatus, NotificationPreference
from congso.notify.services import messages_due_dispatch

from .conftest import IN_A, make_report

pytestmark = pytest.mark.django_db

SMS_ONLY_PHONE = "0905 123 456"


@pytest.fixture
def sms_gateway(settings):
    """SMS through the eSMS protocol to the fake gateway over HTTP; no Zalo."""
    with FakeMessaging(timeout_seconds=1.0) as fake:
        settings.CONGSO_NOTIFY_SMS_BACKEND = "esms"
        settings.CONGSO_NOTIFY_SMS_URL = fake.sms_url
        settings.CONGSO_NOTIFY_SMS_API_KEY = "fake-api-key"
        settings.CONGSO_NOTIFY_SMS_SECRET_KEY = "fake-secret-key"
        settings.CONGSO_NOTIFY_SMS_BRANDNAME = "CONGSO"
        settings.CONGSO_NOTIFY_ZALO_BACKEND = ""
        settings.CONGSO_NOTIFY_HTTP_TIMEOUT = 0.5
        settings.CONGSO_NOTIFY_MAX_ATTEMPTS = 5
        yield fake


def report_with_phone(city, phone=SMS_ONLY_PHONE, **extra):
    data = services.ReportInput(
        category=city["rubbish"],
        description="Rác đổ ở góc đường",
        lat=IN_A[0],
        lon=IN_A[1],
        attributes={"loai": ["sinh-hoat"]},
        reporter_phone=phone,
    )
    return services.field_report_create(data=data, channel="hotline", **extra)


def event_messages(event):
    return Message.objects.filter(key=f"field-report-event:{event.pk}").order_by("pk")


def test_a_status_change_reaches_the_reporter_and_a_supporter(
    city, django_capture_on_commit_callbacks
):
    report, _key = make_report(city, email="dan@example.org")
    services.field_report_support(report=report, email="hang@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.field_report_start(report=report, actor=city["officer_a"])
    event = report.events.get(kind=EventKind.STATUS)
    messages = list(event_messages(event))
    assert [(m.event, m.channel, m.address, m.status) for m in messages] == [
        ("field_report_status_changed", "email", "dan@example.org", MessageStatus.SENT),
        ("field_report_status_changed", "email", "hang@example.org", MessageStatus.SENT),
    ]
    assert {m.subject_type for m in messages} == {"feedback.fieldreport"}
    assert {m.subject_id for m in messages} == {str(report.pk)}
    assert sorted(address for m in mail.outbox for address in m.to) == [
        "dan@example.org",
        "hang@example.org",
    ]
    assert all(m.context["report_code"] == f"#{report.pk}" for m in messages)
    # The supporter hears about the report, never about the reporter's private link.
    assert not Message.objects.filter(event="field_report_received", address="hang@example.org")


def test_the_answer_uses_its_template_in_vietnamese_and_in_english(
    city, django_capture_on_commit_callbacks
):
    citizen = city["citizen"]
    NotificationPreference.objects.create(user=citizen, language="en")
    report, _key = make_report(city, reporter=citizen)
    services.field_report_support(report=report, email="hang@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.field_report_answer(
            report=report, actor=city["officer_a"], answer="Đã thu gom rác."
        )
    event = report.events.get(kind=EventKind.ANSWERED)
    english, vietnamese = event_messages(event)
    assert (english.user, english.language, english.address) == (
        citizen,
        "en",
        "citizen@example.org",
    )
    assert english.event == vietnamese.event == "field_report_answered"
    assert english.template == "file:en/field_report_answered"
    assert vietnamese.template == "file:vi/field_report_answered"
    assert (vietnamese.user, vietnamese.language) == (None, "vi")
    for message in (english, vietnamese):
        assert message.status == MessageStatus.SENT
        assert "Đã thu gom rác." in message.body
        assert f"#{report.pk}" in message.title
    public_en = reverse("feedback:detail", kwargs={"report_id": report.pk})
    assert english.context["report_url"].endswith(public_en)
    assert english.context["title"] == "Rubbish" and vietnamese.context["title"] == "Rác thải"
    assert english.context["report_url"] in english.body
    assert vietnamese.context["report_url"] in vietnamese.body


def test_an_sms_only_reporter_gets_the_private_link_and_the_news_by_sms(
    city, settings, capsys, django_capture_on_commit_callbacks
):
    settings.CONGSO_NOTIFY_SMS_BACKEND = "console"
    settings.CONGSO_NOTIFY_ZALO_BACKEND = "console"  # Zalo possible, yet never for the link
    with django_capture_on_commit_callbacks(execute=True):
        report, key = report_with_phone(city, recorded_by=city["coord"])
    link = Message.objects.get(event="field_report_received")
    assert (link.channel, link.address, link.status) == ("sms", "84905123456", MessageStatus.SENT)
    assert key in link.body and mail.outbox == []
    printed = capsys.readouterr().out
    assert "--- sms to 84905123456 (field_report_received) ---" in printed and key in printed

    with django_capture_on_commit_callbacks(execute=True):
        services.field_report_start(report=report, actor=city["officer_a"])
    [news] = event_messages(report.events.get(kind=EventKind.STATUS))
    assert news.event == "field_report_status_changed" and news.status == MessageStatus.SENT
    assert news.channel == "zalo"  # status news follow the usual order Zalo → SMS → e-mail
    assert key not in news.body


def test_the_private_link_goes_by_e_mail_when_there_is_one(
    city, settings, django_capture_on_commit_callbacks
):
    settings.CONGSO_NOTIFY_SMS_BACKEND = "console"
    data = services.ReportInput(
        category=city["rubbish"],
        description="Rác",
        lat=IN_A[0],
        lon=IN_A[1],
        attributes={"loai": ["sinh-hoat"]},
        reporter_email="dan@example.org",
        reporter_phone=SMS_ONLY_PHONE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _report, key = services.field_report_create(data=data, channel="web")
    [link] = Message.objects.filter(event="field_report_received")
    assert (link.channel, link.fallback_channels) == ("email", ["sms"])
    [email] = mail.outbox
    assert email.to == ["dan@example.org"] and key in email.body


def test_phone_and_private_link_stay_out_of_public_pages(city, client, settings):
    settings.CONGSO_NOTIFY_SMS_BACKEND = "console"
    report, key = report_with_phone(city, recorded_by=city["coord"])
    services.field_report_answer(report=report, actor=city["officer_a"], answer="Đã xử lý.")
    assert Message.objects.filter(subject_id=str(report.pk)).count() == 2
    page = client.get(reverse("feedback:detail", kwargs={"report_id": report.pk}))
    text = page.content.decode()
    assert page.status_code == 200 and "Đã xử lý." in text
    assert key not in text and "905123456" not in text and "905 123 456" not in text
    assert all(key not in e.note + e.internal_note for e in report.events.all())


def test_a_failing_channel_is_retried(city, sms_gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _key = report_with_phone(city, recorded_by=city["coord"])
    assert len(sms_gateway.accepted("sms")) == 1  # the private link
    sms_gateway.fail("sms", times=1, mode="5xx")
    with django_capture_on_commit_callbacks(execute=True):
        services.field_report_start(report=report, actor=city["officer_a"])
    [message] = event_messages(report.events.get(kind=EventKind.STATUS))
    assert (message.channel, message.status, message.attempts) == ("sms", "queued", 1)
    assert "HTTP 503" in message.last_error
    with time_machine.travel(message.next_attempt_at + dt.timedelta(seconds=1)):
        assert messages_due_dispatch() == 1  # the immediate back-end cannot defer: the sweep
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 2, "")
    assert message.provider_message_id
    sent = sms_gateway.accepted("sms")
    assert len(sent) == 2 and sent[1]["payload"]["Phone"] == "0905123456"
    assert sent[1]["payload"]["Content"].startswith(f"Phan anh #{report.pk}: ")


def test_a_rolled_back_change_sends_nothing(city, django_capture_on_commit_callbacks):
    report, _key = make_report(city, email="dan@example.org")
    before = Message.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.field_report_start(report=report, actor=city["officer_a"])
        raise RuntimeError("the request fails after the change")
    assert Message.objects.count() == before
    assert mail.outbox == []
    report.refresh_from_db()
    assert report.status == "assigned"


def test_a_broken_notification_never_fails_the_change(
    city, monkeypatch, django_capture_on_commit_callbacks
):
    from congso.notify import field_report_notifications

    def broken(**kwargs):
        raise RuntimeError("template store unreachable")

    monkeypatch.setattr(field_report_notifications, "notification_send", broken)
    report, _key = make_report(city, email="dan@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.field_report_start(report=report, actor=city["officer_a"])
    report.refresh_from_db()
    assert report.status == "in_progress"
    assert Message.objects.count() == 0 and mail.outbox == []


def test_one_message_per_person_and_event(city, django_capture_on_commit_callbacks):
    report, _key = make_report(city, email="dan@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.field_report_start(report=report, actor=city["officer_a"])
    event = report.events.get(kind=EventKind.STATUS)
    with django_capture_on_commit_callbacks(execute=True):
        again = field_report_event_notify(event)
    assert again == list(event_messages(event)) and len(again) == 1
    assert len(mail.outbox) == 1


def test_a_merge_tells_each_person_once_per_event(city, django_capture_on_commit_callbacks):
    keep, _k1 = make_report(city, email="first@example.org")
    dup, _k2 = make_report(city, email="second@example.org")
    services.field_report_support(report=dup, email="third@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.field_report_merge(duplicate=dup, into=keep, actor=city["coord"])
    merged = dup.events.get(kind=EventKind.MERGED)
    joined = keep.events.get(kind=EventKind.SUPPORTED)
    assert sorted(m.address for m in event_messages(merged)) == [
        "second@example.org",
        "third@example.org",
    ]
    assert sorted(m.address for m in event_messages(joined)) == [
        "first@example.org",
        "second@example.org",
        "third@example.org",
    ]
    assert {m.event for m in Message.objects.filter(key__startswith="field-report-event:")} == {
        "field_report_status_changed"
    }


def test_escalation_reaches_the_heads(city, django_user_model, django_capture_on_commit_callbacks):
    second_head = django_user_model.objects.create_user(
        "head_a2", password="x", email="head_a2@example.org"
    )
    OfficerRole.objects.create(
        user=second_head,
        agency=city["committees"]["a"],
        role="head",
        valid_from=dt.date(2020, 1, 1),
    )
    NotificationPreference.objects.create(user=second_head, language="en")
    report, _key = make_report(city, point=IN_A)
    later = report.due_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.field_report_escalate_overdue(now=later) == 1
        assert services.field_report_escalate_overdue(now=later) == 0
    event = report.events.get(kind=EventKind.ESCALATED)
    messages = list(event_messages(event))
    assert [(m.user, m.event, m.language, m.status) for m in messages] == [
        (city["head_a"], "field_report_escalated", "vi", MessageStatus.SENT),
        (second_head, "field_report_escalated", "en", MessageStatus.SENT),
    ]
    officer_page = reverse("feedback:officer_report", kwargs={"report_id": report.pk})
    assert all(officer_page in m.body for m in messages)
    assert sorted(a for m in mail.outbox for a in m.to) == [
        "head_a2@example.org",
        "head_a@example.org",
    ]
    assert not Message.objects.filter(user=city["officer_a"]).exists()  # heads only
    assert FieldReport.objects.get(pk=report.pk).escalated_at == later
