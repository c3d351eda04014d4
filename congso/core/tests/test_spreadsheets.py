# SPDX-License-Identifier: MIT
from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from congso.core.spreadsheets import csv_cell, xlsx_row


def test_csv_text_that_looks_like_a_formula_gets_an_apostrophe():
    assert csv_cell('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert csv_cell("+84 905") == "'+84 905"
    assert csv_cell("Nguyễn Văn An") == "Nguyễn Văn An"
    assert csv_cell(-3) == -3 and csv_cell(None) == ""


def test_xlsx_keeps_such_text_as_text_unchanged():
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(xlsx_row(sheet, ["=1+1", "- ghi chú", 5, None]))
    buffer = io.BytesIO()
    book.save(buffer)
    cells = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())
    assert [(c.value, c.data_type) for c in cells[:3]] == [
        ("=1+1", "s"),
        ("- ghi chú", "s"),
        (5, "n"),
    ]
