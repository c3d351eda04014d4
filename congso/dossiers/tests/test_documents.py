# SPDX-License-Identifier: MIT
"""The one-stop forms are real PDFs a reader opens, with Vietnamese text and the right version."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from congso.accounts.models import OfficerRole
from congso.catalog.models import Procedure
from congso.core.models import Agency, AuditEvent
from congso.dossiers import routing, services
from congso.dossiers.documents import (
    EARLY,
    FORM_TEMPLATES,
    FORM_TITLES,
    LATE,
    ON_TIME,
    STATE_WORDING,
    ControlSlipRow,
    FormError,
    FormNotInForceError,
    apology_pdf,
    control_slip_pdf,
    control_slip_rows,
    form_for,
    form_template_for,
    refusal_pdf,
    stop_notice_pdf,
    supplement_request_pdf,
    timeliness,
    vietnamese_date,
    vietnamese_moment,
)
from congso.dossiers.tests.helpers import login_officer, submit
from congso.workflow.states import DossierState

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
    login_officer(client, world["desk"])
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
        login_officer(client, world["desk"])
        accepted = client.post(
            f"/api/dossiers/{code}/actions", {"action": "accept"}, content_type="application/json"
        )
        assert accepted.status_code == 200, accepted.content
    login_officer(client, world["desk"])  # the 2025 session has expired by now
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


# --- the other one-stop forms ------------------------------------------------------------------

MONDAY_2025 = dt.date(2025, 11, 3)  # second generation (Circular 03/2025/TT-VPCP)
MONDAY_2018_FORMS = dt.date(2025, 3, 3)  # still the first generation (Circular 01/2018/TT-VPCP)
ADDRESS = "12 Lê Lợi, phường Thuận Hóa"


def moment(day: dt.date, hour: int, minute: int = 0, *, days: int = 0) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=days), dt.time(hour, minute), tzinfo=HUE)


def travel(when: dt.datetime):
    return time_machine.travel(when, tick=False)


def make_province(world, django_user_model) -> dict:
    """The dossier tests' small province plus a competent department with its officers."""
    centre = world["centre"]
    centre.phone = "0234 3822 123"
    centre.save(update_fields=["phone"])
    justice = Agency.objects.create(
        code="000.00.12.H46",
        name="Sở Tư pháp",
        kind="department",
        level="province",
        unit=centre.unit,
        phone="0234 3811 456",
    )
    expert = django_user_model.objects.create_user("expert", full_name="Trần Văn Đức")
    head = django_user_model.objects.create_user("head", full_name="Đặng Thị Hồng")
    for user, role in ((expert, "specialist"), (head, "head")):
        OfficerRole.objects.create(
            user=user, agency=justice, role=role, valid_from=dt.date(2020, 1, 1)
        )
    other = Agency.objects.get(code="000.00.13.H46")
    return {**world, "justice": justice, "other": other, "expert": expert, "head": head}


def register(p: dict, *, name: str = "Nguyễn Thị Bình", receiving=None, competent=None):
    return services.dossier_register(
        procedure=Procedure.objects.get(code="1.000001"),
        receiving_agency=receiving or p["centre"],
        competent_agency=competent or p["justice"],
        channel="online",
        source="portal",
        applicant_name=name,
        applicant_user=p["alice"],
        applicant_fields={"applicant_address": ADDRESS, "applicant_phone": "0905123456"},
        actor=p["alice"],
    )


def accepted(p: dict, monday: dt.date, **kwargs):
    """Registered at 08:00 and accepted at 08:30: due on Thursday 08:30 (3 working days)."""
    with travel(moment(monday, 8)):
        dossier = register(p, **kwargs)
    with travel(moment(monday, 8, 30)):
        return services.dossier_accept(dossier=dossier, actor=p["desk"])


def run_history(p: dict, monday: dt.date):
    """register → accept → forward → supplement → resume → processed → returned."""
    dossier = accepted(p, monday)
    with travel(moment(monday, 9)):
        dossier = services.dossier_start_processing(dossier=dossier, actor=p["expert"])
    with travel(moment(monday, 9, days=1)):
        dossier, _repeated = services.dossier_request_supplement(
            dossier=dossier,
            actor=p["expert"],
            items=["Bản sao giấy chứng sinh", "Giấy tờ tùy thân của người đi đăng ký"],
            reason="Thiếu giấy chứng sinh của trẻ",
            basis="Điều 16 Luật Hộ tịch 2014",
        )
    with travel(moment(monday, 8, days=7)):  # the applicant answers the next Monday
        dossier = services.dossier_supplement_received(dossier=dossier, actor=p["alice"])
    with travel(moment(monday, 15, days=7)):
        dossier = routing.dossier_forward(dossier=dossier, actor=p["expert"])
        dossier = services.dossier_mark_processed(dossier=dossier, actor=p["head"])
    with travel(moment(monday, 9, days=8)):  # the due day, before the due time
        return services.dossier_return_result(dossier=dossier, actor=p["desk"])


