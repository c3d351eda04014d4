# SPDX-License-Identifier: MIT
"""Reading roles: only active ones count, and reading them costs a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from congso.accounts import selectors
from congso.accounts.models import OfficerRoleKind

from .conftest import grant, make_agency

pytestmark = pytest.mark.django_db
R = OfficerRoleKind


def test_roles_and_agencies_of_an_officer(officer, agency, other_agency):
    grant(officer, other_agency, R.HEAD)
    yesterday = timezone.localdate() - timedelta(days=1)
    grant(officer, other_agency, R.SPECIALIST, valid_from=yesterday, valid_to=yesterday)
    assert {(r.agency, r.role) for r in selectors.officer_roles_for(user=officer)} == {
        (agency, R.RECEPTION),
        (other_agency, R.HEAD),
    }
    assert list(selectors.officer_agencies_for(user=officer)) == [agency, other_agency]
    assert list(selectors.officer_agencies_for(user=officer, role=R.HEAD)) == [other_agency]
    assert list(selectors.officer_agencies_for(user=officer, role=R.SPECIALIST)) == []
    assert list(selectors.officer_agencies_for(user=officer, role=[R.HEAD, R.RECEPTION])) == [
        agency,
        other_agency,
    ]
    assert selectors.user_is_officer(user=officer)


def test_anonymous_disabled_and_citizen_users_have_no_roles(officer, citizen, agency):
    assert not selectors.officer_roles_for(user=AnonymousUser()).exists()
    assert not selectors.officer_roles_for(user=None).exists()
    assert not selectors.user_is_officer(user=citizen.user)
    officer.is_active = False
    officer.save()
    assert not selectors.user_has_role(user=officer, agency=agency, role=R.RECEPTION)


def test_a_role_in_one_agency_is_not_a_role_in_another(officer, other_agency):
    assert not selectors.user_has_role(user=officer, agency=other_agency, role=R.RECEPTION)


def test_reading_roles_costs_one_query(officer, province, django_assert_num_queries):
    for number in range(20):
        grant(officer, make_agency(province, f"000.00.{20 + number}.H46", f"Sở {number}"), R.HEAD)
    with django_assert_num_queries(1):
        names = [role.agency.name for role in selectors.officer_roles_for(user=officer)]
    assert len(names) == 21


def test_citizen_for_user(citizen, officer):
    assert selectors.citizen_for_user(user=citizen.user) == citizen
    assert selectors.citizen_for_user(user=officer) is None
    assert selectors.citizen_for_user(user=AnonymousUser()) is None
