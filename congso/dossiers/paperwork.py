# SPDX-License-Identifier: MIT
"""Which form a dossier can print now, built from what its history recorded.

Pages of officers and of applicants both call `dossier_form_pdf` after the selector has
checked access; it raises NotFoundError when the dossier has no such form (a refusal
slip for a dossier that was accepted, a request id that is not this dossier's…).
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.audit import audit_record
from congso.core.exceptions import NotFoundError
from congso.workflow.states import DossierState as S

from . import documents
from .models import Dossier, DossierEvent

FILE_NAMES = {
    "receipt": "giay-tiep-nhan",
    "supplement": "phieu-yeu-cau-bo-sung",
    "refusal": "phieu-tu-choi",
    "apology": "van-ban-xin-loi",
    "stop": "thong-bao-dung",
    "control-slip": "phieu-kiem-soat",
}


def _missing() -> NotFoundError:
    return NotFoundError(_("This dossier has no such document."))


def _decision(dossier: Dossier, state: str) -> DossierEvent:
    event = dossier.events.filter(to_state=state).order_by("-occurred_at", "-pk").first()
    if event is None:
        raise _missing()
    return event


def _signer(event: DossierEvent) -> str:
    return documents.person_name(event.actor) if event.actor else ""


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError as exc:
        raise _missing() from exc


def _receipt(dossier: Dossier, item: str | None) -> bytes:
    if dossier.accepted_at is None:
        raise _missing()
    return documents.receipt_pdf(dossier)


def _supplement(dossier: Dossier, item: str | None) -> bytes:
    wait = dossier.waits.filter(pk=_int(item), kind="supplement").first()
    if wait is None:
        raise _missing()
    return documents.supplement_request_pdf(dossier, wait)


def _refusal(dossier: Dossier, item: str | None) -> bytes:
    if dossier.state != S.REFUSED:
        raise _missing()
    event = _decision(dossier, S.REFUSED)
    return documents.refusal_pdf(
        dossier,
        reason=event.details.get("reason") or event.public_note,
        basis=event.details.get("basis") or "—",
        issued_at=event.occurred_at,
        officer_name=_signer(event),
    )


def _apology(dossier: Dossier, item: str | None) -> bytes:
    extension = dossier.extensions.filter(pk=_int(item), sent_at__isnull=False).first()
    if extension is None:
        raise _missing()
    return documents.apology_pdf(
        dossier,
        reason=extension.reason,
        original_due_at=extension.original_due_at,
        new_due_at=extension.new_due_at,
        issued_at=extension.sent_at,
        signer_name=extension.signer_name,
        signer_title=extension.signer_title,
    )


def _stop(dossier: Dossier, item: str | None) -> bytes:
    if dossier.state != S.STOPPED:
        raise _missing()
    event = _decision(dossier, S.STOPPED)
    try:
        return documents.stop_notice_pdf(
            dossier,
            reason=event.details.get("reason") or event.public_note,
            basis=event.details.get("basis") or "—",
            issued_at=event.occurred_at,
            signer_name=_signer(event),
        )
    except documents.FormNotInForceError as exc:
        raise _missing() from exc


def _control_slip(dossier: Dossier, item: str | None) -> bytes:
    return documents.control_slip_pdf(dossier)


BUILDERS = {
    "receipt": _receipt,
    "supplement": _supplement,
    "refusal": _refusal,
    "apology": _apology,
    "stop": _stop,
    "control-slip": _control_slip,
}
# What the applicant may download; the control slip is the agencies' internal record.
APPLICANT_FORMS = frozenset({"receipt", "supplement", "refusal", "apology", "stop"})


def dossier_form_pdf(dossier: Dossier, form: str, *, item: str | None = None) -> bytes:
    """The PDF of `form` for `dossier` (`item`: which supplement request or apology)."""
    builder = BUILDERS.get(form)
    if builder is None:
        raise _missing()
    return builder(dossier, item)


def dossier_form_filename(dossier: Dossier, form: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d")
    return f"{FILE_NAMES.get(form, form)}-{dossier.code}-{stamp}.pdf"


def dossier_form_download(request: HttpRequest, dossier: Dossier, form: str) -> HttpResponse:
    """The form as a PDF attachment, audited; `?wait=` or `?extension=` picks the item.

    The caller has checked the asker may read the dossier; NotFoundError when it has no
    such form.
    """
    item = request.GET.get("wait") or request.GET.get("extension")
    pdf = dossier_form_pdf(dossier, form, item=item)
    with transaction.atomic():
        audit_record(
            actor=request.user, action="file.download", target=dossier, note=form, request=request
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{dossier_form_filename(dossier, form)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
