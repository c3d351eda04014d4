# SPDX-License-Identifier: MIT
"""Officer roles: who may grant what, revocation keeps history, expiry ends a role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from congso.accounts import selectors, services
from congso.accounts.exceptions import (
    AlreadyRevokedError,
    NotAllowedError,
    RoleAlreadyGrantedError,
)
from congso.accounts.models import OfficerRole, OfficerRoleKind
from congso.core.exceptions import InvalidInputError

from .conftest import grant, make_user

pytestmark = pytest.mark.django_db
R = OfficerRoleKind


def test_an_agency_admin_grants_working_roles_in_their_agency(agency_admin, agency):
    clerk = make_user("clerk")
    role = services.officer_role_grant(
        actor=agency_admin, user=clerk, agency=agency, role=R.SPECIALIST, basis="QĐ 12/QĐ-STP"
    )
    assert role.granted_by == agency_admin and role.valid_from == timezone.localdate()
    assert selectors.user_has_role(user=clerk, agency=agency, role=R.SPECIALIST)


@pytest.mark.parametrize("role", [R.AGENCY_ADMIN, R.PROVINCE_ADMIN])
def test_an_agency_admin_cannot_make_administrators(agency_admin, agency, role):
    with pytest.raises(NotAllowedError):
        services.officer_role_grant(
            actor=agency_admin, user=make_user("x"), agency=agency, role=role
        )


def test_an_agency_admin_cannot_grant_in_another_agency(agency_admin, other_agency):
    with pytest.raises(NotAllowedError):
        services.officer_role_grant(
            actor=agency_admin, user=make_user("x"), agency=other_agency, role=R.RECEPTION
        )


def test_nobody_but_a_superuser_grants_themselves_a_role(
    agency_admin, province_admin, agency, superuser
):
    for actor in (agency_admin, province_admin):
        with pytest.raises(NotAllowedError):
            services.officer_role_grant(actor=actor, user=actor, agency=agency, role=R.HEAD)
    services.officer_role_grant(
        actor=superuser, user=superuser, agency=agency, role=R.PROVINCE_ADMIN
    )


def test_officers_and_citizens_cannot_grant_roles(officer, citizen, agency):
    target = make_user("x")
    for actor in (officer, citizen.user):
        with pytest.raises(NotAllowedError):
            services.officer_role_grant(actor=actor, user=target, agency=agency, role=R.HEAD)


def test_a_province_admin_grants_anything_anywhere(province_admin, other_agency):
    services.officer_role_grant(
        actor=province_admin, user=make_user("x"), agency=other_agency, role=R.AGENCY_ADMIN
    )


def test_a_duplicate_active_grant_is_a_clear_error(agency_admin, officer, agency):
    with pytest.raises(RoleAlreadyGrantedError) as exc_info:
        services.officer_role_grant(
            actor=agency_admin, user=officer, agency=agency, role=R.RECEPTION
        )
    assert exc_info.value.http_status == 409


def test_a_future_grant_also_blocks_a_duplicate(agency_admin, agency):
    clerk = make_user("clerk")
    tomorrow = timezone.localdate() + timedelta(days=1)
    services.officer_role_grant(
        actor=agency_admin, user=clerk, agency=agency, role=R.HEAD, valid_from=tomorrow
    )
    assert not selectors.user_has_role(user=clerk, agency=agency, role=R.HEAD)
    assert selectors.user_has_role(user=clerk, agency=agency, role=R.HEAD, on=tomorrow)
    with pytest.raises(RoleAlreadyGrantedError):
        services.officer_role_grant(actor=agency_admin, user=clerk, agency=agency, role=R.HEAD)


def test_an_expired_role_is_not_active_and_can_be_granted_again(agency_admin, agency):
    clerk = make_user("clerk")
    today = timezone.localdate()
    old = grant(
        clerk,
        agency,
        R.SPECIALIST,
        valid_from=today - timedelta(days=60),
        valid_to=today - timedelta(days=1),
    )
    assert not selectors.user_has_role(user=clerk, agency=agency, role=R.SPECIALIST)
    assert selectors.user_has_role(
        user=clerk, agency=agency, role=R.SPECIALIST, on=today - timedelta(days=30)
    )
    assert list(selectors.officer_roles_for(user=clerk)) == []
    new = services.officer_role_grant(
        actor=agency_admin, user=clerk, agency=agency, role=R.SPECIALIST
    )
    old.refresh_from_db()
    assert old.revoked_at is not None and old.valid_to == today - timedelta(days=1)
    assert list(selectors.officer_roles_for(user=clerk)) == [new]


def test_dates_are_checked(agency_admin, agency):
    today = timezone.localdate()
    with pytest.raises(InvalidInputError):
        services.officer_role_grant(
            actor=agency_admin,
            user=make_user("a"),
            agency=agency,
            role=R.HEAD,
            valid_from=today,
            valid_to=today - timedelta(days=1),
        )
    with pytest.raises(InvalidInputError):
        services.officer_role_grant(
            actor=agency_admin,
            user=make_user("b"),
            agency=agency,
            role=R.HEAD,
            valid_from=today - timedelta(days=9),
            valid_to=today - timedelta(days=1),
        )
    with pytest.raises(InvalidInputError):
        services.officer_role_grant(
            actor=agency_admin, user=make_user("c"), agency=agency, role="boss"
        )


def test_a_disabled_account_gets_no_role(agency_admin, agency):
    with pytest.raises(InvalidInputError):
        services.officer_role_grant(
            actor=agency_admin, user=make_user("gone", is_active=False), agency=agency, role=R.HEAD
        )


def test_revoking_keeps_history(agency_admin, officer, agency):
    role = OfficerRole.objects.get(user=officer)
    revoked = services.officer_role_revoke(actor=agency_admin, role=role, reason="Chuyển công tác")
    assert revoked.revoked_by == agency_admin and revoked.revoke_reason == "Chuyển công tác"
    assert OfficerRole.objects.filter(pk=role.pk).exists()
    assert not selectors.user_has_role(user=officer, agency=agency, role=R.RECEPTION)
    yesterday = timezone.localdate() - timedelta(days=1)
    role.valid_from = yesterday
    role.save(update_fields=["valid_from"])
    # Who could do what yesterday is still known.
    assert selectors.user_has_role(user=officer, agency=agency, role=R.RECEPTION, on=yesterday)
    with pytest.raises(AlreadyRevokedError):
        services.officer_role_revoke(actor=agency_admin, role=role)


def test_a_transfer_revokes_the_old_role_and_grants_a_new_one(
    province_admin, officer, agency, other_agency
):
    services.officer_role_revoke(
        actor=province_admin, role=OfficerRole.objects.get(user=officer), reason="Điều động"
    )
    services.officer_role_grant(
        actor=province_admin, user=officer, agency=other_agency, role=R.RECEPTION
    )
    assert list(selectors.officer_agencies_for(user=officer)) == [other_agency]
    assert OfficerRole.objects.filter(user=officer).count() == 2


def test_revocation_obeys_the_same_rules_as_granting(agency_admin, officer_other_agency, officer):
    with pytest.raises(NotAllowedError):
        services.officer_role_revoke(
            actor=agency_admin, role=OfficerRole.objects.get(user=officer_other_agency)
        )
    with pytest.raises(NotAllowedError):
        services.officer_role_revoke(actor=officer, role=OfficerRole.objects.get(user=officer))
    with pytest.raises(NotAllowedError):
        services.officer_role_revoke(
            actor=agency_admin, role=OfficerRole.objects.get(user=agency_admin)
        )
