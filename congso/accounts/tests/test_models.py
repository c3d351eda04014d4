# SPDX-License-Identifier: MIT
"""One-row invariants hold in the database itself, whatever code writes the row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from congso.accounts.models import (
    Citizen,
    OfficerRole,
    Organisation,
    Representation,
)

from .conftest import make_citizen

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        fields.pop("model").objects.create(**fields)


def test_citizen_rows_that_break_an_invariant_are_refused():
    refused(model=Citizen, full_name="A", citizen_id="12345")
    refused(model=Citizen, full_name="A", citizen_id="")
    refused(model=Citizen, full_name="A", phone="0912345678")
    refused(model=Citizen, full_name="A", sex="x")
    refused(model=Citizen, full_name="A", identity_level=7)
    refused(model=Citizen, full_name="A", identity_provider="dev")
    refused(model=Citizen, full_name="A", identity_subject="s-1")
    refused(model=Citizen, full_name="A", vneid_verified=True, identity_level=2)


def test_two_citizens_cannot_share_an_id_or_a_login_but_many_have_none():
    make_citizen("046099001234", "A", identity_provider="dev", identity_subject="s-1")
    refused(model=Citizen, full_name="B", citizen_id="046099001234")
    refused(model=Citizen, full_name="B", identity_provider="dev", identity_subject="s-1")
    Citizen.objects.create(full_name="C")
    Citizen.objects.create(full_name="D")
    Citizen.objects.create(full_name="E", identity_provider="vneid", identity_subject="s-1")


def test_the_model_clean_checks_the_id_against_the_date_of_birth():
    citizen = Citizen(full_name="A", citizen_id="046099001234", date_of_birth=date(1998, 1, 1))
    with pytest.raises(ValidationError) as exc_info:
        citizen.full_clean()
    assert "citizen_id" in exc_info.value.message_dict


def test_a_business_needs_a_valid_tax_code():
    refused(model=Organisation, name="X", kind="business")
    refused(model=Organisation, name="X", kind="cooperative")
    refused(model=Organisation, name="X", kind="other", tax_code="12345")
    refused(model=Organisation, name="X", kind="nonsense")
    Organisation.objects.create(name="Hội Nông dân", kind="other")
    Organisation.objects.create(name="Công ty", kind="business", tax_code="0100233488")
    refused(model=Organisation, name="Công ty 2", kind="business", tax_code="0100233488")


def test_the_dvcqg_subject_kinds_follow_domain_6_3(citizen):
    assert citizen.dvcqg_subject_kind == 1
    kinds = {"business": 2, "cooperative": 2, "state_agency": 3, "other": 4}
    for kind, expected in kinds.items():
        assert Organisation(name="X", kind=kind).dvcqg_subject_kind == expected


def test_representation_invariants(citizen, other_citizen):
    company = Organisation.objects.create(name="Công ty", kind="business", tax_code="0100233488")
    base = {"model": Representation, "representative": citizen, "authorisation_reference": "GUQ 1"}
    refused(**base, kind="authorised")  # no principal
    refused(**base, kind="authorised", for_organisation=company, for_citizen=other_citizen)
    refused(**base, kind="authorised", for_citizen=citizen)  # oneself
    refused(**base, kind="employee", for_citizen=other_citizen)
    refused(**base, kind="family_member", for_organisation=company)
    refused(**{**base, "authorisation_reference": ""}, kind="authorised", for_citizen=other_citizen)
    refused(
        **base,
        kind="authorised",
        for_citizen=other_citizen,
        valid_from=date(2025, 2, 1),
        valid_to=date(2025, 1, 31),
    )
    Representation.objects.create(
        representative=citizen, for_organisation=company, kind="legal_representative"
    )
    refused(
        model=Representation,
        representative=citizen,
        for_organisation=company,
        kind="legal_representative",
    )


def test_one_current_grant_per_officer_agency_and_role(officer, agency):
    refused(model=OfficerRole, user=officer, agency=agency, role="reception")
    refused(model=OfficerRole, user=officer, agency=agency, role="janitor")
    OfficerRole.objects.filter(user=officer).update(revoked_at=timezone.now())
    OfficerRole.objects.create(user=officer, agency=agency, role="reception")


def test_is_active_on_follows_dates_and_revocation(officer, agency):
    today = timezone.localdate()
    role = OfficerRole(
        user=officer, agency=agency, role="head", valid_from=today, valid_to=today + timedelta(1)
    )
    assert role.is_active
    assert not role.is_active_on(today - timedelta(1))
    assert not role.is_active_on(today + timedelta(2))
    role.revoked_at = timezone.now()
    assert not role.is_active
    assert role.is_active_on(today - timedelta(0)) is False
