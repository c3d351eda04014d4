# SPDX-License-Identifier: MIT
from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from congso.core.agencies import agencies_upsert
from congso.core.exceptions import InvalidInputError
from congso.core.models import AdministrativeUnit, Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def hue():
    return AdministrativeUnit.objects.create(
        scheme="2025",
        level="province",
        code="46",
        name="Thành phố Huế",
        division_type="thành phố trung ương",
    )


def row(code: str, **extra: str) -> dict[str, str]:
    return {
        "code": code,
        "name": f"Cơ quan {code}",
        "kind": "department",
        "level": "province",
        "unit_code": "46",
        **extra,
    }


def test_agencies_are_created_then_updated(hue):
    assert agencies_upsert(
        rows=[row("000.00.12.H46"), row("000.01.12.H46", parent_code="000.00.12.H46")]
    ) == (2, 0)
    assert Agency.objects.get(code="000.01.12.H46").parent.code == "000.00.12.H46"
    assert agencies_upsert(rows=[row("000.00.12.H46", name="Sở Tư pháp")]) == (0, 1)
    assert agencies_upsert(rows=[row("000.00.12.H46", name="Sở Tư pháp")]) == (0, 0)
    assert Agency.objects.get(code="000.00.12.H46").name == "Sở Tư pháp"


@pytest.mark.parametrize(
    "code", ["000.00.12.h46", "00.00.12.H46", "000.00.12.H4", "000-00-12-H46", "000.00.12.H46 "]
)
def test_a_malformed_agency_code_is_refused_and_nothing_is_kept(hue, code):
    with pytest.raises(InvalidInputError, match=r"000\.00\.00\.H00"):
        agencies_upsert(rows=[row("000.00.13.H46"), row(code)])
    assert not Agency.objects.exists()


def test_unknown_unit_or_parent_is_refused(hue):
    with pytest.raises(InvalidInputError, match="99"):
        agencies_upsert(rows=[row("000.00.12.H46", unit_code="99")])
    with pytest.raises(InvalidInputError, match=r"000\.00\.77\.H46"):
        agencies_upsert(rows=[row("000.00.12.H46", parent_code="000.00.77.H46")])
    assert not Agency.objects.exists()


def test_the_database_itself_refuses_a_malformed_code(hue):
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(code="ABC", name="x", kind="other", level="province", unit=hue)
