# SPDX-License-Identifier: MIT
"""Dossiers filed on the national portal: pushed or pulled, registered once, checked as usual."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from congso.dossiers.models import Dossier
from congso.files.tests.samples import pdf_bytes
from congso.nationalsync.models import InboundRecord, OutboxEvent
from congso.nationalsync.protocol import file_link
from congso.nationalsync.pull import national_dossiers_pull

pytestmark = pytest.mark.django_db

TOKEN = {"HTTP_AUTHORIZATION": "Bearer push-token-for-tests"}


def _record(code="G22.99-250701-0001", **extra):
    return {
        "MaHoSo": code,
        "MaTTHC": "1.000001",
        "ChuHoSo": "Trần Văn Cường",
        "SoDinhDanh": "046090001234",
        "SoDienThoai": "0905123456",
        "Email": "cuong@example.com",
        "TrichYeuHoSo": "Đăng ký khai sinh cho con",
        "NgayNopHoSo": "20261120083000",
        "KenhThucHien": 2,
        "NoiNopHoSo": "000.00.01.H46",
        "TaiKhoanDuocXacThucVoiVNeID": 1,
        **extra,
    }


def _push(client, *records, **headers):
    return client.post(
        "/dvcqg/ho-so/", {"data": list(records)}, content_type="application/json", **headers
    )


def test_a_pushed_dossier_is_registered_once_with_its_national_code(client, world, dvcqg):
    response = _push(client, _record(), **TOKEN)
    assert response.status_code == 200
    assert response.json()["result"] == [
        {"MaHoSo": "G22.99-250701-0001", "status": "registered", "error": ""}
    ]
    dossier = Dossier.objects.get(code="G22.99-250701-0001")
    assert dossier.state == "awaiting_reception"  # the desk checks it like any other
    assert (dossier.source, dossier.channel) == ("dvcqg", "online")
    assert dossier.applicant_name == "Trần Văn Cường"
    assert dossier.vneid_authenticated
    assert timezone.localtime(dossier.submitted_at).strftime("%Y%m%d%H%M") == "202611200830"
    again = _push(client, _record(), **TOKEN)
    assert again.json()["result"][0]["status"] == "duplicate"
    assert Dossier.objects.filter(code="G22.99-250701-0001").count() == 1
    # Its status goes back to the national portal like every other dossier's.
    assert OutboxEvent.objects.filter(dossier=dossier).count() == 1


def test_attached_files_are_fetched_and_inspected(client, world, dvcqg, portal):
    portal.state.files["to-khai.pdf"] = pdf_bytes()
    record = _record(
        TaiLieuNop=[
            {
                "TenTepDinhKem": "Tờ khai đăng ký khai sinh",
                "DuongDanTaiTepTin": f"{portal.url}/files/to-khai.pdf",
                "DuocTaiSuDung": 0,
            }
        ]
    )
    assert _push(client, record, **TOKEN).json()["result"][0]["status"] == "registered"
    component = Dossier.objects.get().components.get()
    assert component.document_name == "Tờ khai đăng ký khai sinh"
    assert component.origin == "uploaded"
    assert component.file.kind == "pdf"


def test_a_disguised_file_refuses_the_dossier_and_writes_nothing(client, world, dvcqg, portal):
    portal.state.files["to-khai.pdf"] = b"MZ\x90\x00" + b"\x00" * 200
    record = _record(
        TaiLieuNop=[
            {"TenTepDinhKem": "Tờ khai", "DuongDanTaiTepTin": f"{portal.url}/files/to-khai.pdf"}
        ]
    )
    result = _push(client, record, **TOKEN).json()["result"][0]
    assert result["status"] == "rejected" and result["error"]
    assert not Dossier.objects.exists()
    assert InboundRecord.objects.get().status == "rejected"


def test_an_unknown_procedure_is_refused_with_the_reason(client, world, dvcqg):
    result = _push(client, _record(MaTTHC="9.999999"), **TOKEN).json()["result"][0]
    assert result["status"] == "rejected"
    assert "9.999999" in result["error"]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b'{"data": "x"}', 400),
        (b'{"data": []}', 400),
        (b"[1, 2]", 400),
    ],
)
def test_malformed_pushes_get_400(client, world, dvcqg, body, status):
    response = client.post("/dvcqg/ho-so/", body, content_type="application/json", **TOKEN)
    assert response.status_code == status
    assert response.json()["message"]


def test_items_that_are_not_dossiers_are_refused_one_by_one(client, world, dvcqg):
    results = _push(client, "x", {"MaHoSo": ""}, _record(), **TOKEN).json()["result"]
    assert [r["status"] for r in results] == ["rejected", "rejected", "registered"]


def test_a_push_without_the_token_is_refused(client, world, dvcqg):
    assert _push(client, _record()).status_code == 401
    assert _push(client, _record(), HTTP_AUTHORIZATION="Bearer nope").status_code == 401
    assert not Dossier.objects.exists()


def test_no_token_configured_means_no_push(client, world, dvcqg):
    dvcqg.CONGSO_DVCQG_INBOUND_TOKEN = ""
    assert _push(client, _record(), HTTP_AUTHORIZATION="Bearer ").status_code == 401


def test_too_many_at_once_is_refused(client, world, dvcqg):
    records = [_record(code=f"X-{i}") for i in range(201)]
    assert _push(client, *records, **TOKEN).status_code == 413


def test_pulled_dossiers_are_registered_once_however_often_pulled(
    world, dvcqg, portal, national_client
):
    for code in ("G22-A-0001", "G22-A-0002"):
        portal.state.to_pull[code] = _record(code=code)
    since = timezone.now() - dt.timedelta(days=2)
    first = national_dossiers_pull(national_client, since=since)
    second = national_dossiers_pull(national_client, since=since)
    assert first.statuses == {"registered": 2}
    assert second.statuses == {"duplicate": 2}
    assert Dossier.objects.filter(source="dvcqg").count() == 2


def test_the_signed_file_link_serves_the_file_and_expires(client, world, dvcqg):
    from congso.files.services import stored_file_create_from_bytes

    _push(client, _record(), **TOKEN)
    dossier = Dossier.objects.get()
    stored = stored_file_create_from_bytes(data=pdf_bytes(), filename="kq.pdf")
    link = file_link(stored.pk, dossier.pk).removeprefix("http://127.0.0.1:8000")
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert client.get(link[:-3] + "xx/").status_code == 404
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        assert client.get(link).status_code == 410


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "http://127.0.0.2:8000/admin/",
    ],
)
def test_files_are_fetched_only_from_the_national_side(client, world, dvcqg, url):
    record = _record(TaiLieuNop=[{"TenTepDinhKem": "Tờ khai", "DuongDanTaiTepTin": url}])
    result = _push(client, record, **TOKEN).json()["result"][0]
    assert result["status"] == "rejected"
    assert "national portal" in result["error"] or "Cổng" in result["error"]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("code", ["G22/../x", "a b", "x?y=1", "é-1", "x" * 41])
def test_dossier_codes_that_cannot_live_in_a_url_are_refused(client, world, dvcqg, code):
    result = _push(client, _record(code=code), **TOKEN).json()["result"][0]
    assert result["status"] == "rejected"
    assert not Dossier.objects.exists()


def test_a_loopback_national_host_is_not_trusted_unless_listed(client, world, dvcqg, portal):
    dvcqg.CONGSO_DVCQG_FILE_HOSTS = []  # the link's own host is 127.0.0.1 here
    portal.state.files["a.pdf"] = pdf_bytes()
    record = _record(
        TaiLieuNop=[{"TenTepDinhKem": "Tờ khai", "DuongDanTaiTepTin": f"{portal.url}/files/a.pdf"}]
    )
    assert _push(client, record, **TOKEN).json()["result"][0]["status"] == "rejected"


def test_a_push_larger_than_the_limit_is_413(client, world, dvcqg, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _push(client, _record(TrichYeuHoSo="x" * 2000), **TOKEN)
    assert response.status_code == 413
