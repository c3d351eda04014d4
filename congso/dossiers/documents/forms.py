# SPDX-License-Identifier: MIT
"""The one-stop forms of a dossier (Mẫu 01–05/06 of both circulars), each as PDF bytes.

Each form prints in the version in force on the date of the event it records (see
`base.form_for`), headed by the agency that issues it, in its official Vietnamese wording.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from congso.workflow.states import DossierState as S

from ..models import ApplicantWait, Dossier, SupplementStage
from .base import (
    STAGE_WORDING,
    STATE_WORDING,
    FormError,
    form_pdf,
    local_day,
    person_name,
    qr_svg,
    tracking_url,
    vietnamese_moment,
)
from .control_slip import ControlSlipRow, control_slip_rows


def _addressee(dossier: Dossier) -> str:
    if dossier.applicant_organisation_id:
        return dossier.applicant_name
    return f"Ông/Bà {dossier.applicant_name}"


def _dossier_context(dossier: Dossier) -> dict[str, Any]:
    procedure = dossier.procedure_version.data
    return {
        "dossier": dossier,
        "procedure": procedure,
        "addressee": _addressee(dossier),
        "received_text": vietnamese_moment(dossier.accepted_at or dossier.submitted_at),
        "due_text": vietnamese_moment(dossier.due_at),
        "demo": dossier.procedure.is_demo,
    }


def receipt_pdf(dossier: Dossier) -> bytes:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, for an accepted dossier."""
    if dossier.accepted_at is None:
        raise ValueError("only an accepted dossier has a receipt")
    channels = {c["kind"]: c for c in dossier.procedure_version.data.get("channels", [])}
    url = tracking_url(dossier)
    return form_pdf(
        "receipt",
        local_day(dossier.accepted_at),
        dossier.receiving_agency,
        {
            **_dossier_context(dossier),
            "documents": dossier.procedure_version.data.get("documents", []),
            "channel": channels.get(dossier.channel) or channels.get("direct") or {},
            "tracking_url": url,
            "qr_svg": qr_svg(url),
        },
    )


def supplement_request_pdf(dossier: Dossier, wait: ApplicantWait) -> bytes:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, for one supplement request."""
    if wait.dossier_id != dossier.pk or wait.kind != ApplicantWait.Kind.SUPPLEMENT:
        raise FormError(
            _("This is not a supplement request of dossier %(code)s.") % {"code": dossier.code}
        )
    at_reception = wait.stage == SupplementStage.RECEPTION
    agency = dossier.receiving_agency if at_reception else dossier.competent_agency
    return form_pdf(
        "supplement_request",
        local_day(wait.requested_at),
        agency,
        {
            **_dossier_context(dossier),
            "wait": wait,
            "items": [str(item) for item in wait.items],
            "stage": STAGE_WORDING.get(wait.stage, ""),
            "requested_text": vietnamese_moment(wait.requested_at),
            "officer_name": person_name(wait.requested_by),
            "help_phone": agency.phone or dossier.receiving_agency.phone,
        },
    )


def refusal_pdf(
    dossier: Dossier, *, reason: str, basis: str, issued_at: dt.datetime, officer_name: str
) -> bytes:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reason and its legal basis."""
    if not reason.strip() or not basis.strip():
        raise FormError(_("A refusal needs its reason and its legal basis."))
    return form_pdf(
        "refusal",
        local_day(issued_at),
        dossier.receiving_agency,
        {
            **_dossier_context(dossier),
            "received_text": vietnamese_moment(dossier.submitted_at),
            "reason": reason.strip(),
            "legal_basis": basis.strip(),
            "officer_name": officer_name,
        },
    )


def apology_pdf(
    dossier: Dossier,
    *,
    reason: str,
    original_due_at: dt.datetime,
    new_due_at: dt.datetime,
    issued_at: dt.datetime,
    signer_name: str,
    signer_title: str,
) -> bytes:
    """Mẫu 04: the apology for a late dossier with the new date (2018: "Phiếu xin lỗi và hẹn
    lại ngày trả kết quả"; 2025: "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")."""
    if new_due_at <= original_due_at:
        raise FormError(_("The new return date must be after the original one."))
    return form_pdf(
        "apology",
        local_day(issued_at),
        dossier.competent_agency,
        {
            **_dossier_context(dossier),
            "reason": reason.strip(),
            "original_due_text": vietnamese_moment(original_due_at),
            "new_due_text": vietnamese_moment(new_due_at),
            "signer_name": signer_name,
            "signer_title": signer_title,
        },
    )


def _stage_when_stopped(dossier: Dossier) -> str:
    state = dossier.state
    if state == S.STOPPED:
        event = dossier.events.filter(to_state=S.STOPPED).order_by("-occurred_at", "-pk").first()
        state = event.from_state if event else state
    return STATE_WORDING.get(state, "")


def stop_notice_pdf(
    dossier: Dossier,
    *,
    reason: str,
    basis: str,
    issued_at: dt.datetime,
    signer_name: str,
    financial_note: str = "",
) -> bytes:
    """Mẫu 05 of Circular 03/2025: Thông báo dừng giải quyết hồ sơ. No such form before
    1 July 2025: an earlier date raises FormNotInForceError."""
    return form_pdf(
        "stop_notice",
        local_day(issued_at),
        dossier.competent_agency,
        {
            **_dossier_context(dossier),
            "reason": reason.strip(),
            "legal_basis": basis.strip(),
            "stage": _stage_when_stopped(dossier),
            "signer_name": signer_name,
            "financial_note": financial_note.strip(),
        },
    )


def control_slip_pdf(dossier: Dossier, rows: list[ControlSlipRow] | None = None) -> bytes:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05 in 2018, 06 in 2025).

    `rows` default to those read from the dossier's history (`control_slip_rows`); a richer
    task model can pass its own. The version is the one in force when the dossier was received.
    """
    if rows is None:
        rows = control_slip_rows(dossier)
    received = dossier.accepted_at or dossier.submitted_at or dossier.created_at
    return form_pdf(
        "control_slip",
        local_day(received),
        dossier.receiving_agency,
        {**_dossier_context(dossier), "rows": rows},
    )
