# SPDX-License-Identifier: MIT
"""Every table of the operations centre as CSV (streamed, any size) or XLSX (bounded)."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from congso.core.exceptions import InvalidInputError
from congso.core.spreadsheets import csv_cell, xlsx_row

XLSX_MAX_ROWS = 200_000
FORMATS = ("csv", "xlsx")


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_format(value: str | None) -> str | None:
    if not value:
        return None
    if value not in FORMATS:
        raise InvalidInputError(_("Export as csv or xlsx."))
    return value


def table_response(
    *, fmt: str, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines() -> Iterable[str]:
            yield "\ufeff"  # so that spreadsheet programs read UTF-8
            yield writer.writerow([str(h) for h in header])
            for row in rows:
                yield writer.writerow([csv_cell(v) for v in row])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    from openpyxl import Workbook  # loaded by the first XLSX export, as elsewhere

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([str(h) for h in header])
    for count, row in enumerate(rows, start=1):
        if count > XLSX_MAX_ROWS:
            raise InvalidInputError(
                _("More than %(n)s rows: export as CSV instead.") % {"n": f"{XLSX_MAX_ROWS:,}"}
            )
        sheet.append(xlsx_row(sheet, row))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    book.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
