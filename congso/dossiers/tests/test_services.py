# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connections

from congso.accounts.models import OfficerRole
from congso.catalog import services as catalog_services
from congso.catalog.models import Procedure
from congso.catalog.tests.factories import sample_records
from congso.core.audit import audit_verify
from congso.core.calendar import working_calendar
from congso.core.exceptions import NotFoundError
from congso.core.models import AdministrativeUnit, Agency, AuditEvent
from congso.dossiers import routing, selectors, services
from congso.dossiers.exceptions import (
    DossierConflictError,
    DossierPermissionError,
    DossierRuleError,
)
from congso.dossiers.models import Dossier
from congso.workflow.rules import TransitionNotAllowedError
from congso.workflow.states import NATIONAL_STATUS
from congso.workflow.states import DossierState as S

HUE = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HUE)


@pytest.fixture
def world(db, django_user_model):
    unit = AdministrativeUnit.objects.create(
        scheme="2025",
        level="province",
        code="46",
        name="Thành phố Huế",
        division_type="thành phố trung ương",
    )
    centre = Agency.objects.create(
        code="000.00.01.H46",
        name="Trung tâm PVHCC",
        kind="province_centre",
        level="province",
        unit=unit,
    )
    justice = Agency.objects.create(
        code="000.00.12.H46", name="Sở Tư pháp", kind="department", level="province", unit=unit
    )
    other = Agency.objects.create(
        code="000.00.13.H46", name="Sở Xây dựng", kind="department", level="province", unit=unit
    )
    catalog_services.procedures_upsert(records=sample_records())
    users = {
        name: django_user_model.objects.create_user(name, password="x")
        for name in ("desk", "expert", "head", "stranger", "alice", "bob")
    }
    OfficerRole.objects.create(
        user=users["head"], agency=justice, role="head", valid_from=dt.date(2020, 1, 1)
    )
    OfficerRole.objects.create(
        user=users["desk"], agency=centre, role="reception", valid_from=dt.date(2020, 1, 1)
    )
    OfficerRole.objects.create(
        user=users["expert"], agency=justice, role="specialist", valid_from=dt.date(2020, 1, 1)
    )
    OfficerRole.objects.create(
        user=users["stranger"], agency=other, role="specialist", valid_from=dt.date(2020, 1, 1)
    )
    return {"centre": centre, "justice": justice, "other": other, **users}


def register(world, code="1.000001", channel="online", user="alice"):
    return services.dossier_register(
        procedure=Procedure.objects.get(code=code),
        receiving_agency=world["centre"],
        competent_agency=world["justice"],
        channel=channel,
        source="portal" if channel == "online" else "desk",
        applicant_name="Nguyễn Văn An",
        applicant_user=world[user],
        actor=world[user] if channel == "online" else world["desk"],
    )


