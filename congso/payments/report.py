# SPDX-License-Identifier: MIT
"""The daily reconciliation report of one agency: money received by method, what is still
owed, what needs an officer, and the statement lines of the day; as a page and as XLSX."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from congso.core.models import Agency

from .models import (
    LineStatus,
    Method,
    Payment,
    PaymentRequest,
    PaymentStatus,
    RequestStatus,
    StatementLine,
)
from .reconciliation import day_bounds


@dataclass
class DailyReport:
    agency: Agency
    day: dt.date
    by_method: list[dict[str, Any]] = field(default_factory=list)
    total_count: int = 0
    total_amount: int = 0
    asked_count: int = 0
    asked_amount: int = 0
    outstanding_count: int = 0
    outstanding_amount: int = 0
    flagged: list[Payment] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    unresolved_lines: list[StatementLine] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)


def daily_report(*, agency: Agency, day: dt.date) -> DailyReport:
    start, end = day_bounds(day)
    report = DailyReport(agency=agency, day=day)
    received = Payment.objects.filter(
        request__agency=agency,
        status=PaymentStatus.SUCCEEDED,
        settled_at__gte=start,
        settled_at__lt=end,
    )
    labels = dict(Method.choices)
    for row in (
        received.values("method").annotate(n=Count("pk"), total=Sum("amount")).order_by("method")
    ):
        report.by_method.append(
            {
                "method": row["method"],
                "label": labels[row["method"]],
                "count": row["n"],
                "amount": row["total"] or 0,
            }
        )
    report.total_count = sum(r["count"] for r in report.by_method)
    report.total_amount = sum(r["amount"] for r in report.by_method)
    asked = PaymentRequest.objects.filter(
        agency=agency, requested_at__gte=start, requested_at__lt=end
    )
    totals = asked.aggregate(n=Count("pk"), total=Sum("amount"))
    report.asked_count, report.asked_amount = totals["n"], totals["total"] or 0
    owed = PaymentRequest.objects.filter(agency=agency, status=RequestStatus.PENDING).aggregate(
        n=Count("pk"), total=Sum("amount")
    )
    report.outstanding_count, report.outstanding_amount = owed["n"], owed["total"] or 0
    report.flagged = list(
        Payment.objects.filter(
            request__agency=agency, status=PaymentStatus.FLAGGED, resolved_at__isnull=True
        ).select_related("request__dossier")[:500]
    )
    day_lines = StatementLine.objects.filter(
        statement__agency=agency, statement__created_at__gte=start, statement__created_at__lt=end
    )
    report.lines = {
        row["status"]: row["n"] for row in day_lines.values("status").annotate(n=Count("pk"))
    }
    report.unresolved_lines = list(
        day_lines.filter(status__in=[LineStatus.AMBIGUOUS, LineStatus.UNMATCHED]).order_by(
            "statement_id", "line_number"
        )[:500]
    )
    report.payments = list(
        received.select_related("request__dossier").order_by("settled_at", "pk")[:5000]
    )
    return report


def daily_report_xlsx(report: DailyReport) -> bytes:
    from openpyxl import Workbook

    from congso.core.spreadsheets import xlsx_row

    book = Workbook(write_only=True)
    summary = book.create_sheet("Tổng hợp")
    summary.append([f"Báo cáo đối soát thu phí, lệ phí — {report.agency.name}"])
    summary.append(["Ngày", report.day.strftime("%d/%m/%Y")])
    summary.append([])
    summary.append(["Hình thức", "Số giao dịch", "Số tiền (đồng)"])
    for row in report.by_method:
        summary.append([str(row["label"]), row["count"], row["amount"]])
    summary.append(["Tổng cộng", report.total_count, report.total_amount])
    summary.append([])
    summary.append(["Yêu cầu thu trong ngày", report.asked_count, report.asked_amount])
    summary.append(["Còn phải thu", report.outstanding_count, report.outstanding_amount])
    summary.append(["Khoản cần cán bộ xử lý", len(report.flagged)])
    for status, label in LineStatus.choices:
        summary.append([f"Dòng sao kê: {label}", report.lines.get(status, 0)])
    detail = book.create_sheet("Chi tiết")
    detail.append(
        [
            "Số biên lai",
            "Mã hồ sơ",
            "Mã thanh toán",
            "Hình thức",
            "Số tiền",
            "Mã giao dịch",
            "Thời điểm",
        ]
    )
    for payment in report.payments:
        detail.append(
            xlsx_row(
                detail,
                [
                    payment.receipt_number,
                    payment.request.dossier.code,
                    payment.request.reference,
                    payment.method,
                    payment.amount,
                    payment.provider_ref,
                    timezone.localtime(payment.settled_at).strftime("%d/%m/%Y %H:%M:%S"),
                ],
            )
        )
    pending = book.create_sheet("Cần xử lý")
    pending.append(["Loại", "Tham chiếu", "Số tiền", "Nội dung / lý do"])
    for payment in report.flagged:
        pending.append(
            xlsx_row(
                pending,
                ["Thanh toán", payment.order_id, payment.received_amount, payment.flag_reason],
            )
        )
    for line in report.unresolved_lines:
        # The transfer content is typed by the payer: never a spreadsheet formula.
        pending.append(
            xlsx_row(
                pending,
                [
                    line.get_status_display(),
                    f"{line.statement_id}:{line.line_number}",
                    line.amount,
                    line.content,
                ],
            )
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
