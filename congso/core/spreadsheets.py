# SPDX-License-Identifier: MIT
"""Cells for CSV and XLSX exports that a spreadsheet never runs as formulas.

Text typed by citizens, payers or other systems ends up in exports (applicant names, bank
transfer contents, dossier codes from the national portal). A cell starting with = + - @
would be a formula in a spreadsheet (CSV injection). In CSV such text gets a leading
apostrophe; in XLSX it is written as a typed text cell, so it shows unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for a write-only sheet: text that looks like a formula is typed as text."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append("" if value is None else value)
    return row
