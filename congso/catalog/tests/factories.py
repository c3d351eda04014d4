# SPDX-License-Identifier: MIT
"""Procedure records for tests: small, realistic, with the near-duplicates real catalogs have."""

from __future__ import annotations

from typing import Any

from congso.catalog.records import ProcedureRecord

_FIELDS = {
    "HT": ("Hộ tịch", "Civil status"),
    "CT": ("Chứng thực", "Certification"),
    "XD": ("Xây dựng", "Construction"),
    "KD": ("Thành lập và hoạt động của hộ kinh doanh", "Household businesses"),
    "DB": ("Đường bộ", "Road traffic"),
}

NAMES = [
    ("HT", "Đăng ký khai sinh", "Birth registration", ["commune"], "full"),
    ("HT", "Đăng ký lại khai sinh", "Re-registration of birth", ["commune"], "partial"),
    ("HT", "Đăng ký khai sinh lưu động", "Mobile birth registration", ["commune"], "none"),
    (
        "HT",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Birth registration with a foreign element",
        ["commune"],
        "partial",
    ),
    ("HT", "Đăng ký kết hôn", "Marriage registration", ["commune"], "partial"),
    (
        "HT",
        "Đăng ký kết hôn có yếu tố nước ngoài",
        "Marriage registration with a foreign element",
        ["commune"],
        "partial",
    ),
    ("HT", "Đăng ký lại kết hôn", "Re-registration of marriage", ["commune"], "partial"),
    ("HT", "Đăng ký khai tử", "Death registration", ["commune"], "full"),
    (
        "HT",
        "Cấp bản sao trích lục hộ tịch",
        "Copy of a civil-status extract",
        ["commune", "province"],
        "full",
    ),
    ("HT", "Xác nhận tình trạng hôn nhân", "Certificate of marital status", ["commune"], "full"),
    (
        "CT",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
        "Certified copy from the original",
        ["commune"],
        "full",
    ),
    (
        "CT",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Signature certification",
        ["commune"],
        "none",
    ),
    (
        "XD",
        "Cấp giấy phép xây dựng đối với công trình nhà ở riêng lẻ",
        "Building permit for a detached house",
        ["commune"],
        "partial",
    ),
    (
        "XD",
        "Cấp giấy phép xây dựng sửa chữa, cải tạo công trình",
        "Building permit for repair or renovation",
        ["province"],
        "partial",
    ),
    ("XD", "Gia hạn giấy phép xây dựng", "Extension of a building permit", ["province"], "partial"),
    (
        "XD",
        "Cấp giấy phép di dời công trình",
        "Permit to relocate a structure",
        ["province"],
        "none",
    ),
    (
        "KD",
        "Đăng ký thành lập hộ kinh doanh",
        "Registration of a household business",
        ["commune"],
        "full",
    ),
    (
        "KD",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Change of household business registration",
        ["commune"],
        "full",
    ),
    (
        "DB",
        "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
        "Exchange of a driving licence",
        ["province"],
        "full",
    ),
    ("DB", "Cấp lại giấy phép lái xe", "Reissue of a driving licence", ["province"], "full"),
]


def record_data(
    index: int, field: str, name: str, name_en: str, levels: list[str], online: str
) -> dict[str, Any]:
    field_name, field_name_en = _FIELDS[field]
    return {
        "code": f"1.{index + 1:06d}",
        "name": name,
        "name_en": name_en,
        "description": f"Thủ tục {name.lower()}.",
        "decision_number": "QĐ 100/QĐ-UBND",
        "levels": levels,
        "field_code": field,
        "field_name": field_name,
        "field_name_en": field_name_en,
        "steps": [{"description": "Nộp hồ sơ tại Bộ phận Một cửa."}],
        "channels": [
            {"kind": "direct", "processing_time": "3", "time_unit": "working_day"},
            *(
                [{"kind": "online", "processing_time": "3", "time_unit": "working_day"}]
                if online != "none"
                else []
            ),
        ],
        "fees": [{"name": "Lệ phí", "amount": 8000 if index % 3 else 0}],
        "documents": [
            {"name": "Tờ khai theo mẫu", "originals": 1, "template_name": "Mẫu tờ khai"},
            {"name": "Giấy tờ tùy thân", "copies": 1},
        ],
        "subjects": ["Công dân Việt Nam"],
        "results": [{"name": "Kết quả giải quyết"}],
        "legal_bases": [{"number": "60/2014/QH13", "title": "Luật Hộ tịch"}],
        "online_level": online,
        "full_online_eligible": online == "full",
        "is_demo": True,
    }


def sample_records() -> list[ProcedureRecord]:
    return [ProcedureRecord.model_validate(record_data(i, *row)) for i, row in enumerate(NAMES)]
