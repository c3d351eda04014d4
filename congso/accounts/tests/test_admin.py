# SPDX-License-Identifier: MIT
"""The admin site grants and revokes through the services and shows their refusals as errors."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from congso.accounts.models import Citizen, OfficerRole

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(
    "name",
    ["user", "citizen", "organisation", "representation", "officerrole"],
)
def test_admin_pages_open(admin_client, officer, citizen, name):
    assert admin_client.get(reverse(f"admin:accounts_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:accounts_{name}_add")).status_code == 200


def test_the_user_page_lists_roles_read_only(admin_client, officer):
    page = admin_client.get(reverse("admin:accounts_user_change", args=[officer.pk]))
    assert page.status_code == 200 and "Sở Tư pháp" in page.content.decode()


def role_form(user, agency, role="specialist"):
    return {"user": user.pk, "agency": agency.pk, "role": role, "valid_from": "", "basis": ""}


def test_a_role_granted_in_the_admin_goes_through_the_service(admin_client, superuser, agency):
    clerk = make_user("clerk")
    data = {**role_form(clerk, agency), "valid_from": "2026-01-01"}
    response = admin_client.post(reverse("admin:accounts_officerrole_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    role = OfficerRole.objects.get(user=clerk)
    assert role.granted_by == superuser


def test_a_refused_grant_is_a_form_error_not_a_500(
    client, agency_admin, other_agency, officer, agency
):
    agency_admin.is_staff = True
    agency_admin.save()
    agency_admin.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_officerrole", "view_officerrole"])
    )
    client.force_login(agency_admin)
    url = reverse("admin:accounts_officerrole_add")
    data = {**role_form(make_user("clerk"), other_agency), "valid_from": "2026-01-01"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Bạn không có quyền cấp vai trò này trong cơ quan này." in response.content.decode()
    duplicate = {**role_form(officer, agency, "reception"), "valid_from": "2026-01-01"}
    response = client.post(url, duplicate)
    assert "Cán bộ này đã có vai trò này trong cơ quan." in response.content.decode()
    assert OfficerRole.objects.count() == 2  # the agency admin's and the officer's


def test_revoking_from_the_admin_keeps_the_row(admin_client, officer):
    role = OfficerRole.objects.get(user=officer)
    response = admin_client.post(
        reverse("admin:accounts_officerrole_changelist"),
        {"action": "revoke_selected", "_selected_action": [role.pk]},
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.revoked_at is not None


def test_a_citizen_typed_at_the_desk_is_normalised(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_citizen_add"),
        {
            "full_name": "Hồ Thị Lan",
            "citizen_id": "046190000321",
            "date_of_birth": "1990-02-03",
            "sex": "female",
            "phone": "0912 345 678",
            "email": "",
            "address_line": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Citizen.objects.get().phone == "+84912345678"


def test_a_citizen_whose_id_contradicts_the_birth_date_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_citizen_add"),
        {
            "full_name": "Hồ Thị Lan",
            "citizen_id": "046190000321",
            "date_of_birth": "1991-02-03",
            "sex": "female",
            "phone": "",
            "email": "",
            "address_line": "",
        },
    )
    assert response.status_code == 200 and not Citizen.objects.exists()
    assert "1990" in response.content.decode()


def test_the_enrol_action_shows_a_qr_code(admin_client, officer):
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "enrol_authenticator", "_selected_action": [officer.pk]},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<svg" in html and "otpauth://totp/" in html
