# SPDX-License-Identifier: MIT
"""Catalog import and export in CSV, JSON and XLSX (columns: docs/catalog-import.md).

Reading is separate from writing: `read_catalog_file` turns a file into validated records
and a row-by-row error report (line, column, reason) without touching the database; only
when the report is clean (or the caller asked to skip bad rows) does `import_catalog`
write, in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _
from pydantic import ValidationError

from congso.core.models import Agency

from . import services
from .models import Procedure
from .records import ProcedureRecord

FORMATS = ("csv", "json", "xlsx")
SCALAR_COLUMNS = [
    "code",
    "name",
    "name_en",
    "description",
    "description_en",
    "decision_number",
    "decision_date",
    "levels",
    "procedure_type",
    "field_code",
    "field_name",
    "field_name_en",
    "online_level",
    "full_online_eligible",
    "paper_result_required",
    "boundary_free",
    "cutoff_time",
    "publication_status",
    "conditions",
    "reception_address",
    "subjects",
    "is_demo",
]
JSON_COLUMNS = [
    "cases",
    "steps",
    "channels",
    "fees",
    "documents",
    "agencies",
    "results",
    "legal_bases",
]
COLUMNS = SCALAR_COLUMNS + JSON_COLUMNS
REQUIRED_COLUMNS = {"code", "name", "levels", "field_code", "field_name"}
LIST_COLUMNS = {"levels", "subjects"}
BOOL_COLUMNS = {"full_online_eligible", "paper_result_required", "boundary_free", "is_demo"}
_TRUE = {"1", "true", "yes", "x", "có", "co", "đúng"}
_FALSE = {"0", "false", "no", "không", "khong", "sai", ""}
_LEVEL_ALIASES = {
    "cấp tỉnh": "province",
    "tỉnh": "province",
    "cấp xã": "commune",
    "xã": "commune",
    "cấp huyện": "district",
    "huyện": "district",
    "cấp bộ": "central",
    "trung ương": "central",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (size, encoding, format, columns)."""


@dataclass
class RowError:
    line: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "reason": self.reason}


