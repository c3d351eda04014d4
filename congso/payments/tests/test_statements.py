# SPDX-License-Identifier: MIT
"""Bank statements: odd encodings and layouts, matching by content and amount, confirmation."""

from __future__ import annotations

import io
import unicodedata

import pytest
from openpyxl import Workbook

from congso.payments import services
from congso.payments.exceptions import PaymentRuleError, StatementFileError
from congso.payments.fee_lines import FeeChoice
from congso.payments.models import LineStatus, Payment, RequestStatus
from congso.payments.reconciliation import statement_import, statement_line_confirm
from congso.payments.statements import parse_amount, read_statement
from congso.workflow.states import DossierState as S

from .conftest import register

pytestmark = pytest.mark.django_db

HEADER_VI = "Ngày giao dịch;Số tham chiếu;Ghi nợ;Ghi có;Nội dung giao dịch"


TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_vietnamese(text: str) -> str:
    """Text as Windows-1258 holds it: letters with hats precomposed, tone marks apart."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONES)
        out.append(
            unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones
        )
    return "".join(out)


def csv_bytes(rows: list[str], encoding: str, sep="\r\n") -> bytes:
    text = sep.join(rows)
    if encoding == "cp1258":
        text = windows_vietnamese(text)
    return text.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "utf-16", "utf-16-le", "cp1258"])
def test_odd_encodings_read_the_same(encoding):
    rows = [
        "SAO KÊ TÀI KHOẢN",
        "",
        HEADER_VI,
        "05/01/2025;FT001;;50.000;CHUYEN TIEN HỒ SƠ 000.00.01.H46-250105-0001",
        "05/01/2025;FT002;20.000;;phí ngân hàng",
    ]
    statement, _sha = read_statement(io.BytesIO(csv_bytes(rows, encoding)), "sk.csv")
    assert statement.encoding.startswith(encoding.split("-le")[0][:5]) or encoding == "utf-8-sig"
    assert [(line.amount, line.bank_ref) for line in statement.lines] == [(50000, "FT001")]
    assert "HỒ SƠ" in statement.lines[0].content
    assert statement.skipped_debits == 1


def test_cp1252_and_english_columns_in_another_order():
    rows = [
        "Description,Amount,Date,Reference",
        '"Paiement café 000.00.01.H46-250105-0001","1,234,567.00",2025-01-05,X9',
    ]
    statement, _sha = read_statement(io.BytesIO(csv_bytes(rows, "cp1252")), "s.csv")
    assert statement.encoding in ("cp1258", "cp1252")
    assert statement.lines[0].amount == 1234567
    assert statement.columns["amount"] == "Amount"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("1.234.567,00", 1234567),
        ("50000", 50000),
        ("50 000 VND", 50000),
        ("+8.000", 8000),
        (8000.0, 8000),
        ("12,5", None),
    ],
)
def test_amounts_as_banks_write_them(raw, value):
    if value is None:
        with pytest.raises(ValueError):
            parse_amount(raw)
    else:
        assert parse_amount(raw) == value


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-1.7 not a statement",
        b"col1,col2\n1,2\n",
        b"a,b\x00c\n",
        b"PK\x03\x04garbage zip",
    ],
)
def test_unreadable_files_get_a_clear_error(data):
    with pytest.raises(StatementFileError) as caught:
        read_statement(io.BytesIO(data), "x.csv")
    assert caught.value.detail


def test_bad_lines_are_reported_and_skipped():
    rows = [HEADER_VI, "05/01/2025;A;;abc;x", "31/02/2025;B;;1000;y", "05/01/2025;C;;1000;z"]
    statement, _sha = read_statement(io.BytesIO(csv_bytes(rows, "utf-8")), "s.csv")
    assert [p["line"] for p in statement.problems] == [2, 3]
    assert len(statement.lines) == 1


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def owed(fees_world):
    """Three dossiers owing 10,000 đ at submission; the second has two open requests."""
    desk = fees_world["desk"]
    dossiers = [register(fees_world) for _ in range(3)]
    requests = [
        services.payment_request_create(
            dossier=d, actor=desk, due="submission", choices=[FeeChoice(index=0)]
        )
        for d in dossiers
    ]
    return fees_world, dossiers, requests


def test_matching_by_mangled_code_and_amount(owed):
    world, dossiers, requests = owed
    code0, code1, code2 = (d.code for d in dossiers)
    mangled = code0.replace(".", "").replace("-", " ").lower()
    rows = [
        ["Ngày", "Số tiền", "Diễn giải", "Mã GD"],
        ["05/01/2025", 10000, f"NGUYEN THI BINH CK {mangled}", "FT1"],
        ["05/01/2025", 10000, f"nộp phí {code1} và {code2}", "FT2"],
        ["05/01/2025", 99000, f"{code2}", "FT3"],
        ["05/01/2025", 10000, "khong ro noi dung", "FT4"],
    ]
    statement = statement_import(
        fileobj=_xlsx(rows), filename="sk.xlsx", agency=world["centre"], actor=world["desk"]
    )
    lines = {line.bank_ref: line for line in statement.lines.all()}
    assert lines["FT1"].status == LineStatus.MATCHED
    assert lines["FT1"].request_id == requests[0].pk
    assert lines["FT2"].status == LineStatus.AMBIGUOUS
    assert sorted(lines["FT2"].candidates) == sorted([requests[1].pk, requests[2].pk])
    assert lines["FT3"].status == LineStatus.UNMATCHED and lines["FT3"].note
    assert lines["FT4"].status == LineStatus.UNMATCHED
    requests[0].refresh_from_db()
    assert requests[0].status == RequestStatus.PAID
    assert Payment.objects.get(request=requests[0]).provider_ref == "FT1"
    # The officer says the ambiguous transfer pays the second dossier.
    statement_line_confirm(line=lines["FT2"], reference=requests[1].reference, actor=world["desk"])
    requests[1].refresh_from_db()
    assert requests[1].status == RequestStatus.PAID
    with pytest.raises(PaymentRuleError):
        statement_line_confirm(
            line=lines["FT3"], reference=requests[2].reference, actor=world["desk"]
        )
    # The same statement again: every line is a duplicate, nothing is paid twice.
    again = statement_import(
        fileobj=_xlsx(rows), filename="sk.xlsx", agency=world["centre"], actor=world["desk"]
    )
    assert again.duplicates == 4 and again.matched == 0
    assert Payment.objects.filter(status="succeeded").count() == 2


def test_a_matched_transfer_releases_a_waiting_dossier(accepted, fees_world):
    request = services.payment_request_create(
        dossier=accepted,
        actor=fees_world["desk"],
        due="before_processing",
        choices=[FeeChoice(index=1)],
    )
    rows = [HEADER_VI, f"06/01/2025;FT9;;50.000;{accepted.code}"]
    statement_import(
        fileobj=io.BytesIO(csv_bytes(rows, "utf-16")),
        filename="s.csv",
        agency=fees_world["centre"],
        actor=fees_world["desk"],
    )
    request.refresh_from_db()
    accepted.refresh_from_db()
    assert request.status == RequestStatus.PAID
    assert accepted.state == S.PROCESSING


def test_an_officer_of_another_agency_cannot_import(owed):
    world, _dossiers, _requests = owed
    with pytest.raises(PaymentRuleError):
        statement_import(
            fileobj=io.BytesIO(b"x"),
            filename="s.csv",
            agency=world["centre"],
            actor=world["stranger"],
        )
