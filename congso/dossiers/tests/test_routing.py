# SPDX-License-Identifier: MIT
"""Processing steps: forward, claim, assign, send back, inter-agency, approval, conflicts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from congso.accounts.models import OfficerRole
from congso.catalog.models import Procedure
from congso.core.exceptions import InvalidInputError
from congso.core.models import Agency
from congso.dossiers import routing, selectors, services
from congso.dossiers.exceptions import (
    DossierConflictError,
    DossierPermissionError,
    DossierRuleError,
)
from congso.dossiers.models import Dossier, DossierTask, TaskState
from congso.workflow.process import PlanStep, process_definition_save
from congso.workflow.states import DossierState as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(world, django_user_model):
    """The service centre's desk, and a competent department with two specialists and a head."""
    department = Agency.objects.create(
        code="000.00.12.H46",
        name="Sở Tư pháp",
        kind="department",
        level="province",
        unit=world["centre"].unit,
    )
    people = {}
    for name, role in (("an", "specialist"), ("binh", "specialist"), ("head", "head")):
        people[name] = django_user_model.objects.create_user(name, password="x")
        OfficerRole.objects.create(
            user=people[name], agency=department, role=role, valid_from=dt.date(2020, 1, 1)
        )
    return {**world, **people, "department": department}


def accepted(office, procedure_code="1.000001") -> Dossier:
    dossier = services.dossier_register(
        procedure=Procedure.objects.get(code=procedure_code),
        receiving_agency=office["centre"],
        competent_agency=office["department"],
        channel="online",
        source="portal",
        applicant_name="Nguyễn Văn An",
        applicant_user=office["alice"],
        actor=office["alice"],
    )
    return services.dossier_accept(dossier=dossier, actor=office["desk"])


def test_acceptance_copies_the_default_plan_from_the_catalog(office):
    dossier = accepted(office)
    plan = routing.plan_of(dossier)
    assert [step.role for step in plan] == ["specialist", "head"]
    # The steps share the legal time (3 working days in the sample record): 70 % and 30 %.
    assert sum(step.working_days for step in plan) == Decimal("3.00")
    assert dossier.current_agency == office["centre"]


def test_forward_claim_and_approve_through_every_step(office):
    dossier = accepted(office)
    dossier = routing.dossier_forward(dossier=dossier, actor=office["desk"])
    assert dossier.state == S.PROCESSING
    task = routing.open_task(dossier)
    assert (task.plan_index, task.role, task.agency) == (0, "specialist", office["department"])
    assert task.due_at <= dossier.due_at
    assert Dossier.objects.get(pk=dossier.pk).current_agency == office["department"]

    routing.dossier_task_claim(dossier=dossier, actor=office["an"])
    with pytest.raises(DossierConflictError):
        routing.dossier_task_claim(dossier=dossier, actor=office["binh"])
    # The head cannot approve before the appraisal step is done.
    with pytest.raises(DossierRuleError):
        services.dossier_mark_processed(dossier=dossier, actor=office["head"])
    # Another specialist cannot forward a step someone else holds.
    with pytest.raises(DossierPermissionError):
        routing.dossier_forward(dossier=dossier, actor=office["binh"])

    routing.dossier_forward(dossier=dossier, actor=office["an"], note="Đủ điều kiện")
    task = routing.open_task(dossier)
    assert (task.plan_index, task.role) == (1, "head")
    # A specialist cannot sign in the head's place.
    with pytest.raises(DossierPermissionError):
        services.dossier_mark_processed(dossier=dossier, actor=office["an"])
    with pytest.raises(DossierRuleError):
        routing.dossier_forward(dossier=dossier, actor=office["head"])  # last step
    dossier = services.dossier_mark_processed(dossier=dossier, actor=office["head"])
    assert dossier.state == S.PROCESSED
    assert routing.open_task(dossier) is None
    assert dossier.current_agency == office["centre"]  # back at the desk to hand over
    states = list(DossierTask.objects.filter(dossier=dossier).values_list("plan_index", "state"))
    assert states == [(0, TaskState.DONE), (1, TaskState.DONE)]


def test_send_back_reopens_the_previous_step_for_who_did_it(office):
    dossier = accepted(office)
    routing.dossier_forward(dossier=dossier, actor=office["desk"])
    routing.dossier_task_claim(dossier=dossier, actor=office["an"])
    routing.dossier_forward(dossier=dossier, actor=office["an"])
    with pytest.raises(DossierRuleError):
        routing.dossier_send_back(dossier=dossier, actor=office["head"], reason=" ")
    routing.dossier_send_back(dossier=dossier, actor=office["head"], reason="Thiếu căn cứ")
    task = routing.open_task(dossier)
    assert (task.plan_index, task.assignee, task.note) == (0, office["an"], "Thiếu căn cứ")
    assert dossier.events.filter(action="send_back").exists()
    with pytest.raises(DossierRuleError):  # nothing before the first step
        routing.dossier_send_back(dossier=dossier, actor=office["an"], reason="x")


