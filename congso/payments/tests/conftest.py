# SPDX-License-Identifier: MIT
"""A small province with a procedure whose fees are due at each moment, with reductions."""

from __future__ import annotations

import datetime as dt

import pytest

from congso.accounts.models import OfficerRole
from congso.catalog import services as catalog_services
from congso.catalog.models import Procedure
from congso.catalog.records import ProcedureRecord
from congso.catalog.tests.factories import NAMES, record_data
from congso.dossiers import services as dossier_services
from congso.payments.models import AgencyBankAccount

FEES = [
    {"name": "Phí tiếp nhận", "amount": 10000, "due": "submission"},
    {
        "name": "Lệ phí cấp giấy",
        "amount": 50000,
        "due": "before_processing",
        "reductions": [
            {"group": "Hộ nghèo", "percent": 100, "basis": "Điều 5 Thông tư 85/2019/TT-BTC"},
            {"group": "Người cao tuổi", "percent": 50, "basis": "Nghị quyết 12/2020/NQ-HĐND"},
            {"group": "Thương binh", "amount": 20000, "basis": "Nghị quyết 12/2020/NQ-HĐND"},
        ],
    },
    {"name": "Phí sao y", "amount": 5000, "basis": "per_copy", "due": "before_result"},
]
CODE = "1.000002"


def fee_record() -> ProcedureRecord:
    data = record_data(1, *NAMES[1])
    data["fees"] = FEES
    return ProcedureRecord.model_validate(data)


@pytest.fixture
def fees_world(world):
    catalog_services.procedures_upsert(records=[fee_record()])
    for role in ("specialist", "head"):
        OfficerRole.objects.create(
            user=world["desk"], agency=world["centre"], role=role, valid_from=dt.date(2020, 1, 1)
        )
    AgencyBankAccount.objects.create(
        agency=world["centre"],
        bank_bin="970415",
        account_number="113366668888",
        account_name="TRUNG TAM PVHCC",
        is_demo=True,
    )
    return world


def register(world, channel="online"):
    return dossier_services.dossier_register(
        procedure=Procedure.objects.get(code=CODE),
        receiving_agency=world["centre"],
        channel=channel,
        source="portal",
        applicant_name="Nguyễn Thị Bình",
        applicant_user=world["alice"],
        actor=world["alice"],
    )


@pytest.fixture
def accepted(fees_world):
    dossier = register(fees_world)
    return dossier_services.dossier_accept(dossier=dossier, actor=fees_world["desk"])