@pytest.fixture
def province(world, django_user_model):
    return make_province(world, django_user_model)


def assert_form(text: str, fonts: set[str], *, number: str, circular: str) -> None:
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert f"Mẫu số {number} — {circular}" in text
    assert any("DejaVu" in font for font in fonts), fonts


def test_forms_are_keyed_by_purpose_because_the_numbers_moved_in_2025():
    before, after = dt.date(2025, 6, 30), dt.date(2025, 7, 1)
    assert form_for("control_slip", before).number == "05"
    assert form_for("control_slip", after).number == "06"
    assert form_for("register", before).number == "06"
    assert form_for("register", after).number == "07"
    assert form_for("apology", after).template.endswith("apology_2025.html")
    assert form_for("stop_notice", after).number == "05"
    assert form_for("stop_notice", after).basis == "Thông tư 03/2025/TT-VPCP"
    with pytest.raises(FormNotInForceError, match=r"Thông báo dừng giải quyết hồ sơ.*01/07/2025"):
        form_for("stop_notice", before)
    assert issubclass(FormNotInForceError, ValueError)
    assert form_template_for("01", after) == form_template_for("receipt", after)
    assert set(FORM_TITLES) == set(FORM_TEMPLATES)


def test_dates_are_written_the_way_the_forms_write_them():
    assert vietnamese_date(dt.date(2025, 11, 5)) == "ngày 05 tháng 11 năm 2025"
    # A moment is dated in local time: 20:00 UTC on the 4th is the 5th in Vietnam.
    assert (
        vietnamese_date(dt.datetime(2025, 11, 4, 20, tzinfo=dt.UTC)) == "ngày 05 tháng 11 năm 2025"
    )
    assert vietnamese_date(None) == ""


def test_every_state_has_its_wording_on_the_forms():
    assert set(STATE_WORDING) == set(DossierState.values)


def test_the_supplement_request_lists_each_item_with_reason_basis_and_officer(province):
    dossier = accepted(province, MONDAY_2025)
    with travel(moment(MONDAY_2025, 9)):
        dossier = services.dossier_start_processing(dossier=dossier, actor=province["expert"])
    with travel(moment(MONDAY_2025, 9, days=1)):
        dossier, _repeated = services.dossier_request_supplement(
            dossier=dossier,
            actor=province["expert"],
            items=["Bản sao giấy chứng sinh", "Giấy tờ tùy thân của người đi đăng ký"],
            reason="Thiếu giấy chứng sinh của trẻ",
            basis="Điều 16 Luật Hộ tịch 2014",
        )
    wait = dossier.waits.get()
    text, fonts = pdf_text(supplement_request_pdf(dossier, wait))
    assert_form(text, fonts, number="02", circular="Thông tư 03/2025/TT-VPCP")
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert dossier.code in text
    assert "Kính gửi: Ông/Bà Nguyễn Thị Bình" in text
    assert "Đăng ký khai sinh" in text
    assert "08 giờ 30 phút, ngày 03 tháng 11 năm 2025" in text  # received
    assert "Huế, ngày 04 tháng 11 năm 2025" in text  # issued
    assert "1. Bản sao giấy chứng sinh" in text
    assert "2. Giấy tờ tùy thân của người đi đăng ký" in text
    assert "Lý do: Thiếu giấy chứng sinh của trẻ" in text
    assert "Căn cứ pháp lý: Điều 16 Luật Hộ tịch 2014" in text
    assert "Giai đoạn: Thẩm định, giải quyết hồ sơ" in text
    assert "Trần Văn Đức" in text  # the officer who asked, by full name
    assert "SỞ TƯ PHÁP" in text  # asked during appraisal: the competent agency issues it
    assert "0234 3811 456" in text


def test_a_supplement_request_at_reception_before_july_2025_uses_the_2018_form(province):
    with travel(moment(MONDAY_2018_FORMS, 8)):
        dossier = register(province)
    with travel(moment(MONDAY_2018_FORMS, 10)):
        dossier, _repeated = services.dossier_request_supplement(
            dossier=dossier,
            actor=province["desk"],
            items=["Tờ khai đăng ký khai sinh có chữ ký"],
            reason="Tờ khai chưa ký",
        )
    text, fonts = pdf_text(supplement_request_pdf(dossier, dossier.waits.get()))
    assert_form(text, fonts, number="02", circular="Thông tư 01/2018/TT-VPCP")
    assert "Bộ phận tiếp nhận và trả kết quả Trung tâm" in text
    assert "Giai đoạn: Tiếp nhận hồ sơ" in text
    assert "1. Tờ khai đăng ký khai sinh có chữ ký" in text
    assert "ngày 03 tháng 03 năm 2025" in text
    assert "desk" in text  # no full name: the user name
    assert "0234 3822 123" in text  # the desk's phone


