# SPDX-License-Identifier: MIT
"""Sổ theo dõi hồ sơ: the register of the dossiers an agency received in a period (DOMAIN §1.6,
Mẫu 06 of Circular 01/2018/TT-VPCP, Mẫu 07 of Circular 03/2025/TT-VPCP), as rows, PDF or XLSX.

An agency's register holds the dossiers it received or is competent for. A dossier is
received when it is accepted; one refused or still waiting at reception counts from when it
was submitted. Rows are read in one query whatever their number, streamed with `.iterator()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

from django.db.models import CharField, F, OuterRef, Q, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.exceptions import DomainError
from congso.core.models import Agency
from congso.workflow.states import DossierState as S

from .documents import STATE_WORDING, form_for, form_pdf, vietnamese_date
from .models import ApplicantWait, Dossier, DossierEvent

MAX_PERIOD_DAYS = 366

# (heading, width in characters) of the XLSX columns, in the order of the form.
COLUMNS: list[tuple[str, int]] = [
    ("STT", 6),
    ("Mã hồ sơ", 26),
    ("Tên thủ tục hành chính", 48),
    ("Số lượng hồ sơ (bộ)", 10),
    ("Tên cá nhân, tổ chức", 28),
    ("Địa chỉ, số điện thoại", 36),
    ("Cơ quan chủ trì giải quyết", 30),
    ("Ngày nhận hồ sơ", 17),
    ("Ngày hẹn trả kết quả", 17),
    ("Ngày chuyển hồ sơ đến cơ quan giải quyết", 17),
    ("Ngày có kết quả / yêu cầu trả lại hồ sơ", 17),
    ("Ngày trả kết quả", 17),
    ("Ghi chú", 28),
]
_DATE_FORMAT = "dd/mm/yyyy hh:mm"


class RegisterPeriodError(DomainError, ValueError):
    code = "register_period_invalid"
    http_status = 400


@dataclass(frozen=True)
class RegisterRow:
    """One line of the register. Moments are aware datetimes, or None when not reached."""

    number: int
    code: str
    procedure_name: str
    quantity: int
    applicant_name: str
    contact: str  # address and phone
    competent_agency: str
    received_at: dt.datetime
    due_at: dt.datetime | None
    forwarded_at: dt.datetime | None
    result_at: dt.datetime | None  # result ready, or the dossier handed back to the applicant
    returned_at: dt.datetime | None
    note: str  # the state of the dossier


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    if end < start:
        raise RegisterPeriodError(_("The end of the period is before its start."))
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise RegisterPeriodError(
            _("A register covers at most %(days)d days: choose a shorter period.")
            % {"days": MAX_PERIOD_DAYS}
        )
    zone = timezone.get_current_timezone()
    first = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return first, after


def _contact(address: str, phone: str) -> str:
    return "; ".join(part for part in (address, f"ĐT: {phone}" if phone else "") if part)


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment) if moment is not None else None


def _iter_rows(agency: Agency, start: dt.date, end: dt.date) -> Iterator[RegisterRow]:
    first, after = _bounds(start, end)
    forwarded = DossierEvent.objects.filter(dossier=OuterRef("pk"), action="forward").order_by(
        "occurred_at", "pk"
    )
    handed_back = ApplicantWait.objects.filter(
        dossier=OuterRef("pk"), kind=ApplicantWait.Kind.SUPPLEMENT
    ).order_by("-requested_at", "-pk")
    dossiers = (
        Dossier.objects.filter(Q(receiving_agency=agency) | Q(competent_agency=agency))
        .exclude(state=S.DRAFT)
        .annotate(
            received=Coalesce("accepted_at", "submitted_at", "created_at"),
            procedure_name=Coalesce(
                KeyTextTransform("name", "procedure_version__data"),
                F("procedure__name"),
                output_field=CharField(),
            ),
            competent_name=F("competent_agency__name"),
            forwarded_at=Subquery(forwarded.values("occurred_at")[:1]),
            handed_back_at=Subquery(handed_back.values("requested_at")[:1]),
        )
        .filter(received__gte=first, received__lt=after)
        .order_by("received", "pk")
        .values_list(
            "code",
            "procedure_name",
            "applicant_name",
            "applicant_address",
            "applicant_phone",
            "competent_name",
            "received",
            "due_at",
            "forwarded_at",
            "processing_ended_at",
            "handed_back_at",
            "returned_at",
            "state",
            named=True,
        )
    )
    for number, values in enumerate(dossiers.iterator(chunk_size=2000), start=1):
        yield RegisterRow(
            number=number,
            code=values.code,
            procedure_name=values.procedure_name or "",
            quantity=1,
            applicant_name=values.applicant_name,
            contact=_contact(values.applicant_address, values.applicant_phone),
            competent_agency=values.competent_name,
            received_at=timezone.localtime(values.received),
            due_at=_local(values.due_at),
            forwarded_at=_local(values.forwarded_at),
            result_at=_local(values.processing_ended_at or values.handed_back_at),
            returned_at=_local(values.returned_at),
            note=STATE_WORDING.get(values.state, values.state),
        )


def register_rows(agency: Agency, start: dt.date, end: dt.date) -> list[RegisterRow]:
    """The dossiers received by `agency` (receiving or competent) from `start` to `end`
    inclusive, in order of reception. One query; a period of at most 366 days."""
    return list(_iter_rows(agency, start, end))


def register_pdf(agency: Agency, start: dt.date, end: dt.date) -> bytes:
    """The register as landscape A4, in the form in force on `end`."""
    rows = register_rows(agency, start, end)
    return form_pdf(
        "register",
        end,
        agency,
        {
            "rows": rows,
            "start_text": vietnamese_date(start),
            "end_text": vietnamese_date(end),
            "columns": range(1, len(COLUMNS) + 2),  # the form adds a column to sign
            "date_columns": range(5),
        },
    )


def register_xlsx(agency: Agency, start: dt.date, end: dt.date) -> bytes:
    """The register as a spreadsheet: title rows, a bold frozen header, real Excel dates.

    Written in openpyxl's write-only mode, row by row, so a year of a busy centre (tens of
    thousands of dossiers) stays within a small, constant memory.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from congso.core.spreadsheets import xlsx_row

    _bounds(start, end)  # refuse a wrong period before starting the workbook
    form = form_for("register", end)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("So theo doi ho so")
    for index, (_heading, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    title_rows = 5
    sheet.freeze_panes = f"A{title_rows + 1}"

    def cell(value: object, **style: object) -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=value)
        for name, setting in style.items():
            setattr(written, name, setting)
        return written

    bold = Font(bold=True)
    sheet.append([cell("SỔ THEO DÕI HỒ SƠ", font=Font(bold=True, size=14))])
    sheet.append([cell(agency.name, font=bold)])
    sheet.append([f"Từ {vietnamese_date(start)} đến {vietnamese_date(end)}"])
    sheet.append([f"Mẫu số {form.number} — {form.basis}"])
    wrap = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.append([cell(heading, font=bold, alignment=wrap) for heading, _w in COLUMNS])
    for row in _iter_rows(agency, start, end):
        dates = [
            # Excel has no time zones: the local wall-clock time.
            cell(moment.replace(tzinfo=None), number_format=_DATE_FORMAT) if moment else None
            for moment in (
                row.received_at,
                row.due_at,
                row.forwarded_at,
                row.result_at,
                row.returned_at,
            )
        ]
        # Names and notes typed by applicants: never run as spreadsheet formulas.
        sheet.append(
            xlsx_row(
                sheet,
                [
                    row.number,
                    row.code,
                    row.procedure_name,
                    row.quantity,
                    row.applicant_name,
                    row.contact,
                    row.competent_agency,
                    *dates,
                    row.note,
                ],
            )
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
