# SPDX-License-Identifier: MIT
"""Catalog entries refreshed from the national TTHC database (LayThuTuc) through the fake portal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from congso.catalog.models import Procedure
from congso.nationalsync.catalog_refresh import NationalRecordError, procedure_refresh
from congso.nationalsync.client import RejectedError
from congso.nationalsync.models import ProcedureMapping

pytestmark = pytest.mark.django_db

NATIONAL = {
    "MATTHC": "1.000001",
    "TENTTHC": "Đăng ký khai sinh (bản cập nhật quốc gia)",
    "LINHVUCTHUCHIEN": [{"MALINHVUC": "HT", "TENLINHVUC": "Hộ tịch"}],
    "TRINHTUTHUCHIEN": [
        {"TRUONGHOP": "", "TRINHTU": [{"TENTRINHTU": "Nộp hồ sơ"}, {"TENTRINHTU": "Trả kết quả"}]}
    ],
    "CACHTHUCTHUCHIEN": [
        {
            "KENH": "Trực tiếp",
            "THOIGIAN": [
                {
                    "THOIGIANGIAIQUYET": "3",
                    "DONVITINH": "Ngày làm việc",
                    "MOTA": "",
                    "PHILEPHI": [{"SOTIEN": "8000", "DONVI": "Đồng", "MOTA": "Lệ phí"}],
                }
            ],
        },
        {
            "KENH": "Trực tuyến",
            "THOIGIAN": [{"THOIGIANGIAIQUYET": "2,5", "DONVITINH": "ngày làm việc"}],
        },
    ],
    "THANHPHANHOSO": [
        {
            "TRUONGHOP": "",
            "GIAYTO": [
                {"MAGIAYTO": "GT1", "TENGIAYTO": "Tờ khai đăng ký khai sinh", "SOBANCHINH": 1},
                {"MAGIAYTO": "GT2", "TENGIAYTO": "Giấy chứng sinh", "SOBANSAO": "1"},
            ],
        }
    ],
    "KETQUATHUCHIEN": [{"MAKETQUA": "KQ1", "TENKETQUA": "Giấy khai sinh"}],
    "CANCUPHAPLY": [{"SOVANBAN": "60/2014/QH13", "TENVANBAN": "Luật Hộ tịch"}],
    "COQUANTHUCHIEN": [{"MADONVI": "000.00.01.H46", "TENDONVI": "Trung tâm"}],
    "YEUCAU": "Không",
}


def test_a_procedure_takes_the_national_record_and_keeps_a_version(world, portal, national_client):
    portal.state.catalog["1.000001"] = NATIONAL
    procedure = Procedure.objects.get(code="1.000001")
    versions = procedure.versions.count()
    assert procedure_refresh(national_client, procedure) == "updated"
    procedure.refresh_from_db()
    assert procedure.name == "Đăng ký khai sinh (bản cập nhật quốc gia)"
    assert procedure.versions.count() == versions + 1
    online = procedure.channels.get(kind="online")
    assert (online.processing_time, online.time_unit) == (Decimal("2.50"), "working_day")
    assert "8000 Đồng Lệ phí" in procedure.channels.get(kind="direct").fee_text
    names = list(procedure.documents.values_list("name", "originals", "copies"))
    assert ("Tờ khai đăng ký khai sinh", 1, 0) in names and ("Giấy chứng sinh", 0, 1) in names
    assert procedure_refresh(national_client, procedure) == "unchanged"
    assert procedure.versions.count() == versions + 1


def test_the_mapping_table_names_the_national_code(world, portal, national_client):
    procedure = Procedure.objects.get(code="1.000002")
    ProcedureMapping.objects.create(procedure=procedure, national_code="1.000001")
    portal.state.catalog["1.000001"] = {**NATIONAL, "TENTTHC": "Tên theo mã quốc gia"}
    procedure_refresh(national_client, procedure)
    procedure.refresh_from_db()
    assert procedure.name == "Tên theo mã quốc gia"


def test_an_unknown_or_broken_record_is_reported_not_applied(world, portal, national_client):
    procedure = Procedure.objects.get(code="1.000001")
    name = procedure.name
    with pytest.raises(RejectedError, match="404"):
        procedure_refresh(national_client, procedure)
    portal.state.catalog["1.000001"] = {"MATTHC": "1.000001", "TENTTHC": "x"}  # too short
    with pytest.raises(NationalRecordError):
        procedure_refresh(national_client, procedure)
    procedure.refresh_from_db()
    assert procedure.name == name


def test_the_command_reports_each_outcome(world, portal, dvcqg, capsys):
    portal.state.catalog["1.000001"] = NATIONAL
    call_command("dvcqg_catalog_refresh", "1.000001", "1.000002")
    out, err = capsys.readouterr()
    assert "updated 1" in out and "failed 1" in out
    assert "1.000002" in err
