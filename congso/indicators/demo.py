# SPDX-License-Identifier: MIT
"""Demo targets of a digital-transformation plan, labelled as demo (values are illustrative)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from .models import Target, TargetMeasurement

BASELINE_DATE = dt.date(2025, 1, 1)
DUE = dt.date(2026, 12, 31)
# code, name, unit, direction, baseline, target, source, indicator, demo measurement
TARGETS = [
    (
        "DEMO-01",
        "Tỷ lệ hồ sơ giải quyết đúng hạn",
        "%",
        "at_least",
        95,
        98,
        "indicator",
        "on_time",
        None,
    ),
    ("DEMO-02", "Tỷ lệ hồ sơ số hóa", "%", "at_least", 50, 80, "indicator", "digitised", None),
    (
        "DEMO-03",
        "Tỷ lệ tái sử dụng dữ liệu số hóa",
        "%",
        "at_least",
        20,
        50,
        "indicator",
        "reused",
        None,
    ),
    (
        "DEMO-04",
        "Tỷ lệ hồ sơ trực tuyến toàn trình",
        "%",
        "at_least",
        40,
        70,
        "indicator",
        "fully_online",
        None,
    ),
    ("DEMO-05", "Tỷ lệ hồ sơ nộp trực tuyến", "%", "at_least", 50, 80, "indicator", "online", None),
    ("DEMO-06", "Tỷ lệ thanh toán trực tuyến", "%", "at_least", 30, 60, "manual", "", 64),
    (
        "DEMO-07",
        "Tỷ lệ người dân hài lòng",
        "%",
        "at_least",
        85,
        95,
        "indicator",
        "satisfied",
        None,
    ),
    (
        "DEMO-08",
        "Thời gian giải quyết trung bình",
        "ngày làm việc",
        "at_most",
        8,
        5,
        "indicator",
        "average_days",
        None,
    ),
    (
        "DEMO-09",
        "Tỷ lệ dân số trưởng thành có điện thoại thông minh",
        "%",
        "at_least",
        75,
        90,
        "manual",
        "",
        91,
    ),
    ("DEMO-10", "Tỷ lệ hộ gia đình có cáp quang", "%", "at_least", 80, 95, "manual", "", 96),
    ("DEMO-11", "Tỷ lệ văn bản điện tử có ký số", "%", "at_least", 90, 100, "manual", "", 99),
    (
        "DEMO-12",
        "Số cơ sở dữ liệu chuyên ngành kết nối LGSP",
        "CSDL",
        "at_least",
        10,
        25,
        "manual",
        "",
        26,
    ),
    (
        "DEMO-13",
        "Tỷ lệ người dân có tài khoản VNeID mức 2",
        "%",
        "at_least",
        40,
        80,
        "manual",
        "",
        82,
    ),
    (
        "DEMO-14",
        "Tỷ lệ doanh nghiệp dùng hóa đơn điện tử",
        "%",
        "at_least",
        90,
        100,
        "manual",
        "",
        100,
    ),
]


def load_demo_data(stdout: Any) -> None:
    """Idempotent: fourteen demo targets, the manual ones with one demo measurement."""
    created = 0
    with transaction.atomic():
        for code, name, unit, direction, base, goal, source, key, measured in TARGETS:
            target, made = Target.objects.update_or_create(
                code=code,
                defaults={
                    "name": f"[DEMO] {name}",
                    "unit": unit,
                    "direction": direction,
                    "baseline": Decimal(base),
                    "baseline_date": BASELINE_DATE,
                    "target_value": Decimal(goal),
                    "due_date": DUE,
                    "source": source,
                    "indicator": key,
                    "is_demo": True,
                },
            )
            created += made
            if measured is not None and not target.measurements.exists():
                TargetMeasurement.objects.create(
                    target=target,
                    measured_on=dt.date(2026, 10, 31),
                    value=Decimal(measured),
                    note="demo",
                )
    stdout.write(f"Mục tiêu chuyển đổi số (demo): {created} mới, {len(TARGETS)} tổng")
