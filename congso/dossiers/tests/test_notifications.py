# SPDX-License-Identifier: MIT
from __future__ import annotations

import pytest
from django.core import mail

from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.helpers import SUBMISSION, submit

pytestmark = pytest.mark.django_db


def test_each_status_change_emails_the_applicant_after_commit(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        code = submit(client, world["alice"]).json()["code"]
    assert len(mail.outbox) == 1
    first = mail.outbox[0]
    assert first.to == ["binh@example.com"]
    assert code in first.subject
    assert "Chờ tiếp nhận" in first.subject
    assert "/tra-cuu-ho-so/?ma=" in first.body
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_accept(dossier=Dossier.objects.get(code=code), actor=world["desk"])
    assert len(mail.outbox) == 2
    assert "Đã tiếp nhận" in mail.outbox[1].subject
    assert "Ngày hẹn trả kết quả" in mail.outbox[1].body


def test_no_email_is_sent_when_the_change_is_rolled_back(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        code = submit(client, world["alice"]).json()["code"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Exception):  # noqa: B017
        services.dossier_refuse(
            dossier=Dossier.objects.get(code=code), actor=world["desk"], reason="", basis=""
        )
    assert callbacks == []
    assert mail.outbox == []


def test_no_address_no_email(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, world["alice"], body={**SUBMISSION, "applicant_email": ""})
    assert mail.outbox == []