def test_a_supplement_request_of_another_dossier_is_refused(province):
    with travel(moment(MONDAY_2025, 8)):
        first, second = register(province), register(province)
        second, _repeated = services.dossier_request_supplement(
            dossier=second, actor=province["desk"], items=["x"], reason="y"
        )
    with pytest.raises(FormError):
        supplement_request_pdf(first, second.waits.get())


@pytest.mark.parametrize(
    ("monday", "circular", "unit"),
    [
        (MONDAY_2018_FORMS, "Thông tư 01/2018/TT-VPCP", "Bộ phận tiếp nhận và trả kết quả"),
        (MONDAY_2025, "Thông tư 03/2025/TT-VPCP", "(Bộ phận Một cửa)"),
    ],
)
def test_the_refusal_states_the_reason_and_its_basis(province, monday, circular, unit):
    with travel(moment(monday, 8)):
        dossier = register(province)
    with travel(moment(monday, 10)):
        dossier = services.dossier_refuse(
            dossier=dossier,
            actor=province["desk"],
            reason="Thủ tục không thuộc thẩm quyền giải quyết của đơn vị",
            basis="Khoản 2 Điều 19 Nghị định 61/2018/NĐ-CP",
        )
    data = refusal_pdf(
        dossier,
        reason="Thủ tục không thuộc thẩm quyền giải quyết của đơn vị",
        basis="Khoản 2 Điều 19 Nghị định 61/2018/NĐ-CP",
        issued_at=moment(monday, 10),
        officer_name="Phạm Thị Đào",
    )
    text, fonts = pdf_text(data)
    assert_form(text, fonts, number="03", circular=circular)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert dossier.code in text
    assert unit in text
    assert "Thủ tục không thuộc thẩm quyền giải quyết của đơn vị" in text
    assert "Căn cứ pháp lý: Khoản 2 Điều 19 Nghị định 61/2018/NĐ-CP" in text
    assert ADDRESS in text
    assert "Phạm Thị Đào" in text
    assert f"Huế, {vietnamese_date(monday)}" in text
    with pytest.raises(FormError):
        refusal_pdf(dossier, reason=" ", basis="x", issued_at=moment(monday, 10), officer_name="")


@pytest.mark.parametrize(
    ("monday", "circular", "title"),
    [
        (
            MONDAY_2018_FORMS,
            "Thông tư 01/2018/TT-VPCP",
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        ),
        (
            MONDAY_2025,
            "Thông tư 03/2025/TT-VPCP",
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        ),
    ],
)
def test_the_apology_gives_the_original_and_the_new_date(province, monday, circular, title):
    dossier = accepted(province, monday)
    data = apology_pdf(
        dossier,
        reason="Cần xác minh thông tin với cơ quan đăng ký hộ tịch nơi cư trú trước đây",
        original_due_at=dossier.due_at,
        new_due_at=moment(monday, 16, days=10),
        issued_at=moment(monday, 9, days=2),
        signer_name="Đặng Thị Hồng",
        signer_title="Giám đốc",
    )
    text, fonts = pdf_text(data)
    assert_form(text, fonts, number="04", circular=circular)
    assert title in text
    assert dossier.code in text
    assert "08 giờ 30 phút, " + vietnamese_date(monday + dt.timedelta(days=3)) in text  # due
    assert "16 giờ 00 phút, " + vietnamese_date(monday + dt.timedelta(days=10)) in text  # new
    assert "Cần xác minh thông tin với cơ quan đăng ký hộ tịch" in text
    assert "GIÁM ĐỐC" in text and "Đặng Thị Hồng" in text
    other = "PHIẾU XIN LỖI" if "VĂN BẢN" in title else "VĂN BẢN XIN LỖI"
    assert other not in text


def test_an_apology_cannot_move_the_date_backwards(province):
    dossier = accepted(province, MONDAY_2025)
    with pytest.raises(FormError):
        apology_pdf(
            dossier,
            reason="x",
            original_due_at=dossier.due_at,
            new_due_at=dossier.due_at,
            issued_at=moment(MONDAY_2025, 9),
            signer_name="A",
            signer_title="B",
        )


