# SPDX-License-Identifier: MIT
"""People for the accounts tests: a province, agencies, administrators, officers, citizens."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from congso.accounts.models import Citizen, OfficerRole, OfficerRoleKind, User
from congso.core.models import AdministrativeUnit, Agency

LOCALE = Path(__file__).resolve().parents[1] / "locale"


@pytest.fixture(scope="session", autouse=True)
def _accounts_catalog_compiled():
    """Compile accounts/locale (.mo files are not committed) before any page is rendered."""
    for po_path in LOCALE.glob("*/LC_MESSAGES/django.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog)
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()


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