def test_inter_agency_step_hands_back_and_opens_the_dossier_to_that_agency(office):
    partner = Agency.objects.get(code="000.00.13.H46")  # the fixture's other department
    dossier = accepted(office)
    # Before routing, an officer of the partner agency cannot see the dossier.
    partner_officer = type(office["an"]).objects.create_user("partner", password="x")
    OfficerRole.objects.create(
        user=partner_officer, agency=partner, role="specialist", valid_from=dt.date(2020, 1, 1)
    )
    assert not selectors.dossier_list_for(user=partner_officer).filter(pk=dossier.pk).exists()
    routing.dossier_forward(dossier=dossier, actor=office["desk"])
    routing.dossier_task_claim(dossier=dossier, actor=office["an"])
    routing.dossier_forward(
        dossier=dossier, actor=office["an"], to_agency=partner, working_days=Decimal(1)
    )
    task = routing.open_task(dossier)
    assert task.inter_agency and task.agency == partner
    assert selectors.dossier_list_for(user=partner_officer).filter(pk=dossier.pk).exists()
    assert selectors.dossier_inbox_for(user=partner_officer).filter(pk=dossier.pk).exists()
    assert not selectors.dossier_inbox_for(user=office["an"]).filter(pk=dossier.pk).exists()
    routing.dossier_forward(dossier=dossier, actor=partner_officer, note="Đồng ý")
    task = routing.open_task(dossier)
    # Back to the step that asked, for the specialist who asked.
    assert (task.agency, task.plan_index, task.assignee) == (office["department"], 0, office["an"])


def test_assignment_by_the_head_only_to_someone_with_the_role(office):
    dossier = accepted(office)
    routing.dossier_forward(dossier=dossier, actor=office["desk"])
    with pytest.raises(DossierPermissionError):
        routing.dossier_task_assign(dossier=dossier, actor=office["an"], assignee=office["binh"])
    with pytest.raises(DossierRuleError):  # the desk officer is no specialist there
        routing.dossier_task_assign(dossier=dossier, actor=office["head"], assignee=office["desk"])
    task = routing.dossier_task_assign(
        dossier=dossier, actor=office["head"], assignee=office["binh"]
    )
    assert task.assignee == office["binh"]
    # Now only Bình (or the head) acts on it.
    with pytest.raises(DossierPermissionError):
        routing.dossier_forward(dossier=dossier, actor=office["an"])


def test_an_administrator_defined_process_replaces_the_default(office):
    procedure = Procedure.objects.get(code="1.000001")
    with pytest.raises(InvalidInputError):
        process_definition_save(
            procedure=procedure,
            steps=[PlanStep("Thẩm định", None, "specialist", Decimal(5))],
            total_days=Decimal(3),
        )
    process_definition_save(
        procedure=procedure,
        steps=[
            PlanStep("Thẩm định", None, "specialist", Decimal("1.5")),
            PlanStep("Trình ký", None, "head", Decimal("1")),
            PlanStep("Phát hành", None, "specialist", Decimal("0.5")),
        ],
        total_days=Decimal(3),
    )
    dossier = accepted(office)
    assert [s.name for s in routing.plan_of(dossier)] == ["Thẩm định", "Trình ký", "Phát hành"]
    # A later edit does not change a dossier already accepted.
    process_definition_save(
        procedure=procedure,
        steps=[PlanStep("Một bước", None, "head", Decimal(3))],
        total_days=Decimal(3),
    )
    assert len(Dossier.objects.get(pk=dossier.pk).process_plan) == 3


def test_supplement_pauses_the_step_and_withdrawal_closes_it(office):
    dossier = accepted(office)
    routing.dossier_forward(dossier=dossier, actor=office["desk"])
    step_due = routing.open_task(dossier).due_at
    dossier, _repeated = services.dossier_request_supplement(
        dossier=dossier, actor=office["an"], items=["Giấy chứng sinh"], reason="Thiếu"
    )
    assert routing.open_task(dossier) is not None  # the step waits with the dossier
    dossier = services.dossier_supplement_received(dossier=dossier, actor=office["alice"])
    assert dossier.current_agency == office["department"]
    assert routing.open_task(dossier).due_at >= step_due
    services.dossier_withdraw(dossier=dossier, actor=office["alice"], reason="Không cần nữa")
    assert routing.open_task(dossier) is None
    assert DossierTask.objects.filter(dossier=dossier, state=TaskState.CANCELLED).count() == 1


def test_stop_needs_the_head_a_reason_and_a_basis(office):
    dossier = accepted(office)
    routing.dossier_forward(dossier=dossier, actor=office["desk"])
    with pytest.raises(DossierRuleError):
        services.dossier_stop(dossier=dossier, actor=office["head"], reason="x", basis="")
    with pytest.raises(DossierPermissionError):
        services.dossier_stop(
            dossier=dossier, actor=office["an"], reason="Không đủ điều kiện", basis="Điều 5"
        )
    dossier = services.dossier_stop(
        dossier=dossier,
        actor=office["head"],
        reason="Không đủ điều kiện",
        basis="Điều 5 Nghị định 123/2015/NĐ-CP",
    )
    assert dossier.state == S.STOPPED and dossier.processing_ended_at is not None
    assert routing.open_task(dossier) is None and dossier.current_agency is None
