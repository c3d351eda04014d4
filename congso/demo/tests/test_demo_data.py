# SPDX-License-Identifier: MIT
"""The demo province's agencies, catalog and synthetic generator (no database needed)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest
from django.core.validators import validate_email
from vietnam_provinces import ProvinceCode, Ward

from congso.catalog.records import AGENCY_CODE_RE, PROCEDURE_CODE_RE, ProcedureRecord
from congso.core.models import AgencyKind
from congso.demo.agencies import demo_agencies
from congso.demo.catalog_data import demo_procedures
from congso.demo.generator import generate_procedures

REQUIRED_NAMES = [
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Đăng ký khai tử",
    "Cấp giấy phép xây dựng đối với công trình nhà ở riêng lẻ",
    "Cấp giấy phép xây dựng sửa chữa, cải tạo công trình",
    "Đăng ký thành lập hộ kinh doanh",
    "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam"
    " cấp hoặc chứng nhận",
    "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
    "Đăng ký thường trú",
]
NEAR_DUPLICATES = [
    "Đăng ký khai sinh lưu động",
    "Đăng ký kết hôn có yếu tố nước ngoài",
    "Đăng ký lại khai sinh",
    "Đăng ký lại kết hôn",
    "Đăng ký khai tử có yếu tố nước ngoài",
]
HUE = ProvinceCode(46)


@pytest.fixture(scope="module")
def procedures() -> list[dict]:
    return demo_procedures()


@pytest.fixture(scope="module")
def agencies() -> list[dict]:
    return demo_agencies()


# --- catalog ------------------------------------------------------------------------------------


def test_every_demo_procedure_validates(procedures):
    for record in procedures:
        ProcedureRecord.model_validate(record)


def test_catalog_is_large_and_spans_many_fields(procedures):
    assert len(procedures) >= 320
    assert len({p["field_code"] for p in procedures}) >= 22
    names_by_field = Counter(p["field_code"] for p in procedures)
    assert len({p["field_name"] for p in procedures}) == len(names_by_field)


def test_codes_and_names_are_unique(procedures):
    codes = [p["code"] for p in procedures]
    names = [p["name"] for p in procedures]
    assert len(set(codes)) == len(codes)
    assert [n for n, c in Counter(names).items() if c > 1] == []
    assert all(PROCEDURE_CODE_RE.match(code) for code in codes)
    assert all(re.match(r"^[12]\.0\d{5}$", code) for code in codes)


def test_names_the_search_tests_rely_on_exist(procedures):
    names = {p["name"] for p in procedures}
    for name in REQUIRED_NAMES + NEAR_DUPLICATES:
        assert name in names, name


def test_everything_is_labelled_demo_and_nfc(procedures):
    for record in procedures:
        assert record["is_demo"] is True
        assert unicodedata.is_normalized("NFC", repr(record)), record["name"]


def test_levels_follow_the_two_level_administration(procedures):
    levels = Counter(level for p in procedures for level in p["levels"])
    assert "district" not in levels
    assert levels["province"] and levels["commune"]
    assert 0 < levels["central"] <= 10


def test_online_levels_are_a_realistic_mix(procedures):
    share = {
        k: v / len(procedures) for k, v in Counter(p["online_level"] for p in procedures).items()
    }
    assert 0.40 <= share["full"] <= 0.50
    assert 0.30 <= share["partial"] <= 0.40
    assert 0.15 <= share["none"] <= 0.25


def test_flags_and_channels_are_consistent(procedures):
    for p in procedures:
        kinds = [c["kind"] for c in p["channels"]]
        assert kinds[0] == "direct"
        assert ("online" in kinds) == (p["online_level"] != "none"), p["name"]
        assert p["full_online_eligible"] == (p["online_level"] == "full"), p["name"]
        if p["cutoff_time"]:
            assert p["cutoff_time"] == "15:00"


def test_each_procedure_has_the_mandatory_components(procedures):
    for p in procedures:
        assert p["name_en"] and p["description"], p["name"]
        assert 1 <= len(p["steps"]) <= 4, p["name"]
        assert 2 <= len(p["documents"]) <= 6, p["name"]
        assert p["fees"] or p["channels"][0]["fee_text"], p["name"]
        assert p["subjects"] and p["results"] and p["legal_bases"], p["name"]
        assert {a["role"] for a in p["agencies"]} >= {"implementing", "competent"}, p["name"]


def test_catalog_has_free_per_copy_and_same_day_procedures(procedures):
    fees = [f for p in procedures for f in p["fees"]]
    units = Counter(c["time_unit"] for p in procedures for c in p["channels"])
    assert any(f["amount"] == 0 for f in fees)
    assert any(f["basis"] == "per_copy" and f["amount"] == 2000 for f in fees)
    assert any(f["exemption"] for f in fees)
    assert {"working_day", "hour", "day", "month"} <= set(units)
    assert units["working_day"] > units["day"] > units["hour"]


def test_agency_references_point_at_demo_agencies(procedures, agencies):
    codes = {a["code"] for a in agencies}
    for p in procedures:
        for ref in p["agencies"]:
            assert ref["name"]
            assert not ref["code"] or ref["code"] in codes, (p["name"], ref)
        if p["levels"] == ["commune"]:
            assert all(not ref["code"] for ref in p["agencies"] if ref["role"] == "implementing")


# --- agencies -----------------------------------------------------------------------------------


def test_agency_codes_are_valid_and_unique(agencies):
    codes = [a["code"] for a in agencies]
    assert len(set(codes)) == len(codes)
    assert all(AGENCY_CODE_RE.match(code) and code.endswith(".H46") for code in codes)


def test_agency_rows_have_the_expected_shape(agencies):
    keys = {"code", "name", "name_en", "short_name", "kind", "level", "unit_code", "parent_code",
            "address", "phone", "email", "is_demo"}  # fmt: skip
    codes = {a["code"] for a in agencies}
    for a in agencies:
        assert set(a) == keys
        assert a["kind"] in AgencyKind.values
        assert a["level"] in ("province", "commune")
        assert len(a["unit_code"]) == (2 if a["level"] == "province" else 5)
        assert not a["parent_code"] or a["parent_code"] in codes
        assert a["email"].endswith(".example")
        validate_email(a["email"])
        assert a["is_demo"] is True
        assert len(a["name"]) <= 255 and len(a["short_name"]) <= 80 and len(a["phone"]) <= 40
    position = {a["code"]: i for i, a in enumerate(agencies)}
    assert all(position[a["parent_code"]] < i for i, a in enumerate(agencies) if a["parent_code"])


def test_one_committee_and_one_service_centre_per_commune_of_hue(agencies):
    wards = {f"{int(w.code):05d}" for w in Ward.iter_by_province(HUE)}
    committees = [a for a in agencies if a["kind"] == AgencyKind.COMMUNE_COMMITTEE]
    centres = [a for a in agencies if a["kind"] == AgencyKind.COMMUNE_SERVICE_CENTRE]
    assert len(committees) == len(wards) == len(centres)
    assert {a["unit_code"] for a in committees} == wards == {a["unit_code"] for a in centres}
    assert all(a["name"].startswith("Ủy ban nhân dân ") for a in committees)


def test_provincial_bodies_after_the_2025_reorganisation(agencies):
    names = {a["name"] for a in agencies if a["level"] == "province"}
    kinds = Counter(a["kind"] for a in agencies if a["level"] == "province")
    assert kinds[AgencyKind.PROVINCIAL_COMMITTEE] == 1
    assert kinds[AgencyKind.PROVINCIAL_SERVICE_CENTRE] == 1
    for department in ("Tư pháp", "Xây dựng", "Nông nghiệp và Môi trường", "Tài chính", "Công Thương",
                       "Y tế", "Giáo dục và Đào tạo", "Khoa học và Công nghệ", "Nội vụ"):  # fmt: skip
        assert f"Sở {department} thành phố Huế" in names
    assert "Công an thành phố Huế" in names
    assert "Thanh tra thành phố Huế" in names


# --- generator ----------------------------------------------------------------------------------


def test_generator_returns_exactly_n_unique_valid_records():
    records = generate_procedures(7000)
    assert len(records) == 7000
    assert len({r["code"] for r in records}) == 7000
    assert len({r["name"] for r in records}) == 7000
    for record in records:
        assert record["is_demo"] is True
        ProcedureRecord.model_validate(record)


def test_generator_is_deterministic_per_seed():
    assert generate_procedures(1000, seed=3) == generate_procedures(1000, seed=3)
    assert generate_procedures(1000, seed=3) != generate_procedures(1000, seed=4)


def test_generator_starts_with_the_demo_catalog(procedures):
    assert generate_procedures(len(procedures) + 10)[: len(procedures)] == procedures
    assert generate_procedures(5) == procedures[:5]


def test_generator_refuses_more_than_its_vocabulary_makes():
    with pytest.raises(ValueError):
        generate_procedures(10**6)
