# SPDX-License-Identifier: MIT
"""A failure in the middle of a write leaves nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest

from congso.accounts.models import OfficerRole
from congso.catalog.models import Procedure
from congso.dossiers import routing, services
from congso.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DossierTask,
)

pytestmark = pytest.mark.django_db


class CrashError(Exception):
    pass


def crash(*args, **kwargs):
    raise CrashError("the machine stopped here")


def register(world):
    return services.dossier_register(
        procedure=Procedure.objects.get(code="1.000001"),
        receiving_agency=world["centre"],
        channel="online",
        source="portal",
        applicant_name="Nguyễn Văn An",
        applicant_user=world["alice"],
        actor=world["alice"],
    )


def test_a_crash_while_registering_leaves_no_dossier_and_no_used_number(world, monkeypatch):
    monkeypatch.setattr(services, "audit_record", crash)
    with pytest.raises(CrashError):
        register(world)
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists()
    assert not DossierCodeCounter.objects.filter(last__gt=0).exists()
    monkeypatch.undo()
    assert register(world).code.endswith("-0001")  # the number was not lost


def test_a_crash_while_accepting_keeps_the_dossier_as_it_was(world, monkeypatch):
    dossier = register(world)
    monkeypatch.setattr(services, "audit_record", crash)
    with pytest.raises(CrashError):
        services.dossier_accept(dossier=dossier, actor=world["desk"])
    dossier.refresh_from_db()
    assert dossier.state == "awaiting_reception" and dossier.due_at is None
    assert dossier.process_plan == [] and dossier.events.count() == 1


def test_a_crash_during_a_hand_over_keeps_the_step_where_it_was(world, monkeypatch):
    for role in ("specialist", "head"):
        OfficerRole.objects.create(
            user=world["desk"], agency=world["centre"], role=role, valid_from=dt.date(2020, 1, 1)
        )
    dossier = services.dossier_accept(dossier=register(world), actor=world["desk"])
    routing.dossier_forward(dossier=dossier, actor=world["desk"])
    before = list(DossierTask.objects.values_list("pk", "state", "plan_index"))
    monkeypatch.setattr(routing, "audit_record", crash)
    with pytest.raises(CrashError):
        routing.dossier_forward(dossier=dossier, actor=world["desk"])
    assert list(DossierTask.objects.values_list("pk", "state", "plan_index")) == before
    assert routing.open_task(dossier).plan_index == 0
