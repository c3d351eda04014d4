# SPDX-License-Identifier: MIT
"""Whole lives: a fully online procedure, a partly online one (two waits and a late result
with its apology) and an in-person one registered and scanned at the desk."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine

from congso.accounts.models import OfficerRole
from congso.catalog.models import Procedure
from congso.dossiers import attachments, lateness, results, routing, services
from congso.dossiers.exceptions import DossierRuleError
from congso.dossiers.models import PersonalDocument
from congso.files.tests.samples import pdf_bytes
from congso.workflow.states import NATIONAL_STATUS
from congso.workflow.states import DossierState as S

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HUE)


@pytest.fixture
def office(world):
    for role in ("specialist", "head"):
        OfficerRole.objects.create(
            user=world["desk"], agency=world["centre"], role=role, valid_from=dt.date(2020, 1, 1)
        )
    return world


def online(office, code):
    return services.dossier_register(
        procedure=Procedure.objects.get(code=code),
        receiving_agency=office["centre"],
        channel="online",
        source="portal",
        applicant_name="Nguyễn Thị Bình",
        applicant_user=office["alice"],
        actor=office["alice"],
    )


def through_the_steps(dossier, officer):
    routing.dossier_forward(dossier=dossier, actor=officer)
    routing.dossier_task_claim(dossier=dossier, actor=officer)
    routing.dossier_forward(dossier=dossier, actor=officer)


def national_codes(dossier):
    states = dossier.events.exclude(to_state="").values_list("from_state", "to_state")
    return [NATIONAL_STATUS[S(to)] for frm, to in states if frm != to]


def test_fully_online_ends_with_a_signed_result_in_the_data_store(office):
    dossier = online(office, "1.000001")
    attachments.component_upload(
        dossier=dossier,
        actor=office["alice"],
        document_name="Tờ khai",
        fileobj=BytesIO(pdf_bytes()),
        filename="to-khai.pdf",
    )
    services.dossier_accept(dossier=dossier, actor=office["desk"])
    through_the_steps(dossier, office["desk"])
    results.result_issue(
        dossier=dossier, actor=office["desk"], title="Trích lục khai sinh", decision_text="OK"
    )
    services.dossier_mark_processed(dossier=dossier, actor=office["desk"])
    dossier = services.dossier_return_result(dossier=dossier, actor=office["desk"])
    assert national_codes(dossier) == [1, 2, 4, 9, 10]
    assert PersonalDocument.objects.filter(owner=office["alice"], source_dossier=dossier).exists()
    assert dossier.processing_ended_at <= dossier.due_at


def test_partly_online_with_two_waits_a_late_result_and_its_apology(
    office, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(2025, 11, 3, 9), tick=False):  # Monday
        dossier = online(office, "1.000002")
        # Incomplete at reception: nothing is counted yet.
        services.dossier_request_supplement(
            dossier=dossier, actor=office["desk"], items=["Bản sao CCCD"], reason="Thiếu"
        )
        attachments.component_upload(
            dossier=dossier,
            actor=office["alice"],
            document_name="Bản sao CCCD",
            fileobj=BytesIO(pdf_bytes()),
            filename="cccd.pdf",
        )
        services.dossier_supplement_received(dossier=dossier, actor=office["alice"])
        dossier = services.dossier_accept(dossier=dossier, actor=office["desk"])
    assert dossier.due_at == at(2025, 11, 6, 9)  # 3 working days from acceptance
    with time_machine.travel(at(2025, 11, 4, 9), tick=False):
        routing.dossier_forward(dossier=dossier, actor=office["desk"])
        dossier, repeated = services.dossier_request_supplement(
            dossier=dossier, actor=office["desk"], items=["Giấy xác nhận"], reason="Cần xác minh"
        )
    assert repeated  # the second request is allowed, and flagged for the 766 index
    with time_machine.travel(at(2025, 11, 5, 9), tick=False):  # the applicant took a day
        dossier = services.dossier_supplement_received(dossier=dossier, actor=office["alice"])
    assert dossier.due_at == at(2025, 11, 7, 9)  # the pause moved the date by a day
    with time_machine.travel(at(2025, 11, 7, 8), tick=False):  # one hour left, not done
        assert lateness.dossier_due_soon_scan() == 1
        lateness.dossier_extension_send(
            dossier=dossier,
            actor=office["desk"],
            reason="Chờ kết quả xác minh",
            new_due_at=at(2025, 11, 11, 17),
            signer_name="Lê Văn Đức",
            signer_title="Giám đốc",
        )
    with time_machine.travel(at(2025, 11, 10, 10), tick=False):
        routing.dossier_task_claim(dossier=dossier, actor=office["desk"])
        routing.dossier_forward(dossier=dossier, actor=office["desk"])
        dossier = services.dossier_mark_processed(dossier=dossier, actor=office["desk"])
        dossier = services.dossier_return_result(dossier=dossier, actor=office["desk"])
    assert national_codes(dossier) == [1, 5, 1, 2, 4, 5, 4, 9, 10]
    assert dossier.original_due_at == at(2025, 11, 6, 9)
    assert dossier.due_at == at(2025, 11, 11, 17)
    assert dossier.supplement_count == 2
    assert dossier.extensions.get().sent_late  # on the last day


def test_in_person_is_registered_and_scanned_at_the_desk(office):
    with pytest.raises(DossierRuleError):
        online(office, "1.000003")  # not an online procedure
    dossier = services.dossier_register(
        procedure=Procedure.objects.get(code="1.000003"),
        receiving_agency=office["centre"],
        channel="direct",
        source="desk",
        applicant_name="Lê Thị Hồng",
        applicant_fields={"applicant_id_number": "046190000999"},
        actor=office["desk"],
    )
    name = attachments.catalog_document_names(dossier)[0]
    scanned = attachments.component_upload(
        dossier=dossier,
        actor=office["desk"],
        document_name=name,
        fileobj=BytesIO(pdf_bytes()),
        filename="scan.pdf",
        originals=1,
    )
    assert scanned.origin == "digitised" and scanned.digitised
    services.dossier_accept(dossier=dossier, actor=office["desk"])
    through_the_steps(dossier, office["desk"])
    services.dossier_mark_processed(dossier=dossier, actor=office["desk"])
    dossier = services.dossier_return_result(dossier=dossier, actor=office["desk"])
    assert (dossier.channel, dossier.source, dossier.state) == ("direct", "desk", S.RETURNED)
    assert national_codes(dossier) == [1, 2, 4, 9, 10]