def test_a_fully_online_dossier_goes_through_its_whole_life(world):
    with time_machine.travel(at(2025, 11, 3, 9), tick=False):  # Monday
        dossier = register(world)
        assert dossier.code.startswith("000.00.01.H46-251103-")
        assert dossier.state == S.AWAITING_RECEPTION
        dossier = services.dossier_accept(dossier=dossier, actor=world["desk"])
    # 3 working days from Monday 09:00: Thursday 09:00.
    assert dossier.due_at == at(2025, 11, 6, 9)
    with time_machine.travel(at(2025, 11, 3, 10), tick=False):
        dossier = services.dossier_start_processing(dossier=dossier, actor=world["expert"])
    with time_machine.travel(at(2025, 11, 4, 9), tick=False):  # two working days left
        dossier, repeated = services.dossier_request_supplement(
            dossier=dossier,
            actor=world["expert"],
            items=["Bản sao giấy chứng sinh"],
            reason="Thiếu giấy chứng sinh",
        )
    assert not repeated
    assert dossier.paused_at is not None
    with time_machine.travel(at(2025, 11, 10, 8), tick=False):  # answered the next Monday
        dossier = services.dossier_supplement_received(dossier=dossier, actor=world["alice"])
    assert dossier.state == S.PROCESSING
    assert working_calendar().working_hours_between(at(2025, 11, 10, 8), dossier.due_at) == Decimal(
        16
    )
    assert dossier.original_due_at == at(2025, 11, 6, 9)
    with time_machine.travel(at(2025, 11, 11, 9), tick=False):
        dossier = routing.dossier_forward(dossier=dossier, actor=world["expert"])
        dossier = services.dossier_mark_processed(dossier=dossier, actor=world["head"])
        dossier = services.dossier_return_result(dossier=dossier, actor=world["desk"])
    assert dossier.state == S.RETURNED
    states = list(dossier.events.exclude(action="handover").values_list("to_state", flat=True))
    assert states == [
        "awaiting_reception",
        "accepted",
        "processing",
        "awaiting_supplement",
        "processing",
        "processed",
        "returned",
    ]
    assert [NATIONAL_STATUS[S(state)] for state in states] == [1, 2, 4, 5, 4, 9, 10]
    moved = dossier.events.get(action="supplement_received")
    assert moved.due_before == at(2025, 11, 6, 9) and moved.due_after == dossier.due_at
    # The applicant is told the new date and why it moved.
    assert "08:00 12/11/2025" in moved.public_note
    # Seven state changes and two hand-overs (to appraisal, to the head's signature).
    assert AuditEvent.objects.filter(action__startswith="dossier.").count() == 9
    assert audit_verify().ok


def test_an_in_person_dossier_needs_a_reception_officer(world):
    dossier = register(world, channel="direct")
    assert dossier.channel == "direct"
    with pytest.raises(DossierPermissionError):
        services.dossier_register(
            procedure=Procedure.objects.get(code="1.000001"),
            receiving_agency=world["centre"],
            channel="direct",
            source="desk",
            applicant_name="X",
            actor=world["stranger"],
        )


def test_an_offline_procedure_cannot_be_filed_online(world):
    with pytest.raises(DossierRuleError):
        register(world, code="1.000003")  # "Đăng ký khai sinh lưu động" is not online


def test_refusal_needs_reason_and_basis_and_ends_the_dossier(world):
    dossier = register(world)
    with pytest.raises(DossierRuleError):
        services.dossier_refuse(dossier=dossier, actor=world["desk"], reason="", basis="")
    dossier = services.dossier_refuse(
        dossier=dossier,
        actor=world["desk"],
        reason="Không thuộc thẩm quyền",
        basis="Điều 19 Nghị định 118/2025/NĐ-CP",
    )
    assert dossier.state == S.REFUSED and dossier.processing_ended_at
    with pytest.raises(TransitionNotAllowedError):
        services.dossier_accept(dossier=dossier, actor=world["desk"], expected_state=None)


def test_a_second_supplement_request_is_allowed_but_flagged(world):
    dossier = services.dossier_accept(dossier=register(world), actor=world["desk"])
    dossier = services.dossier_start_processing(dossier=dossier, actor=world["expert"])
    dossier, first = services.dossier_request_supplement(
        dossier=dossier, actor=world["expert"], items=["A"], reason="r"
    )
    dossier = services.dossier_supplement_received(dossier=dossier, actor=world["alice"])
    dossier, second = services.dossier_request_supplement(
        dossier=dossier, actor=world["expert"], items=["B"], reason="r"
    )
    assert (first, second) == (False, True)
    assert dossier.supplement_count == 2
    assert dossier.events.filter(internal_note__gt="").count() == 1


