# SPDX-License-Identifier: MIT
"""Dossier events reach the applicant through notify: the channel they prefer, after commit."""

from __future__ import annotations

import pytest
from django.core import mail

from congso.accounts.models import Citizen
from congso.dossiers import services as dossier_services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.helpers import SUBMISSION, submit
from congso.notify import services
from congso.notify.models import Message, MessageStatus

pytestmark = pytest.mark.django_db


def test_an_applicant_with_a_phone_gets_zalo_then_sms_when_zalo_refuses(
    client, world, providers, django_capture_on_commit_callbacks
):
    Citizen.objects.create(user=world["alice"], full_name="Nguyễn Thị Bình", phone="+84912345678")
    providers.fail("zalo", mode="reject")
    with django_capture_on_commit_callbacks(execute=True):
        code = submit(client, world["alice"]).json()["code"]
    zalo, sms = Message.objects.order_by("pk")
    assert (zalo.event, zalo.channel, zalo.status) == ("received", "zalo", MessageStatus.FAILED)
    assert (sms.channel, sms.status) == ("sms", MessageStatus.SENT)
    assert sms.subject_type == "dossiers.dossier" and sms.subject_label == code
    content = providers.accepted("sms")[0]["payload"]["Content"]
    assert content.startswith(f"Ho so {code} da duoc ghi nhan, cho tiep nhan.")
    assert mail.outbox == []  # one channel reached the person: no e-mail as well

    with django_capture_on_commit_callbacks(execute=True):
        dossier_services.dossier_accept(dossier=Dossier.objects.get(code=code), actor=world["desk"])
    accepted = Message.objects.filter(event="accepted").get()
    assert accepted.channel == "zalo" and accepted.status == MessageStatus.SENT
    data = providers.accepted("zalo")[0]["payload"]["template_data"]
    assert data["dossier_code"] == code and data["status"] == "Đã tiếp nhận" and data["due_date"]


def test_a_refusal_tells_the_reason_and_a_rollback_tells_nothing(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        code = submit(client, world["alice"]).json()["code"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_services.dossier_refuse(
            dossier=Dossier.objects.get(code=code),
            actor=world["desk"],
            reason="Thiếu tờ khai",
            basis="Điều 17 Nghị định 61/2018/NĐ-CP",
        )
    [email] = mail.outbox
    assert "Lý do: Thiếu tờ khai" in email.body and "Căn cứ: Điều 17" in email.body
    before = Message.objects.count()
    with pytest.raises(Exception):  # noqa: B017
        dossier_services.dossier_accept(dossier=Dossier.objects.get(code=code), actor=world["desk"])
    assert Message.objects.count() == before


def test_the_same_event_signal_twice_makes_one_message(
    client, world, django_capture_on_commit_callbacks
):
    """The applicant's message is keyed by the event's id: a second signal for the same
    event (or its task run twice) finds the message and writes none."""
    from django.db import transaction

    from congso.dossiers.events import dossier_event_recorded
    from congso.dossiers.models import DossierEvent

    with django_capture_on_commit_callbacks(execute=True):
        code = submit(client, world["alice"], body={**SUBMISSION}).json()["code"]
    event = Dossier.objects.get(code=code).events.get(action="register")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        dossier_event_recorded.send(sender=DossierEvent, event=event)
        Dossier.objects.filter(code=code).update(summary="written after the second signal")
    assert Message.objects.get().key == f"dossier-event:{event.pk}"
    assert len(mail.outbox) == 1
    assert Dossier.objects.get(code=code).summary == "written after the second signal"


def test_other_apps_call_the_generic_service(world, django_capture_on_commit_callbacks):
    """What payments and field reports do: their own event, their own object."""
    from congso.notify.recipients import recipient_for_user

    world["bob"].email = "bob@example.vn"
    world["bob"].save()
    with django_capture_on_commit_callbacks(execute=True):
        message = services.notification_send(
            event="field_report_answered",
            recipient=recipient_for_user(world["bob"]),
            context={"name": "Bob", "report_code": "PA-42", "report_url": "https://x.vn/42"},
            subject_object=world["centre"],
        )
    assert message.key == f"field_report_answered:core.agency:{world['centre'].pk}"
    assert mail.outbox[0].subject == "Phản ánh PA-42 đã được trả lời"


def test_the_worker_writes_the_messages_with_the_state_of_their_moment(
    client, world, db_tasks, django_capture_on_commit_callbacks
):
    """With the database task back-end (as deployed) the request only enqueues a task; the
    worker writes the messages and sends them. A dossier accepted before the worker ran
    still gets its first message saying what the dossier was when it was received."""
    from django_tasks_db.models import DBTaskResult

    from congso.core.testing import run_due_tasks

    with django_capture_on_commit_callbacks(execute=True):
        code = submit(client, world["alice"]).json()["code"]
    with django_capture_on_commit_callbacks(execute=True):
        dossier_services.dossier_accept(dossier=Dossier.objects.get(code=code), actor=world["desk"])
    assert not Message.objects.exists() and mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 2

    # The worker's transactions are its own; here they sit inside the test's, whose
    # commit is what the captured callbacks stand for.
    with django_capture_on_commit_callbacks(execute=True):
        run_due_tasks()
    received, accepted = Message.objects.order_by("pk")
    assert (received.event, accepted.event) == ("received", "accepted")
    assert all(m.status == MessageStatus.SENT for m in (received, accepted))
    subjects = [email.subject for email in mail.outbox]
    assert subjects == [f"Hồ sơ {code}: Chờ tiếp nhận", f"Hồ sơ {code}: Đã tiếp nhận"]
    assert received.context["due"] == "" and accepted.context["due"]
    # Sent by the task that wrote them: no task of their own.
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
