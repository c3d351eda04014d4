# SPDX-License-Identifier: MIT
from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from congso.catalog import services
from congso.catalog.io import COLUMNS, ImportFileError, export_catalog, import_catalog
from congso.catalog.models import Procedure, ProcedureVersion
from congso.catalog.tests.factories import sample_records

pytestmark = pytest.mark.django_db


def exported(fmt: str) -> bytes:
    buffer = io.BytesIO()
    export_catalog(buffer, fmt=fmt)
    return buffer.getvalue()


@pytest.fixture
def catalog():
    services.procedures_upsert(records=sample_records())


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_then_import_round_trips_without_changes(catalog, fmt):
    data = exported(fmt)
    before = ProcedureVersion.objects.count()
    report = import_catalog(io.BytesIO(data), fmt=fmt)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(sample_records()))
    assert ProcedureVersion.objects.count() == before


def test_import_into_an_empty_catalog_creates_everything():
    data = json.dumps([r.model_dump(mode="json") for r in sample_records()]).encode()
    report = import_catalog(io.BytesIO(data), fmt="json")
    assert report.written
    first = Procedure.objects.get(code="1.000001")
    assert first.name == "Đăng ký khai sinh"
    assert first.documents.count() == 2
    assert first.channels.filter(kind="online").exists()


def csv_bytes(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header or COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def good_row(code: str = "2.000001", name: str = "Cấp giấy phép mới") -> dict[str, str]:
    return {
        "code": code,
        "name": name,
        "levels": "Cấp Tỉnh; commune",
        "field_code": "XD",
        "field_name": "Xây dựng",
        "online_level": "partial",
        "full_online_eligible": "không",
        "decision_date": "15/09/2025",
        "channels": json.dumps(
            [{"kind": "direct", "processing_time": 15, "time_unit": "working_day"}]
        ),
    }


def test_a_csv_with_a_bad_row_changes_nothing_and_reports_line_column_reason():
    rows = [
        good_row(),
        {**good_row("2.000002", "Thủ tục hai"), "online_level": "maybe"},
        good_row("2.00003x"),
    ]
    report = import_catalog(io.BytesIO(csv_bytes(rows)), fmt="csv")
    assert not report.written
    assert Procedure.objects.count() == 0
    errors = [(e.line, e.column) for e in report.errors]
    assert (3, "online_level") in errors
    assert (4, "code") in errors
    assert all(e.reason for e in report.errors)


def test_skip_bad_rows_writes_the_good_ones_only():
    rows = [good_row(), {**good_row("2.000002", "Thủ tục hai"), "levels": ""}]
    report = import_catalog(io.BytesIO(csv_bytes(rows)), fmt="csv", skip_bad_rows=True)
    assert report.written
    assert list(Procedure.objects.values_list("code", flat=True)) == ["2.000001"]
    assert report.bad_rows == 1
    procedure = Procedure.objects.get()
    assert procedure.levels == ["province", "commune"]
    assert procedure.decision_date.isoformat() == "2025-09-15"


def test_duplicate_codes_in_one_file_are_reported():
    report = import_catalog(io.BytesIO(csv_bytes([good_row(), good_row()])), fmt="csv")
    assert [(e.line, e.column) for e in report.errors] == [(3, "code")]
    assert "2" in report.errors[0].reason


def test_unknown_agency_codes_are_reported_not_dropped():
    row = {**good_row(), "agencies": json.dumps([{"role": "competent", "code": "000.00.99.H99"}])}
    report = import_catalog(io.BytesIO(csv_bytes([row])), fmt="csv")
    assert report.errors[0].column == "agencies"
    assert "000.00.99.H99" in report.errors[0].reason


def test_broken_json_cell_is_reported():
    row = {**good_row(), "documents": "[{not json"}
    report = import_catalog(io.BytesIO(csv_bytes([row])), fmt="csv")
    assert report.errors[0].column == "documents"


@pytest.mark.parametrize(
    ("payload", "fmt", "message"),
    [
        (b"", "csv", "empty"),
        ("code;name\n".encode("utf-16"), "csv", "UTF-8"),
        (csv_bytes([], header=["code", "name", "bogus"]), "csv", "bogus"),
        (b"{", "json", "JSON"),
        (b'{"a": 1}', "json", "list"),
        (b"PK\x03\x04 not really a workbook", "xlsx", "XLSX"),
        ("code,đơn\n1,2\n".encode("cp1258"), "csv", "UTF-8"),
    ],
)
def test_unreadable_files_get_a_clear_error(payload, fmt, message):
    with translation.override("en"), pytest.raises(ImportFileError, match=message):
        import_catalog(io.BytesIO(payload), fmt=fmt)
    assert Procedure.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.CONGSO_IMPORT_MAX_BYTES = 1024
    with pytest.raises(ImportFileError, match="MB"):
        import_catalog(io.BytesIO(b"x" * 2048), fmt="csv")


def test_an_amended_procedure_keeps_its_history(catalog):
    procedure = Procedure.objects.get(code="1.000005")
    assert procedure.versions.count() == 1
    data = json.loads(exported("json"))
    entry = next(item for item in data if item["code"] == "1.000005")
    entry["channels"][0]["processing_time"] = "5.00"
    entry["decision_number"] = "QĐ 200/QĐ-UBND"
    report = import_catalog(io.BytesIO(json.dumps([entry]).encode()), fmt="json")
    assert report.updated == 1
    procedure.refresh_from_db()
    versions = list(procedure.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].data["channels"][0]["processing_time"] == "3.00"
    assert versions[1].data["channels"][0]["processing_time"] == "5.00"
    assert versions[1].decision_number == "QĐ 200/QĐ-UBND"


def test_xlsx_import_reads_the_first_sheet():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(good_row().keys()))
    sheet.append(list(good_row().values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_catalog(io.BytesIO(buffer.getvalue()), fmt="xlsx")
    assert report.ok and report.created == 1


def test_xlsx_export_opens_in_a_spreadsheet_reader(catalog):
    workbook = load_workbook(io.BytesIO(exported("xlsx")), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 1 + len(sample_records())


def test_management_commands_import_and_export(tmp_path, catalog, capsys):
    target = tmp_path / "catalog.csv"
    call_command("export_catalog", str(target))
    assert target.read_bytes().startswith(b"\xef\xbb\xbfcode,")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([{**good_row(), "levels": "galaxy"}]))
    with pytest.raises(SystemExit):
        call_command("import_catalog", str(bad))
    out = capsys.readouterr()
    assert "levels" in out.out + out.err
    call_command("import_catalog", str(target))
    assert "unchanged" in capsys.readouterr().out


def test_import_errors_are_in_vietnamese_by_default():
    with pytest.raises(ImportFileError, match="Tệp JSON phải chứa một danh sách thủ tục"):
        import_catalog(io.BytesIO(b'{"a": 1}'), fmt="json")


def test_the_same_time_written_differently_is_not_a_new_version(catalog):
    data = json.loads(exported("json"))
    for entry in data:
        for channel in entry["channels"]:
            channel["processing_time"] = int(float(channel["processing_time"]))
    report = import_catalog(io.BytesIO(json.dumps(data).encode()), fmt="json")
    assert report.updated == 0
    assert report.unchanged == len(data)


def test_a_snapshot_equals_the_record_read_back_from_the_tables(catalog):
    for procedure in Procedure.objects.all():
        stored = procedure.versions.get(number=procedure.version).data
        assert stored == services.procedure_to_record(procedure).model_dump(mode="json")
