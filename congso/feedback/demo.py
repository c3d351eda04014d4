# SPDX-License-Identifier: MIT
"""DEMO DATA for field reports: categories, demo boundaries, an Open311 client, reports.

The boundaries below are rough rectangles drawn around six central wards of Huế and one
around the whole city, so that routing can be tried. They are NOT the official
boundaries: replace them with the province's data (`manage.py import_unit_boundaries`).
Every demo row has is_demo set and demo reports start with "[DEMO]".
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from congso.core.models import AdministrativeUnit, Agency, UnitScheme

from . import services
from .boundaries import unit_boundaries_import
from .models import (
    ApiClient,
    AttributeType,
    Category,
    CategoryAttribute,
    CategoryGroup,
    Channel,
    FieldReport,
)
from .states import DeadlineUnit

DEMO_API_KEY = "demo-open311-key-not-for-production"
DEMO_SOURCE = "DEMO — approximate rectangles, not official boundaries"

# code, south, west, north, east
DEMO_WARDS = [
    ("19768", 16.465, 107.555, 16.490, 107.595),  # Phú Xuân
    ("19786", 16.445, 107.565, 16.465, 107.605),  # Thuận Hóa
    ("19777", 16.465, 107.595, 16.485, 107.625),  # Vỹ Dạ
    ("19810", 16.445, 107.520, 16.480, 107.555),  # Kim Long
    ("19815", 16.430, 107.605, 16.465, 107.635),  # An Cựu
    ("19813", 16.420, 107.550, 16.445, 107.605),  # Thủy Xuân
]
DEMO_PROVINCE = ("46", 15.95, 107.00, 16.80, 108.25)

GROUPS = [
    ("giao-thong", "Giao thông", "Traffic", 1),
    ("chieu-sang", "Điện chiếu sáng", "Street lighting", 2),
    ("moi-truong", "Môi trường", "Environment", 3),
    ("thoat-nuoc", "Cấp thoát nước", "Water and drainage", 4),
    ("trat-tu-do-thi", "Trật tự đô thị", "Urban order", 5),
    ("khac", "Khác", "Other", 9),
]
# code, group, name, name_en, default agency code (None: the commune), deadline, unit
CATEGORIES = [
    (
        "o-ga",
        "giao-thong",
        "Mặt đường hư hỏng, ổ gà",
        "Damaged road, pothole",
        "000.00.04.H46",
        5,
        DeadlineUnit.DAYS,
    ),
    (
        "den-tin-hieu",
        "giao-thong",
        "Đèn tín hiệu giao thông hỏng",
        "Broken traffic light",
        "000.00.04.H46",
        8,
        DeadlineUnit.HOURS,
    ),
    (
        "den-duong",
        "chieu-sang",
        "Đèn đường không sáng",
        "Street light out",
        "000.00.04.H46",
        3,
        DeadlineUnit.DAYS,
    ),
    (
        "rac-thai",
        "moi-truong",
        "Rác thải, đổ trộm phế thải",
        "Rubbish, illegal dumping",
        None,
        3,
        DeadlineUnit.DAYS,
    ),
    (
        "o-nhiem",
        "moi-truong",
        "Ô nhiễm môi trường",
        "Pollution",
        "000.00.05.H46",
        10,
        DeadlineUnit.DAYS,
    ),
    (
        "ngap-ung",
        "thoat-nuoc",
        "Ngập úng, tắc cống",
        "Flooding, blocked drain",
        None,
        2,
        DeadlineUnit.DAYS,
    ),
    (
        "lan-chiem",
        "trat-tu-do-thi",
        "Lấn chiếm vỉa hè, lòng đường",
        "Pavement or road occupied",
        None,
        5,
        DeadlineUnit.DAYS,
    ),
    ("khac", "khac", "Phản ánh khác", "Other problem", None, 15, DeadlineUnit.DAYS),
]
QUESTIONS = [
    ("den-duong", "so-cot", "Số cột đèn (ghi trên thân cột)", AttributeType.STRING, False, []),
    ("ngap-ung", "do-sau", "Nước ngập sâu khoảng", AttributeType.SINGLE, True,
     [{"key": "duoi-20", "name": "Dưới 20 cm"}, {"key": "20-50", "name": "20–50 cm"},
      {"key": "tren-50", "name": "Trên 50 cm"}]),
    ("rac-thai", "loai-rac", "Loại rác", AttributeType.MULTI, False,
     [{"key": "sinh-hoat", "name": "Rác sinh hoạt"},
      {"key": "xay-dung", "name": "Phế thải xây dựng"},
      {"key": "nguy-hai", "name": "Chất thải nguy hại"}]),
]  # fmt: skip
REPORTS = [
    ("o-ga", 16.4712, 107.5801, "Ổ gà lớn giữa đường Lê Duẩn, xe máy dễ ngã.", "Lê Duẩn"),
    ("den-duong", 16.4560, 107.5880, "Ba cột đèn liền nhau không sáng từ tối qua.", "Hùng Vương"),
    (
        "rac-thai",
        16.4750,
        107.6100,
        "Có người đổ trộm phế thải xây dựng cạnh bờ sông.",
        "Nguyễn Sinh Cung",
    ),
    ("ngap-ung", 16.4400, 107.6200, "Mưa lớn, cống tắc, nước tràn vào nhà dân.", "Phan Chu Trinh"),
    (
        "lan-chiem",
        16.4620,
        107.5900,
        "Quán nước lấn chiếm hết vỉa hè, người đi bộ phải xuống lòng đường.",
        "Bến Nghé",
    ),
    ("o-nhiem", 16.4600, 107.5350, "Khói đốt rác buổi tối gây khó thở.", "Kim Long"),
]


def _categories(stdout: Any) -> None:
    groups = {}
    for code, name, name_en, order in GROUPS:
        groups[code], _c = CategoryGroup.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
    agencies = {a.code: a for a in Agency.objects.filter(code__endswith=".H46")}
    for order, (code, group, name, name_en, agency, amount, unit) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            code=code,
            defaults={
                "group": groups[group], "name": name, "name_en": name_en, "order": order,
                "default_agency": agencies.get(agency) if agency else None,
                "deadline_amount": amount, "deadline_unit": unit, "is_demo": True,
                "description": f"{name} (demo)",
            },
        )  # fmt: skip
    for category, code, text, kind, required, values in QUESTIONS:
        CategoryAttribute.objects.update_or_create(
            category=Category.objects.get(code=category),
            code=code,
            defaults={
                "description": text,
                "datatype": kind,
                "required": required,
                "values": values,
            },
        )
    stdout.write(f"Phản ánh (demo): {len(CATEGORIES)} lĩnh vực")


def _boundaries(stdout: Any) -> None:
    def rect(south: float, west: float, north: float, east: float) -> dict[str, Any]:
        ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
        return {"type": "Polygon", "coordinates": [ring]}

    rows = [*DEMO_WARDS, DEMO_PROVINCE]
    known = set(
        AdministrativeUnit.objects.filter(
            scheme=UnitScheme.CURRENT, code__in=[r[0] for r in rows]
        ).values_list("code", flat=True)
    )
    features = [
        {"type": "Feature", "properties": {"code": code}, "geometry": rect(s, w, n, e)}
        for code, s, w, n, e in rows
        if code in known
    ]
    result = unit_boundaries_import(
        collection={"type": "FeatureCollection", "features": features},
        source=DEMO_SOURCE,
        is_demo=True,
    )
    stdout.write(f"Ranh giới (demo, gần đúng): {result.created} mới, {result.updated} cập nhật")


def _api_client(stdout: Any) -> None:
    if not ApiClient.objects.filter(is_demo=True).exists():
        ApiClient.objects.create(
            name="Ứng dụng Open311 demo",
            key_prefix=DEMO_API_KEY[:8],
            key_hash=services.key_hash(DEMO_API_KEY),
            is_demo=True,
        )
    stdout.write(f"Open311 api_key (demo): {DEMO_API_KEY}")


def _permissions() -> None:
    hotline = Permission.objects.filter(codename="take_hotline_calls").first()
    user = get_user_model().objects.filter(username="tiepnhan").first()
    if hotline and user:
        user.user_permissions.add(hotline)


def _reports(stdout: Any) -> None:
    if FieldReport.objects.filter(is_demo=True).exists():
        return
    coordinator = get_user_model().objects.filter(username="quantri", is_superuser=True).first()
    created = []
    for code, lat, lon, text, street in REPORTS:
        category = Category.objects.get(code=code)
        answers = {"do-sau": ["20-50"]} if code == "ngap-ung" else {}
        report, _key = services.field_report_create(
            data=services.ReportInput(
                category=category, description=f"[DEMO] {text}", lat=lat, lon=lon,
                address=f"Đường {street} (demo)", attributes=answers,
            ),
            channel=Channel.WEB,
            is_demo=True,
        )  # fmt: skip
        created.append(report)
    if coordinator is not None and len(created) > 1:
        first = created[0]
        if first.agency_id:
            services.field_report_start(report=first, actor=coordinator)
            services.field_report_answer(
                report=first, actor=coordinator, answer="[DEMO] Đã vá ổ gà, thông xe trong ngày."
            )
    stdout.write(f"Phản ánh (demo): {len(created)} phản ánh mẫu")


def load_demo_data(stdout: Any) -> None:
    """Idempotent: categories and boundaries are updated, reports created once."""
    with transaction.atomic():
        _categories(stdout)
        _boundaries(stdout)
        _api_client(stdout)
        _permissions()
    _reports(stdout)
