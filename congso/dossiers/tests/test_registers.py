# SPDX-License-Identifier: MIT
"""The register (Sổ theo dõi hồ sơ): one agency's dossiers of a period, as rows, PDF and XLSX."""

from __future__ import annotations

import copy
import datetime as dt
import io
import uuid
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from congso.core.exceptions import DomainError
from congso.dossiers import registers, services
from congso.dossiers.models import Dossier, DossierEvent
from congso.dossiers.registers import (
    COLUMNS,
    RegisterPeriodError,
    RegisterRow,
    register_pdf,
    register_rows,
    register_xlsx,
)
from congso.dossiers.tests.test_documents import (
    ADDRESS,
    MONDAY_2025,
    accepted,
    make_province,
    moment,
    pdf_text,
    register,
    run_history,
    travel,
)

pytestmark = pytest.mark.django_db

NOVEMBER = (dt.date(2025, 11, 1), dt.date(2025, 11, 9))


@pytest.fixture
def province(world, django_user_model):
    return make_province(world, django_user_model)


@pytest.fixture
def november(province):
    """Dossiers of the first week of November 2025, at the centre, another agency and later."""
    p = province
    with travel(moment(dt.date(2025, 10, 31), 16)):
        before = register(p, name="Trước kỳ")
    done = run_history(p, MONDAY_2025)  # accepted Monday 3rd, 08:30
    with travel(moment(dt.date(2025, 11, 4), 8)):
        waiting = register(p, name="Lê Văn Đông")
    with travel(moment(dt.date(2025, 11, 4), 10)):  # incomplete at reception
        waiting, _repeated = services.dossier_request_supplement(
            dossier=waiting, actor=p["desk"], items=["Tờ khai"], reason="Chưa ký"
        )
    with travel(moment(dt.date(2025, 11, 5), 8)):
        refused = register(p, name="Hoàng Thị Đoan")
    with travel(moment(dt.date(2025, 11, 5), 9)):
        refused = services.dossier_refuse(
            dossier=refused, actor=p["desk"], reason="Không thuộc thẩm quyền", basis="Điều 19"
        )
    with travel(moment(dt.date(2025, 11, 5), 10)):
        elsewhere = register(p, name="Ở nơi khác", receiving=p["other"], competent=p["other"])
    later = accepted(p, dt.date(2025, 11, 10), name="Sau kỳ")
    return {
        "done": done,
        "waiting": waiting,
        "refused": refused,
        "elsewhere": elsewhere,
        "before": before,
        "later": later,
    }


def test_the_register_lists_the_dossiers_the_agency_received_in_the_period(province, november):
    rows = register_rows(province["centre"], *NOVEMBER)
    assert [row.code for row in rows] == [
        november["done"].code,
        november["waiting"].code,
        november["refused"].code,
    ]
    assert [row.number for row in rows] == [1, 2, 3]
    done = rows[0]
    assert done.procedure_name == "Đăng ký khai sinh"
    assert done.quantity == 1
    assert done.applicant_name == "Nguyễn Thị Bình"
    assert done.contact == f"{ADDRESS}; ĐT: 0905123456"
    assert done.competent_agency == "Sở Tư pháp"
    assert done.received_at == moment(MONDAY_2025, 8, 30)
    assert done.due_at == november["done"].due_at
    assert done.forwarded_at == moment(MONDAY_2025, 9)
    assert done.result_at == moment(MONDAY_2025, 15, days=7)
    assert done.returned_at == moment(MONDAY_2025, 9, days=8)
    assert done.note == "Đã trả kết quả"
    waiting = rows[1]
    assert waiting.received_at == moment(dt.date(2025, 11, 4), 8)  # not accepted: submitted
    assert waiting.due_at is None and waiting.forwarded_at is None and waiting.returned_at is None
    assert waiting.result_at == moment(dt.date(2025, 11, 4), 10)  # handed back to complete
    assert waiting.note == "Yêu cầu bổ sung, hoàn thiện hồ sơ"
    refused = rows[2]
    assert refused.received_at == moment(dt.date(2025, 11, 5), 8)  # never accepted: submitted
    assert refused.result_at == moment(dt.date(2025, 11, 5), 9)
    assert refused.note == "Từ chối tiếp nhận"


def test_each_agency_sees_the_dossiers_it_received_or_decides(province, november):
    justice = [row.code for row in register_rows(province["justice"], *NOVEMBER)]
    assert justice == [november["done"].code, november["waiting"].code, november["refused"].code]
    other = [row.code for row in register_rows(province["other"], *NOVEMBER)]
    assert other == [november["elsewhere"].code]


def test_the_period_counts_whole_local_days(province, november):
    monday = [row.code for row in register_rows(province["centre"], MONDAY_2025, MONDAY_2025)]
    assert monday == [november["done"].code]
    friday = dt.date(2025, 10, 31)
    assert [row.code for row in register_rows(province["centre"], friday, friday)] == [
        november["before"].code
    ]


