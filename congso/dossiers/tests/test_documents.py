# SPDX-License-Identifier: MIT
"""The receipt (Mẫu 01) is a real PDF a reader opens, with Vietnamese text and the right form."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from congso.core.models import AuditEvent
from congso.dossiers.documents import form_template_for, vietnamese_moment
from congso.dossiers.tests.helpers import submit

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), fonts


def test_the_form_follows_the_date_of_the_event():
    assert form_template_for("01", dt.date(2025, 6, 30))[0].endswith("receipt_2018.html")
    assert form_template_for("01", dt.date(2025, 7, 1))[0].endswith("receipt_2025.html")
    with pytest.raises(ValueError):
        form_template_for("01", dt.date(2017, 1, 1))


def test_times_are_written_the_way_the_forms_write_them():
    assert (
        vietnamese_moment(dt.datetime(2025, 11, 5, 8, 30, tzinfo=HUE))
        == "08 giờ 30 phút, ngày 05 tháng 11 năm 2025"
    )


def test_the_receipt_is_a_pdf_with_the_code_the_due_date_and_vietnamese_text(client, world):
    code = submit(client, world["alice"]).json()["code"]
    client.force_login(world["desk"])
    with time_machine.travel(dt.datetime(2025, 11, 5, 8, 30, tzinfo=HUE), tick=False):
        client.post(
            f"/api/dossiers/{code}/actions", {"action": "accept"}, content_type="application/json"
        )
    response = client.get(f"/api/dossiers/{code}/receipt.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text, fonts = pdf_text(response.content)
    assert code in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Nguyễn Thị Bình" in text
    assert "Đăng ký khai sinh" in text
    assert "08 giờ 30 phút, ngày 05 tháng 11 năm 2025" in text  # received
    assert "08 giờ 30 phút, ngày 10 tháng 11 năm 2025" in text  # due: 3 working days later
    assert "Thông tư 03/2025/TT-VPCP" in text
    assert any("DejaVu" in font for font in fonts), fonts
    assert AuditEvent.objects.filter(action="file.download").count() == 1


def test_an_old_dossier_prints_with_the_2018_form(client, world):
    with time_machine.travel(dt.datetime(2025, 3, 3, 9, tzinfo=HUE), tick=False):
        code = submit(client, world["alice"]).json()["code"]
        client.force_login(world["desk"])
        accepted = client.post(
            f"/api/dossiers/{code}/actions", {"action": "accept"}, content_type="application/json"
        )
        assert accepted.status_code == 200, accepted.content
    client.force_login(world["desk"])  # the 2025 session has expired by now
    receipt = client.get(f"/api/dossiers/{code}/receipt.pdf")
    assert receipt.status_code == 200, receipt.content
    text, _fonts = pdf_text(receipt.content)
    assert "Thông tư 01/2018/TT-VPCP" in text
    assert "Bộ phận tiếp nhận và trả kết quả" in text


def test_no_receipt_before_acceptance_and_none_for_strangers(client, world):
    code = submit(client, world["alice"]).json()["code"]
    assert client.get(f"/api/dossiers/{code}/receipt.pdf").status_code == 409
    client.force_login(world["bob"])
    assert client.get(f"/api/dossiers/{code}/receipt.pdf").status_code == 404


def test_the_tracking_page_shows_the_timeline_with_the_pin(client, world):
    body = submit(client, world["alice"]).json()
    client.logout()
    page = client.get("/tra-cuu-ho-so/", {"ma": body["code"], "pin": body["pin"]})
    html = page.content.decode()
    assert page.status_code == 200
    assert body["code"] in html and "Nguyễn Thị Bình" not in html
    wrong = client.get("/tra-cuu-ho-so/", {"ma": body["code"], "pin": "0000"})
    assert wrong.status_code == 404
    assert client.get("/tra-cuu-ho-so/", {"ma": "x", "pin": "1"}).status_code == 400
