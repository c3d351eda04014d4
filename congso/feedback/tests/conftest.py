# SPDX-License-Identifier: MIT
"""A small city for field-report tests: two wards with boundaries, a third with only a
centre, their committees, a department, categories, an Open311 client and officers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from PIL import Image

from congso.accounts.models import OfficerRole
from congso.core.models import AdministrativeUnit, Agency
from congso.feedback import services
from congso.feedback.boundaries import boundaries_changed, unit_boundaries_import
from congso.feedback.models import AttributeType, Category, CategoryAttribute, CategoryGroup

# Ward A: lat 16.40–16.45, lon 107.50–107.55; ward B east of it: lon 107.55–107.60.
# Ward C has no polygon, only a centre at (16.49, 107.70). The province: 16.0–17.0, 107.0–108.0.
IN_A = (16.42, 107.52)
IN_B = (16.42, 107.58)
NEAR_C = (16.48, 107.69)
OUTSIDE = (10.77, 106.70)  # Hồ Chí Minh City


def rect(south: float, west: float, north: float, east: float) -> dict[str, Any]:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def jpeg_with_gps(size: tuple[int, int] = (2400, 1800)) -> bytes:
    """A JPEG whose EXIF says where and with what camera it was taken."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = image.getexif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0110] = "Model X"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (16.0, 25.0, 12.0)
    gps[3], gps[4] = "E", (107.0, 31.0, 12.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=80)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _fresh_boundaries():
    boundaries_changed()
    yield
    boundaries_changed()


@pytest.fixture
def city(db, django_user_model, settings) -> dict[str, Any]:
    settings.CONGSO_FIELD_REPORT_AREA = ""
    settings.CONGSO_OFFICER_REQUIRE_OTP = False
    province = AdministrativeUnit.objects.create(
        scheme="2025", level="province", code="46", name="Huế", division_type="thành phố"
    )
    wards = {
        key: AdministrativeUnit.objects.create(
            scheme="2025",
            level="commune",
            code=code,
            name=name,
            division_type="phường",
            parent=province,
        )
        for key, code, name in (
            ("a", "19001", "Phường A"),
            ("b", "19002", "Phường B"),
            ("c", "19003", "Xã C"),
        )
    }
    committees = {
        key: Agency.objects.create(
            code=f"000.00.4{i}.H46",
            name=f"UBND {unit.name}",
            kind="commune_committee",
            level="commune",
            unit=unit,
        )
        for i, (key, unit) in enumerate(wards.items())
    }
    roads = Agency.objects.create(
        code="000.00.04.H46",
        name="Sở Xây dựng",
        kind="department",
        level="province",
        unit=province,
    )
    unit_boundaries_import(
        collection={
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"code": "46"},
                    "geometry": rect(16.0, 107.0, 17.0, 108.0),
                },
                {
                    "type": "Feature",
                    "properties": {"code": "19001"},
                    "geometry": rect(16.40, 107.50, 16.45, 107.55),
                },
                {
                    "type": "Feature",
                    "properties": {"code": "19002"},
                    "geometry": rect(16.40, 107.55, 16.45, 107.60),
                },
                {
                    "type": "Feature",
                    "properties": {"code": "19003"},
                    "geometry": {"type": "Point", "coordinates": [107.70, 16.49]},
                },
            ],
        },
        source="test",
    )
    group = CategoryGroup.objects.create(
        code="moi-truong", name="Môi trường", name_en="Environment"
    )
    rubbish = Category.objects.create(
        code="rac-thai",
        group=group,
        name="Rác thải",
        name_en="Rubbish",
        keywords="rác, phế thải",
        deadline_amount=3,
    )
    pothole = Category.objects.create(
        code="o-ga",
        group=group,
        name="Ổ gà",
        name_en="Pothole",
        default_agency=roads,
        deadline_amount=8,
        deadline_unit="hours",
    )
    CategoryAttribute.objects.create(
        category=rubbish,
        code="loai",
        description="Loại rác",
        datatype=AttributeType.SINGLE,
        required=True,
        order=1,
        values=[{"key": "sinh-hoat", "name": "Sinh hoạt"}, {"key": "xay-dung", "name": "Xây dựng"}],
    )
    CategoryAttribute.objects.create(
        category=rubbish,
        code="so-bao",
        description="Số bao",
        datatype=AttributeType.NUMBER,
        required=False,
        order=2,
    )
    client, key = services.api_client_create(name="App", contact_email="app@example.org")
    users = {
        name: django_user_model.objects.create_user(name, password="x", email=f"{name}@example.org")
        for name in ("coord", "officer_a", "officer_b", "head_a", "citizen")
    }
    users["coord"].user_permissions.add(Permission.objects.get(codename="coordinate_field_reports"))
    for user, agency, role in (
        ("officer_a", committees["a"], "specialist"),
        ("officer_b", committees["b"], "specialist"),
        ("head_a", committees["a"], "head"),
    ):
        OfficerRole.objects.create(
            user=users[user], agency=agency, role=role, valid_from=dt.date(2020, 1, 1)
        )
    return {
        "province": province,
        "wards": wards,
        "committees": committees,
        "roads": roads,
        "rubbish": rubbish,
        "pothole": pothole,
        "client": client,
        "api_key": key,
        **users,
    }


def make_report(city: dict[str, Any], *, point=IN_A, category=None, email="", photos=None, **extra):
    data = services.ReportInput(
        category=category or city["rubbish"],
        description=extra.pop("description", "Rác đổ ở góc đường"),
        lat=point[0],
        lon=point[1],
        attributes=extra.pop("attributes", {"loai": ["sinh-hoat"]}),
        reporter_email=email,
        photos=photos or [],
    )
    return services.field_report_create(data=data, channel="web", **extra)
