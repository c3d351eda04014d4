# SPDX-License-Identifier: MIT
"""Reading a bank statement (CSV or XLSX) into credit lines, with a report of what was not read.

Banks export statements in many shapes: UTF-8 with or without a BOM, UTF-16, Windows-1258
or Windows-1252; comma, semicolon or tab separated; title rows above the header; columns
named in Vietnamese or English, in any order; amounts written 1.234.567 or 1,234,567.00.
The header row is found by its names (accents and case ignored); only credit lines are
kept. A file that cannot be read at all raises StatementFileError with the reason; a line
that cannot be read is reported by number and skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from congso.core.text import fold
from congso.files.exceptions import FileRejectedError
from congso.files.inspect import inspected_copy
from congso.files.limits import upload_limits

from .exceptions import StatementFileError

HEADER_SCAN_ROWS = 30
MAX_LINES = 500_000
# Column → the header names banks use for it (folded: no accents, lower case).
ALIASES: dict[str, tuple[str, ...]] = {
    "date": (
        "ngay",
        "ngay giao dich",
        "ngay gd",
        "ngay hach toan",
        "ngay hieu luc",
        "ngay ghi so",
        "transaction date",
        "date",
        "posting date",
        "value date",
        "txn date",
        "booking date",
    ),
    "amount": (
        "so tien",
        "so tien ghi co",
        "ghi co",
        "so tien co",
        "phat sinh co",
        "co",
        "credit",
        "credit amount",
        "amount",
        "so tien vnd",
        "tien vao",
    ),
    "debit": ("ghi no", "so tien ghi no", "phat sinh no", "no", "debit", "debit amount", "tien ra"),
    "content": (
        "noi dung",
        "noi dung giao dich",
        "noi dung chuyen khoan",
        "dien giai",
        "mo ta",
        "description",
        "details",
        "transaction details",
        "remark",
        "remarks",
        "narrative",
        "content",
    ),
    "reference": (
        "so tham chieu",
        "ma giao dich",
        "so giao dich",
        "so but toan",
        "so chung tu",
        "so ct",
        "ma gd",
        "reference",
        "ref",
        "reference number",
        "transaction id",
        "txn id",
    ),
}
REQUIRED = ("amount", "content")


@dataclass
class CreditLine:
    line_number: int
    booked_on: dt.date | None
    amount: int
    content: str
    bank_ref: str


@dataclass
class Statement:
    file_format: str
    encoding: str
    columns: dict[str, str]
    lines: list[CreditLine] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    skipped_debits: int = 0


def _header_key(text: object) -> str:
    return " ".join(fold(str(text or "")).replace("_", " ").split())


def find_columns(row: list[Any]) -> dict[str, int] | None:
    """Which cell of `row` holds which column, if `row` is a header with amount and content."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = _header_key(cell)
        for column, names in ALIASES.items():
            if key in names and column not in found:
                found[column] = index
                break
    if all(column in found for column in REQUIRED):
        return found
    return None


AMOUNT_NOISE = re.compile(r"(?i)\s|vnd|vnđ|đ|d$|\+")