def test_a_register_covers_at_most_366_days(province):
    centre = province["centre"]
    assert register_rows(centre, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == []  # 366 days
    with pytest.raises(RegisterPeriodError, match="366"):
        register_rows(centre, dt.date(2025, 1, 1), dt.date(2026, 1, 2))
    with pytest.raises(RegisterPeriodError):
        register_xlsx(centre, dt.date(2025, 1, 1), dt.date(2026, 1, 2))
    with pytest.raises(RegisterPeriodError):
        register_rows(centre, dt.date(2025, 2, 1), dt.date(2025, 1, 31))
    assert issubclass(RegisterPeriodError, DomainError)
    assert issubclass(RegisterPeriodError, ValueError)


def clone(template: Dossier, count: int) -> None:
    """`count` copies of an accepted dossier, each forwarded, in bulk."""
    copies = []
    for n in range(count):
        twin = copy.copy(template)
        twin.pk = None
        twin.public_id = uuid.uuid4()
        twin.code = f"{template.code}-{n:05d}"
        twin.applicant_name = f"Người nộp {n}"
        copies.append(twin)
    forwarded = template.accepted_at + dt.timedelta(minutes=30)
    DossierEvent.objects.bulk_create(
        DossierEvent(
            dossier=twin,
            occurred_at=forwarded,
            action="forward",
            from_state="accepted",
            to_state="processing",
        )
        for twin in Dossier.objects.bulk_create(copies, batch_size=500)
    )


def test_register_rows_take_one_query_whatever_the_number_of_dossiers(
    province, django_assert_max_num_queries
):
    clone(accepted(province, MONDAY_2025), 300)
    with django_assert_max_num_queries(2):
        rows = register_rows(province["centre"], *NOVEMBER)
    assert len(rows) == 301
    assert all(row.forwarded_at == moment(MONDAY_2025, 9) for row in rows[1:])


def test_the_register_xlsx_has_a_bold_frozen_header_and_real_dates(province, november):
    workbook = load_workbook(io.BytesIO(register_xlsx(province["centre"], *NOVEMBER)))
    sheet = workbook.active
    assert sheet["A1"].value == "SỔ THEO DÕI HỒ SƠ"
    assert sheet["A2"].value == "Trung tâm"
    assert sheet["A3"].value == "Từ ngày 01 tháng 11 năm 2025 đến ngày 09 tháng 11 năm 2025"
    assert sheet["A4"].value == "Mẫu số 07 — Thông tư 03/2025/TT-VPCP"
    header = [cell.value for cell in sheet[5]]
    assert header == [heading for heading, _width in COLUMNS]
    assert all(cell.font.bold for cell in sheet[5])
    assert sheet.freeze_panes == "A6"
    assert sheet.column_dimensions["C"].width == pytest.approx(48, abs=1)
    data = list(sheet.iter_rows(min_row=6, values_only=True))
    assert len(data) == 3
    first = data[0]
    assert first[:7] == (
        1,
        november["done"].code,
        "Đăng ký khai sinh",
        1,
        "Nguyễn Thị Bình",
        f"{ADDRESS}; ĐT: 0905123456",
        "Sở Tư pháp",
    )
    assert first[7] == dt.datetime(2025, 11, 3, 8, 30)  # a real date, in local time
    assert first[9] == dt.datetime(2025, 11, 3, 9)
    assert first[-1] == "Đã trả kết quả"
    assert sheet.cell(row=6, column=8).number_format == "dd/mm/yyyy hh:mm"
    assert data[1][9] is None  # not forwarded yet: an empty cell


def test_the_register_xlsx_streams_ten_thousand_dossiers(province, monkeypatch):
    # The query is measured above; here the writer gets a year of a busy centre at once.
    received = moment(MONDAY_2025, 8, 30)
    many = (
        RegisterRow(
            number=n,
            code=f"000.00.01.H46-251103-{n:05d}",
            procedure_name="Đăng ký khai sinh",
            quantity=1,
            applicant_name=f"Người nộp {n}",
            contact=ADDRESS,
            competent_agency="Sở Tư pháp",
            received_at=received,
            due_at=received + dt.timedelta(days=3),
            forwarded_at=None,
            result_at=None,
            returned_at=None,
            note="Đã tiếp nhận",
        )
        for n in range(1, 10_001)
    )
    monkeypatch.setattr(registers, "_iter_rows", lambda agency, start, end: many)
    data = register_xlsx(province["centre"], *NOVEMBER)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert sheet_xml.count(b"<row ") == 5 + 10_000
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    last = next(sheet.iter_rows(min_row=5 + 10_000, values_only=True))
    assert last[:2] == (10_000, "000.00.01.H46-251103-10000")
    assert last[7] == dt.datetime(2025, 11, 3, 8, 30)


def test_the_register_pdf_is_landscape_in_the_form_in_force_at_its_end(province, november):
    data = register_pdf(province["centre"], *NOVEMBER)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert page.mediabox.width > page.mediabox.height
    text, fonts = pdf_text(data)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Mẫu số 07 — Thông tư 03/2025/TT-VPCP" in text
    assert "Từ ngày 01 tháng 11 năm 2025 đến ngày 09 tháng 11 năm 2025" in text
    assert "Nguyễn Thị Bình" in text and "Hoàng Thị Đoan" in text and "Lê Văn Đông" in text
    assert "Ở nơi khác" not in text
    assert "03/11/2025 08:30" in text
    assert any("DejaVu" in font for font in fonts), fonts
    compact = text.replace(" ", "")
    assert november["done"].code in compact


def test_a_register_ending_before_july_2025_uses_the_2018_form(province):
    text, _fonts = pdf_text(
        register_pdf(province["centre"], dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    )
    assert "Mẫu số 06 — Thông tư 01/2018/TT-VPCP" in text
    assert "Bộ phận tiếp nhận và trả kết quả Trung tâm" in text
    assert "Không có hồ sơ trong kỳ." in text
