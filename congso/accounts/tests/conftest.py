# SPDX-License-Identifier: MIT
"""People for the accounts tests: a province, agencies, administrators, officers, citizens."""

from __future__ import annotations

from datetime import date

import pytest

from congso.accounts.models import Citizen, OfficerRole, OfficerRoleKind, User
from congso.core.models import AdministrativeUnit, Agency


@pytest.fixture
def province(db):
    return AdministrativeUnit.objects.create(
        scheme="2025", level="province", code="46", name="Thành phố Huế", division_type="thành phố"
    )


@pytest.fixture
def commune(province):
    return AdministrativeUnit.objects.create(
        scheme="2025",
        level="commune",
        code="19753",
        name="Phường Thuận Hóa",
        division_type="phường",
        parent=province,
    )


def make_agency(unit: AdministrativeUnit, code: str, name: str) -> Agency:
    return Agency.objects.create(
        code=code, name=name, kind="department", level="province", unit=unit
    )


@pytest.fixture
def agency(province):
    return make_agency(province, "000.00.12.H46", "Sở Tư pháp")


@pytest.fixture
def other_agency(province):
    return make_agency(province, "000.00.13.H46", "Sở Xây dựng")


def make_user(username: str, **extra) -> User:
    user = User.objects.create_user(username=username, password="mật-khẩu-đủ-dài-42", **extra)
    return user


def grant(user: User, agency: Agency, role: str, **extra) -> OfficerRole:
    return OfficerRole.objects.create(user=user, agency=agency, role=role, **extra)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(username="root", password="mật-khẩu-đủ-dài-42")


@pytest.fixture
def province_admin(agency):
    user = make_user("tinh", full_name="Quản trị tỉnh")
    grant(user, agency, OfficerRoleKind.PROVINCE_ADMIN)
    return user


@pytest.fixture
def agency_admin(agency):
    user = make_user("quantri", full_name="Quản trị Sở Tư pháp")
    grant(user, agency, OfficerRoleKind.AGENCY_ADMIN)
    return user


@pytest.fixture
def officer(agency):
    user = make_user("motcua", full_name="Cán bộ một cửa")
    grant(user, agency, OfficerRoleKind.RECEPTION)
    return user


@pytest.fixture
def officer_other_agency(other_agency):
    user = make_user("xaydung", full_name="Cán bộ Sở Xây dựng")
    grant(user, other_agency, OfficerRoleKind.RECEPTION)
    return user


@pytest.fixture
def plain_user(db):
    return make_user("khach", full_name="Người dùng thường")


def make_citizen(citizen_id: str, full_name: str, *, user: User | None = None, **extra) -> Citizen:
    return Citizen.objects.create(citizen_id=citizen_id, full_name=full_name, user=user, **extra)


@pytest.fixture
def citizen(db):
    user = make_user("congdan-an", full_name="Nguyễn Văn An")
    return make_citizen(
        "046099001234", "Nguyễn Văn An", user=user, date_of_birth=date(1999, 3, 4), sex="male"
    )


@pytest.fixture
def other_citizen(db):
    user = make_user("congdan-binh", full_name="Trần Thị Bình")
    return make_citizen(
        "046301005678", "Trần Thị Bình", user=user, date_of_birth=date(2001, 7, 8), sex="female"
    )