def parse_amount(raw: Any) -> int | None:
    """A whole number of đồng from a cell: 1.234.567 / 1,234,567.00 / 1234567 / 1 234 567 VND."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = AMOUNT_NOISE.sub("", str(raw))
        if not text:
            return None
        if "," in text and "." in text:
            decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
            text = text.replace("." if decimal_sep == "," else ",", "").replace(decimal_sep, ".")
        elif (
            text.count(",") > 1 or text.count(".") > 1 or re.fullmatch(r"-?\d{1,3}[.,]\d{3}", text)
        ):
            text = text.replace(",", "").replace(".", "")
        else:
            text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not an amount") % {"value": str(raw)[:40]}) from None
    if value != value.to_integral_value():
        raise ValueError(_("%(value)s is not a whole number of đồng") % {"value": value})
    return int(value)


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%y", "%d.%m.%Y", "%Y/%m/%d")


def parse_date(raw: Any) -> dt.date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip().split(" ")[0].split("T")[0]
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date") % {"value": str(raw)[:40]})


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    head = data[:4000]
    if head and head.count(b"\x00") > len(head) // 4:
        # UTF-16 without a BOM: the zero bytes of ASCII letters are on one side.
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return data.decode(encoding), encoding
    if b"\x00" in data:
        raise StatementFileError(_("This file is not a text statement (it holds binary data)."))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Vietnamese Windows text: tone marks as combining characters; NFC joins them.
        return unicodedata.normalize("NFC", data.decode("cp1258")), "cp1258"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(text: str) -> str:
    """The separator found on most of the first lines (then most often): , ; tab or |."""
    lines = [line for line in text[:16384].splitlines()[:30] if line.strip()]

    def score(sep: str) -> tuple[int, int]:
        return sum(sep in line for line in lines), sum(line.count(sep) for line in lines)

    return max(",;\t|", key=score)


def _csv_rows(text: str) -> Iterator[list[str]]:
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))


def _xlsx_rows(copy: IO[bytes]) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(copy, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _cell(row: list[Any], columns: dict[str, int], name: str) -> Any:
    index = columns.get(name)
    if index is None or index >= len(row):
        return None
    return row[index]


def _lines(rows: Iterable[list[Any]], statement: Statement) -> None:
    columns: dict[str, int] | None = None
    for number, row in enumerate(rows, start=1):
        if columns is None:
            if number > HEADER_SCAN_ROWS:
                break
            columns = find_columns(row)
            if columns is not None:
                statement.columns = {k: str(row[v]) for k, v in columns.items()}
            continue
        if not any(str(cell or "").strip() for cell in row):
            continue
        if len(statement.lines) >= MAX_LINES:
            raise StatementFileError(
                _("A statement may hold at most %(n)s lines.") % {"n": f"{MAX_LINES:,}"}
            )
        try:
            debit = parse_amount(_cell(row, columns, "debit"))
            amount = parse_amount(_cell(row, columns, "amount"))
            if amount is None or amount <= 0:
                if debit or (amount is not None and amount < 0):
                    statement.skipped_debits += 1
                    continue
                raise ValueError(_("no amount"))
            booked_on = parse_date(_cell(row, columns, "date"))
        except ValueError as exc:
            statement.problems.append({"line": number, "reason": str(exc)})
            continue
        content = unicodedata.normalize("NFC", str(_cell(row, columns, "content") or "")).strip()
        statement.lines.append(
            CreditLine(
                line_number=number,
                booked_on=booked_on,
                amount=amount,
                content=content[:500],
                bank_ref=str(_cell(row, columns, "reference") or "").strip()[:64],
            )
        )
    if columns is None:
        raise StatementFileError(
            _(
                "No header row found in the first %(n)s rows: the statement needs an amount"
                " column (Số tiền / Ghi có / Credit) and a content column (Nội dung / Diễn"
                " giải / Description)."
            )
            % {"n": HEADER_SCAN_ROWS}
        )


def read_statement(fileobj: IO[bytes] | Any, filename: str) -> tuple[Statement, str]:
    """Read an uploaded statement; returns it and the file's SHA-256."""
    import hashlib

    limit = upload_limits().max_file_bytes
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        try:
            with inspected_copy(fileobj, filename=filename, allowed=frozenset({"xlsx"})) as (
                inspected,
                copy,
            ):
                statement = Statement(file_format="xlsx", encoding="", columns={})
                try:
                    _lines(_xlsx_rows(copy), statement)
                except (OSError, KeyError, ValueError) as exc:
                    if isinstance(exc, StatementFileError):
                        raise
                    raise StatementFileError(_("The spreadsheet cannot be read.")) from exc
                return statement, inspected.sha256
        except FileRejectedError as exc:
            raise StatementFileError(exc.detail) from exc
    data = fileobj.read(limit + 1)
    if len(data) > limit:
        raise StatementFileError(
            _("The statement is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    if not data.strip():
        raise StatementFileError(_("The statement is empty."))
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"MZ", b"\x7fELF")):
        raise StatementFileError(_("This is not a CSV or XLSX statement."))
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as exc:
        raise StatementFileError(_("The text encoding of this file cannot be read.")) from exc
    statement = Statement(file_format="csv", encoding=encoding, columns={})
    try:
        _lines(_csv_rows(text), statement)
    except csv.Error as exc:
        raise StatementFileError(_("This CSV file is malformed: %(why)s") % {"why": exc}) from exc
    return statement, hashlib.sha256(data).hexdigest()