def test_the_stop_notice_exists_only_from_july_2025(province):
    dossier = accepted(province, MONDAY_2025)
    with travel(moment(MONDAY_2025, 9)):
        dossier = services.dossier_start_processing(dossier=dossier, actor=province["expert"])
    data = stop_notice_pdf(
        dossier,
        reason="Người yêu cầu đề nghị dừng giải quyết hồ sơ",
        basis="Nghị định số 118/2025/NĐ-CP",
        issued_at=moment(MONDAY_2025, 14, days=1),
        signer_name="Đặng Thị Hồng",
        financial_note="Hoàn trả lệ phí đã nộp: 8.000 đồng",
    )
    text, fonts = pdf_text(data)
    assert_form(text, fonts, number="05", circular="Thông tư 03/2025/TT-VPCP")
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert dossier.code in text
    assert "Người yêu cầu đề nghị dừng giải quyết hồ sơ" in text
    assert "Căn cứ Nghị định số 118/2025/NĐ-CP" in text
    assert "Giai đoạn giải quyết hồ sơ: Đang xử lý" in text
    assert "Hoàn trả lệ phí đã nộp: 8.000 đồng" in text
    assert "Huế, ngày 04 tháng 11 năm 2025" in text
    with pytest.raises(FormNotInForceError):
        stop_notice_pdf(
            dossier,
            reason="x",
            basis="y",
            issued_at=moment(dt.date(2025, 6, 30), 9),
            signer_name="z",
        )


def test_the_control_slip_rows_follow_the_history_with_the_result_of_each_step(province):
    dossier = run_history(province, MONDAY_2025)
    rows = control_slip_rows(dossier)
    desk, expert, head = "desk", "Trần Văn Đức", "Đặng Thị Hồng"
    applicant, centre, justice = "Nguyễn Thị Bình", "Trung tâm", "Sở Tư pháp"
    someone = "Tổ chức, cá nhân"
    assert [
        (row.from_step, row.to_step, row.given_by, row.received_by, row.result) for row in rows
    ] == [
        (someone, centre, applicant, "", ""),  # filed online: not yet judged
        (centre, centre, "", desk, ""),  # accepted: the clock starts
        (centre, justice, desk, expert, EARLY),  # forwarded
        (justice, someone, expert, applicant, EARLY),  # supplement asked
        (someone, justice, applicant, "", ""),  # answered: the wait is not the agency's
        (justice, justice, expert, "", EARLY),  # to the head's signature
        (justice, centre, head, "", EARLY),  # result ready at the desk
        (centre, someone, desk, applicant, ON_TIME),  # returned on the due day
    ]
    assert rows[0].handed_over_at == moment(MONDAY_2025, 8)
    assert "hẹn trả kết quả: 08 giờ 30 phút, ngày 06 tháng 11 năm 2025" in rows[1].note
    assert "hẹn trả kết quả mới:" in rows[4].note  # the pause moved the due date
    text, fonts = pdf_text(control_slip_pdf(dossier))
    assert_form(text, fonts, number="06", circular="Thông tư 03/2025/TT-VPCP")
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert dossier.code in text
    assert "Trần Văn Đức" in text and "Đặng Thị Hồng" in text
    assert "trước hạn" in text and "đúng hạn" in text
    assert "09 giờ 00 phút, ngày 03 tháng 11 năm 2025" in text


def test_a_step_after_the_due_date_is_late(province):
    dossier = accepted(province, MONDAY_2025)  # due Thursday 08:30
    with travel(moment(MONDAY_2025, 9, days=3)):  # Thursday 09:00
        dossier = services.dossier_start_processing(dossier=dossier, actor=province["expert"])
    assert control_slip_rows(dossier)[-1].result == LATE


def test_the_result_is_judged_against_the_due_day():
    due = moment(MONDAY_2025, 16)
    assert timeliness(moment(MONDAY_2025, 9, days=-1), due) == EARLY
    assert timeliness(moment(MONDAY_2025, 8), due) == ON_TIME
    assert timeliness(due, due) == ON_TIME
    assert timeliness(moment(MONDAY_2025, 16, 1), due) == LATE
    assert timeliness(moment(MONDAY_2025, 8), None) == ""


def test_an_old_dossier_prints_the_2018_control_slip_and_rows_can_be_given(province):
    dossier = accepted(province, MONDAY_2018_FORMS)
    rows = [
        ControlSlipRow(
            from_step="Bộ phận tiếp nhận và trả kết quả",
            to_step="Phòng Hộ tịch",
            handed_over_at=moment(MONDAY_2018_FORMS, 10),
            given_by="Lê Văn Đông",
            received_by="Hoàng Thị Đoan",
            result=ON_TIME,
            note="Thẩm định hồ sơ",
        )
    ]
    text, fonts = pdf_text(control_slip_pdf(dossier, rows))
    assert_form(text, fonts, number="05", circular="Thông tư 01/2018/TT-VPCP")
    assert "Phòng Hộ tịch" in text and "Lê Văn Đông" in text and "Hoàng Thị Đoan" in text
    assert "10 giờ 00 phút, ngày 03 tháng 03 năm 2025" in text
    assert "Thẩm định hồ sơ" in text