def test_asking_again_while_the_dossier_already_waits_is_a_conflict_not_a_crash(world):
    dossier = services.dossier_accept(dossier=register(world), actor=world["desk"])
    dossier = services.dossier_start_processing(dossier=dossier, actor=world["expert"])
    dossier, _first = services.dossier_request_supplement(
        dossier=dossier, actor=world["expert"], items=["A"], reason="r"
    )
    with pytest.raises(TransitionNotAllowedError):
        services.dossier_request_supplement(
            dossier=dossier, actor=world["expert"], items=["B"], reason="r"
        )
    assert dossier.waits.count() == 1
    assert Dossier.objects.get(pk=dossier.pk).supplement_count == 1


def test_an_officer_of_another_agency_cannot_act(world):
    dossier = services.dossier_accept(dossier=register(world), actor=world["desk"])
    with pytest.raises(DossierPermissionError):
        services.dossier_start_processing(dossier=dossier, actor=world["stranger"])
    with pytest.raises(DossierPermissionError):
        services.dossier_accept(dossier=register(world), actor=world["alice"])


def test_only_the_applicant_withdraws(world):
    dossier = register(world)
    with pytest.raises(DossierPermissionError):
        services.dossier_withdraw(dossier=dossier, actor=world["bob"])
    dossier = services.dossier_withdraw(
        dossier=dossier, actor=world["alice"], reason="Không cần nữa"
    )
    assert dossier.state == S.WITHDRAWN


def test_each_person_sees_only_their_dossiers(world):
    mine = register(world, user="alice")
    theirs = register(world, user="bob")
    assert list(selectors.dossier_list_for(user=world["alice"])) == [mine]
    assert set(selectors.dossier_list_for(user=world["desk"])) == {mine, theirs}
    assert set(selectors.dossier_list_for(user=world["expert"])) == {
        mine,
        theirs,
    }  # competent agency
    assert list(selectors.dossier_list_for(user=world["stranger"])) == []
    with pytest.raises(NotFoundError):
        selectors.dossier_get_for(user=world["alice"], code=theirs.code)


def test_tracking_needs_the_pin_and_shows_no_personal_data(world):
    dossier = register(world)
    with pytest.raises(NotFoundError):
        selectors.dossier_public_timeline(
            code=dossier.code, pin="000000" if dossier.pin != "000000" else "111111"
        )
    timeline = selectors.dossier_public_timeline(code=dossier.code, pin=dossier.pin)
    assert timeline["state"] == "awaiting_reception"
    assert "Nguyễn Văn An" not in str(timeline)


def test_a_stale_screen_gets_a_conflict_not_a_silent_overwrite(world):
    dossier = register(world)
    services.dossier_accept(dossier=dossier, actor=world["desk"])
    with pytest.raises(DossierConflictError):
        services.dossier_refuse(dossier=dossier, actor=world["desk"], reason="r", basis="b")


@pytest.mark.django_db(transaction=True)
def test_two_officers_accepting_at_once_one_wins_and_the_other_is_told(django_user_model):
    unit = AdministrativeUnit.objects.create(
        scheme="2025", level="province", code="46", name="Huế", division_type="x"
    )
    centre = Agency.objects.create(
        code="000.00.01.H46", name="TT", kind="province_centre", level="province", unit=unit
    )
    catalog_services.procedures_upsert(records=sample_records())
    officers = [django_user_model.objects.create_user(f"o{i}", password="x") for i in range(2)]
    for officer in officers:
        OfficerRole.objects.create(
            user=officer, agency=centre, role="reception", valid_from=dt.date(2020, 1, 1)
        )
    dossier = services.dossier_register(
        procedure=Procedure.objects.get(code="1.000001"),
        receiving_agency=centre,
        channel="online",
        source="portal",
        applicant_name="A",
        actor=None,
    )
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def accept(officer) -> None:
        try:
            barrier.wait()
            services.dossier_accept(dossier=Dossier.objects.get(pk=dossier.pk), actor=officer)
            outcomes.append("accepted")
        except DossierConflictError:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "conflict"]
    assert Dossier.objects.get(pk=dossier.pk).events.filter(action="accept").count() == 1
