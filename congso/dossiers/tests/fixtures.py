# SPDX-License-Identifier: MIT
"""A small province for dossier tests: a service centre, another agency, citizens and officers."""

from __future__ import annotations

import datetime as dt

import pytest

from congso.accounts.models import OfficerRole
from congso.catalog import services as catalog_services
from congso.catalog.tests.factories import sample_records
from congso.core.models import AdministrativeUnit, Agency


@pytest.fixture
def world(db, django_user_model):
    unit = AdministrativeUnit.objects.create(
        scheme="2025", level="province", code="46", name="Huế", division_type="x"
    )
    centre = Agency.objects.create(
        code="000.00.01.H46", name="Trung tâm", kind="province_centre", level="province", unit=unit
    )
    other = Agency.objects.create(
        code="000.00.13.H46", name="Sở khác", kind="department", level="province", unit=unit
    )
    catalog_services.procedures_upsert(records=sample_records())
    users = {
        name: django_user_model.objects.create_user(name, password="x")
        for name in ("alice", "bob", "desk", "stranger")
    }
    OfficerRole.objects.create(
        user=users["desk"], agency=centre, role="reception", valid_from=dt.date(2020, 1, 1)
    )
    OfficerRole.objects.create(
        user=users["stranger"], agency=other, role="reception", valid_from=dt.date(2020, 1, 1)
    )
    return {"centre": centre, **users}
