# SPDX-License-Identifier: MIT
"""A late dossier: warning before the due date, drafted apology, one re-dating."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from congso.accounts.models import OfficerRole
from congso.catalog.models import Procedure
from congso.dossiers import lateness, routing, services
from congso.dossiers.exceptions import DossierRuleError
from congso.dossiers.models import DossierExtension

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HUE)


@pytest.fixture
def late(world, django_user_model):
    head = django_user_model.objects.create_user("head", password="x", email="head@example.vn")
    expert = django_user_model.objects.create_user("expert", password="x", email="ex@example.vn")
    for user, role in ((head, "head"), (expert, "specialist")):
        OfficerRole.objects.create(
            user=user, agency=world["centre"], role=role, valid_from=dt.date(2020, 1, 1)
        )
    with time_machine.travel(at(2025, 11, 3, 9), tick=False):  # Monday; due Thursday 09:00
        dossier = services.dossier_register(
            procedure=Procedure.objects.get(code="1.000001"),
            receiving_agency=world["centre"],
            channel="online",
            source="portal",
            applicant_name="Trần Thị Hoa",
            applicant_user=world["alice"],
            applicant_fields={"applicant_email": "hoa@example.vn"},
            actor=world["alice"],
        )
        dossier = services.dossier_accept(dossier=dossier, actor=world["desk"])
        routing.dossier_forward(dossier=dossier, actor=world["desk"])
        routing.dossier_task_claim(dossier=dossier, actor=expert)
    return {**world, "head": head, "expert": expert, "dossier": dossier}


def test_the_scan_warns_once_before_the_due_date_and_drafts_the_apology(
    late, django_capture_on_commit_callbacks
):
    dossier = late["dossier"]
    with time_machine.travel(at(2025, 11, 4, 9), tick=False):  # two working days left
        assert lateness.dossier_due_soon_scan() == 0
    mail.outbox.clear()
    with (
        time_machine.travel(at(2025, 11, 5, 10), tick=False),  # under 8 working hours left
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert lateness.dossier_due_soon_scan() == 1
        assert lateness.dossier_due_soon_scan() == 0  # once only
    warning = [m for m in mail.outbox if dossier.code in m.subject]
    assert sorted(address for m in warning for address in m.to) == [  # one message each
        "ex@example.vn",
        "head@example.vn",
    ]
    draft = DossierExtension.objects.get(dossier=dossier)
    assert draft.sent_at is None and draft.new_due_at > dossier.due_at
    assert dossier.events.filter(action="due_soon_warning").exists()


def test_sending_the_apology_moves_the_date_once_and_tells_the_applicant(
    late, django_capture_on_commit_callbacks
):
    dossier = late["dossier"]
    original = dossier.due_at
    mail.outbox.clear()
    with (
        time_machine.travel(at(2025, 11, 4, 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        extension = lateness.dossier_extension_send(
            dossier=dossier,
            actor=late["head"],
            reason="Cần xác minh thêm tại địa phương",
            new_due_at=at(2025, 11, 10, 16),
            signer_name="Lê Văn Đức",
            signer_title="Giám đốc",
        )
    dossier.refresh_from_db()
    assert dossier.due_at == at(2025, 11, 10, 16)
    assert dossier.original_due_at == original  # lateness still counts from the first date
    assert not extension.sent_late
    event = dossier.events.get(action="extend")
    assert (event.due_before, event.due_after) == (original, at(2025, 11, 10, 16))
    assert any("hoa@example.vn" in m.to for m in mail.outbox)
    with pytest.raises(DossierRuleError):
        lateness.dossier_extension_send(
            dossier=dossier,
            actor=late["head"],
            reason="Lần hai",
            new_due_at=at(2025, 11, 20, 16),
            signer_name="Lê Văn Đức",
            signer_title="Giám đốc",
        )


def test_an_apology_sent_on_the_last_day_is_flagged_and_bad_dates_refused(late):
    dossier = late["dossier"]
    with time_machine.travel(at(2025, 11, 6, 8), tick=False), pytest.raises(DossierRuleError):
        lateness.dossier_extension_send(
            dossier=dossier,
            actor=late["head"],
            reason="Trễ",
            new_due_at=at(2025, 11, 5, 8),
            signer_name="A",
            signer_title="B",
        )
    with time_machine.travel(at(2025, 11, 6, 8), tick=False):
        extension = lateness.dossier_extension_send(
            dossier=dossier,
            actor=late["head"],
            reason="Trễ",
            new_due_at=at(2025, 11, 7, 16),
            signer_name="A",
            signer_title="B",
        )
    assert extension.sent_late