@dataclass
class ImportReport:
    records: list[ProcedureRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    bad_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# --- reading -----------------------------------------------------------------------------------


def detect_format(filename: str) -> str:
    suffix = Path(filename).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ImportFileError(
            _("Unsupported file type “%(suffix)s”: use CSV, JSON or XLSX.") % {"suffix": suffix}
        )
    return suffix


def _read_limited(stream: BinaryIO) -> bytes:
    limit = settings.CONGSO_IMPORT_MAX_BYTES
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(
            _("The file is larger than the limit of %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        )
    return data


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("The file is not UTF-8 text (byte %(pos)s). Save it as “CSV UTF-8” and try again.")
            % {"pos": exc.start}
        ) from exc


def _check_columns(header: list[str]) -> None:
    unknown = [name for name in header if name and name not in COLUMNS]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    problems = []
    if unknown:
        problems.append(_("unknown columns: %(cols)s") % {"cols": ", ".join(unknown)})
    if missing:
        problems.append(_("missing columns: %(cols)s") % {"cols": ", ".join(missing)})
    if duplicated:
        problems.append(_("repeated columns: %(cols)s") % {"cols": ", ".join(duplicated)})
    if problems:
        raise ImportFileError(
            _("The header row is wrong: %(problems)s.") % {"problems": "; ".join(problems)}
        )


def _iter_csv(data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    text = _decode(data)
    if "\x00" in text:
        raise ImportFileError(_("The file contains NUL bytes: it is not a CSV text file."))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration as exc:
        raise ImportFileError(_("The file is empty.")) from exc
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file cannot be read: %(err)s") % {"err": exc}) from exc
    _check_columns(header)
    line = reader.line_num
    try:
        for values in reader:
            row_line, line = line + 1, reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) > len(header):
                yield row_line, {"__error__": _("more cells than columns in the header")}
                continue
            yield row_line, dict(zip(header, values, strict=False))
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file cannot be read after line %(line)s: %(err)s")
            % {"line": line, "err": exc}
        ) from exc


def _iter_json(data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        payload = json.loads(_decode(data))
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("The JSON file is not valid at line %(line)s: %(msg)s")
            % {"line": exc.lineno, "msg": exc.msg}
        ) from exc
    items = payload.get("procedures") if isinstance(payload, dict) else payload
    if not isinstance(items, list):
        raise ImportFileError(_("The JSON file must hold a list of procedures."))
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield index, {"__error__": _("each procedure must be a JSON object")}
            continue
        unknown = sorted(set(item) - set(COLUMNS))
        if unknown:
            yield index, {"__error__": _("unknown keys: %(keys)s") % {"keys": ", ".join(unknown)}}
            continue
        yield index, item


def _iter_xlsx(data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [str(cell).strip() if cell is not None else "" for cell in next(rows)]
    except StopIteration as exc:
        raise ImportFileError(_("The file is empty.")) from exc
    while header and header[-1] == "":
        header.pop()
    _check_columns(header)
    for line, values in enumerate(rows, start=2):
        cells = list(values)[: len(header)]
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        yield line, {name: cell for name, cell in zip(header, cells, strict=False) if name}
    workbook.close()


_READERS: dict[str, Callable[[bytes], Iterator[tuple[int, dict[str, Any]]]]] = {
    "csv": _iter_csv,
    "json": _iter_json,
    "xlsx": _iter_xlsx,
}


# --- cells to record fields ---------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_bool(column: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _cell_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("write “có” or “không” (yes/no), not “%(value)s”") % {"value": text[:40]})


def _parse_list(column: str, value: Any) -> list[str]:
    if isinstance(value, list):
        items = [str(item) for item in value]
    else:
        items = re.split(r"[;\n]", _cell_text(value))
    items = [item.strip() for item in items if item.strip()]
    if column == "levels":
        items = [_LEVEL_ALIASES.get(item.lower(), item) for item in items]
    return items


def _parse_date(value: Any) -> str | None:
    text = _cell_text(value)
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError as exc:
            raise ValueError(_("not a real date: %(value)s") % {"value": text}) from exc
    return text


def _parse_json_list(value: Any) -> Any:
    if isinstance(value, list):
        return value
    text = _cell_text(value)
    if not text:
        return []
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(_("not a valid JSON list (%(msg)s)") % {"msg": exc.msg}) from exc


def _row_to_data(raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column, value in raw.items():
        try:
            if column in BOOL_COLUMNS:
                data[column] = _parse_bool(column, value)
            elif column in LIST_COLUMNS:
                data[column] = _parse_list(column, value)
            elif column in JSON_COLUMNS:
                data[column] = _parse_json_list(value)
            elif column == "decision_date":
                data[column] = _parse_date(value)
            elif column == "cutoff_time":
                data[column] = _cell_text(value) or None
            elif isinstance(value, (dict, list)):
                data[column] = value
            else:
                text = _cell_text(value)
                if text or column in REQUIRED_COLUMNS:
                    data[column] = text
        except ValueError as exc:
            problems.append((column, str(exc)))
    return data, problems


def _pydantic_errors(line: int, exc: ValidationError) -> list[RowError]:
    errors = []
    for error in exc.errors():
        loc = error.get("loc") or ("",)
        column = str(loc[0])
        detail = ".".join(str(part) for part in loc[1:])
        reason = error.get("msg", "").removeprefix("Value error, ")
        if detail:
            reason = f"{detail}: {reason}"
        errors.append(RowError(line, column, reason))
    return errors


def read_catalog_file(
    stream: BinaryIO, *, fmt: str, progress: Callable[[int], None] | None = None
) -> ImportReport:
    """Read and validate a catalog file. Writes nothing."""
    if fmt not in _READERS:
        raise ImportFileError(_("Unsupported format “%(fmt)s”.") % {"fmt": fmt})
    data = _read_limited(stream)
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    report = ImportReport()
    known_agencies = set(Agency.objects.values_list("code", flat=True))
    seen_codes: dict[str, int] = {}
    for line, raw in _READERS[fmt](data):
        report.rows_read += 1
        if progress:
            progress(1)
        row_errors = _validate_row(line, raw, known_agencies, seen_codes, report)
        if row_errors:
            report.bad_rows += 1
            report.errors.extend(row_errors)
    if report.rows_read == 0:
        raise ImportFileError(_("The file has no procedures."))
    return report


def _validate_row(
    line: int,
    raw: dict[str, Any],
    known_agencies: set[str],
    seen_codes: dict[str, int],
    report: ImportReport,
) -> list[RowError]:
    if "__error__" in raw:
        return [RowError(line, "", raw["__error__"])]
    data, problems = _row_to_data(raw)
    errors = [RowError(line, column, reason) for column, reason in problems]
    if errors:
        return errors
    try:
        record = ProcedureRecord.model_validate(data)
    except ValidationError as exc:
        return _pydantic_errors(line, exc)
    if record.code in seen_codes:
        return [
            RowError(
                line,
                "code",
                _("code %(code)s already appears on line %(first)s")
                % {"code": record.code, "first": seen_codes[record.code]},
            )
        ]
    unknown = [ref.code for ref in record.agencies if ref.code and ref.code not in known_agencies]
    if unknown:
        return [
            RowError(
                line,
                "agencies",
                _("unknown agency codes: %(codes)s") % {"codes": ", ".join(unknown)},
            )
        ]
    seen_codes[record.code] = line
    report.records.append(record)
    return []


def import_catalog(
    stream: BinaryIO,
    *,
    fmt: str,
    skip_bad_rows: bool = False,
    progress: Callable[[int], None] | None = None,
    note: str = "",
) -> ImportReport:
    """Validate the whole file, then write it in one transaction, or write nothing."""
    report = read_catalog_file(stream, fmt=fmt, progress=progress)
    if report.errors and not skip_bad_rows:
        return report
    report.created, report.updated, report.unchanged = services.procedures_upsert(
        records=report.records, note=note or "import"
    )
    report.written = True
    return report


# --- export ------------------------------------------------------------------------------------


def _export_rows(queryset: Any) -> Iterator[dict[str, Any]]:
    procedures = queryset.select_related("field").prefetch_related(
        "channels", "fees", "documents", "agency_links__agency"
    )
    for procedure in procedures.iterator(chunk_size=500):
        yield services.procedure_to_record(procedure).model_dump(mode="json")


def _flatten(record: dict[str, Any]) -> list[str]:
    cells = []
    for column in COLUMNS:
        value = record.get(column)
        if column in JSON_COLUMNS:
            cells.append(json.dumps(value, ensure_ascii=False) if value else "")
        elif column in LIST_COLUMNS:
            cells.append("; ".join(value or []))
        elif column in BOOL_COLUMNS:
            cells.append("có" if value else "không")
        elif value is None:
            cells.append("")
        else:
            cells.append(str(value))
    return cells


def export_catalog(output: BinaryIO, *, fmt: str, queryset: Any = None) -> int:
    """Write the catalog to `output` in `fmt`; returns the number of procedures written."""
    queryset = queryset if queryset is not None else Procedure.objects.order_by("code")
    count = 0
    if fmt == "json":
        records = list(_export_rows(queryset))
        output.write(json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8"))
        return len(records)
    if fmt == "csv":
        text = io.TextIOWrapper(output, encoding="utf-8-sig", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        for record in _export_rows(queryset):
            writer.writerow(_flatten(record))
            count += 1
        text.detach()
        return count
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("procedures")
        sheet.append(COLUMNS)
        for record in _export_rows(queryset):
            sheet.append(_flatten(record))
            count += 1
        workbook.save(output)
        return count
    raise ImportFileError(_("Unsupported format “%(fmt)s”.") % {"fmt": fmt})
