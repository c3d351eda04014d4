# SPDX-License-Identifier: MIT
"""The receipt (biên lai) of a paid request, or the payment notice of an unpaid one, as PDF.

Both print the lines as they were asked (reductions with their legal basis). The notice
of an unpaid request prints the VietQR to pay it by transfer. Rendered with WeasyPrint
like the one-stop forms, in their layout and font; the wording is Vietnamese, not
translated. This is the agency's own receipt, not an e-receipt registered with the tax
authority (Decree 11/2020): docs/payments.md says what a province must add for that.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from congso.dossiers.documents.base import qr_svg, vietnamese_date, vietnamese_moment

from .accounts_bank import collection_account_for
from .methods.vietqr import request_transfer_content, vietqr_payload
from .models import PaymentRequest, PaymentStatus, RequestStatus


def _vnd(amount: int | None) -> str:
    return f"{amount or 0:,}".replace(",", ".")


def request_pdf(paid_request: PaymentRequest) -> bytes:
    from weasyprint import HTML

    payment = paid_request.payments.filter(status=PaymentStatus.SUCCEEDED).first()
    dossier = paid_request.dossier
    agency = paid_request.agency
    when = payment.settled_at if payment else paid_request.requested_at
    context = {
        "request": paid_request,
        "dossier": dossier,
        "agency": agency,
        "parent_name": agency.parent.name if agency.parent_id else "",
        "payment": payment,
        "paid": paid_request.status == RequestStatus.PAID and payment is not None,
        "lines": [
            {
                "line": line,
                "unit": _vnd(line.unit_amount),
                "reduction": _vnd(line.reduction),
                "amount": _vnd(line.amount),
            }
            for line in paid_request.lines.all()
        ],
        "total": _vnd(paid_request.amount),
        "place_date": f"{agency.unit.name}, {vietnamese_date(when)}",
        "paid_text": vietnamese_moment(payment.settled_at) if payment else "",
        "demo": dossier.procedure.is_demo,
    }
    if paid_request.status == RequestStatus.PENDING:
        account = collection_account_for(agency)
        if account is not None:
            content = request_transfer_content(dossier.code, paid_request.reference)
            payload = vietqr_payload(account=account, amount=paid_request.amount, content=content)
            context.update(account=account, content=content, qr_svg=qr_svg(payload))
    with translation.override("vi"):
        html = render_to_string("payments/receipt.html", context)
    return HTML(string=html).write_pdf()
