# SPDX-License-Identifier: MIT
"""Signed results and certified e-copies: issued, kept with the dossier and in the data store.

The officer holding the dossier's last step uploads the result PDF or has congso write it
from the decision text; either way it is signed with the competent agency's key (PAdES,
`congso.signing`), verified, stored, and copied into the applicant's data store so a later
dossier reuses it instead of a new upload (DOMAIN §4).
"""

from __future__ import annotations

import io
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congso.core.audit import audit_record
from congso.core.exceptions import InvalidInputError
from congso.files.inspect import inspected_copy
from congso.files.services import stored_file_create_from_bytes
from congso.signing.services import signed_document_create
from congso.workflow.states import DossierState as S

from .documents import vietnamese_date
from .exceptions import DossierPermissionError, DossierRuleError
from .models import Dossier, DossierResult, PersonalDocument, PersonalDocumentKind
from .routing import may_act_on_task, open_task
from .services import PROCESSING_ROLES, _has_any_role, _locked

IMAGE_KINDS = frozenset({"jpeg", "png"})


def _require_issuer(dossier: Dossier, actor: AbstractBaseUser) -> None:
    """The holder of the open step, or a processing officer of the competent agency."""
    if dossier.state not in (S.PROCESSING, S.ACCEPTED):
        raise DossierRuleError(_("A result is issued while the dossier is being processed."))
    task = open_task(dossier)
    if task is not None and may_act_on_task(actor, task):
        return
    if task is None and _has_any_role(actor, dossier.competent_agency, PROCESSING_ROLES):
        return
    raise DossierPermissionError(_("Only the officer holding the dossier issues its result."))


def _read_pdf(fileobj: IO[bytes] | Any, filename: str) -> bytes:
    with inspected_copy(fileobj, filename=filename, allowed=frozenset({"pdf"}), field="file") as (
        _inspected,
        copy,
    ):
        return copy.read()


def _agency_pdf(template: str, dossier: Dossier, **context: Any) -> bytes:
    """A page issued by the competent agency, in Vietnamese, rendered to PDF."""
    from weasyprint import HTML

    agency = dossier.competent_agency
    with translation.override("vi"):
        html = render_to_string(
            template,
            {
                "dossier": dossier,
                "agency": agency,
                "place_date": f"{agency.unit.name}, {vietnamese_date(timezone.localdate())}",
                "is_demo": getattr(settings, "DEMO_MODE", False),
                **context,
            },
        )
    return HTML(string=html).write_pdf()


def _keep(
    dossier: Dossier,
    actor: AbstractBaseUser,
    *,
    pdf: bytes,
    title: str,
    kind: str,
    request: HttpRequest | None,
) -> DossierResult:
    signed_record, signed = signed_document_create(
        pdf=pdf,
        agency=dossier.competent_agency,
        title=title,
        kind=kind,
        reference=dossier.code,
        signer_user=actor,
    )
    stored = stored_file_create_from_bytes(
        data=signed, filename=f"{kind}-{dossier.code}.pdf", uploaded_by=actor
    )
    result = DossierResult.objects.create(
        dossier=dossier,
        title=title,
        kind=kind,
        file=stored,
        signed_document=signed_record,
        issued_by=actor,
    )
    if dossier.applicant_user_id is not None:
        PersonalDocument.objects.create(
            owner_id=dossier.applicant_user_id,
            title=title,
            kind=kind,
            file=stored,
            signed_document=signed_record,
            source_dossier=dossier,
            issued_by=dossier.competent_agency,
        )
    audit_record(
        actor=actor,
        action=f"dossier.{kind}_issue",
        target=dossier,
        changes={"title": title, "sha256": stored.sha256, "token": signed_record.token[:8]},
        request=request,
    )
    return result


def _title(title: str) -> str:
    title = " ".join(title.split())[:255]
    if not title:
        raise InvalidInputError(_("Give the result a title."), extra={"field": "title"})
    return title


@transaction.atomic
def result_issue(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    title: str,
    decision_text: str = "",
    fileobj: IO[bytes] | Any | None = None,
    filename: str = "",
    request: HttpRequest | None = None,
) -> DossierResult:
    """Sign and keep the result: an uploaded PDF, or one written from `decision_text`."""
    dossier = _locked(dossier, None)
    _require_issuer(dossier, actor)
    title = _title(title)
    if fileobj is not None:
        pdf = _read_pdf(fileobj, filename or "ket-qua.pdf")
    elif decision_text.strip():
        pdf = _agency_pdf(
            "dossiers/results/result.html",
            dossier,
            title=title,
            decision_text=decision_text.strip()[:20_000],
        )
    else:
        raise InvalidInputError(
            _("Upload the result as PDF or write the decision."), extra={"field": "file"}
        )
    return _keep(
        dossier, actor, pdf=pdf, title=title, kind=PersonalDocumentKind.RESULT, request=request
    )


def _scan_as_pdf(fileobj: IO[bytes] | Any, filename: str) -> tuple[bytes, int]:
    """The scanned original as PDF pages (a photo becomes one page) and its page count."""
    from PIL import Image
    from pypdf import PdfReader

    allowed = frozenset({"pdf", *IMAGE_KINDS})
    with inspected_copy(fileobj, filename=filename, allowed=allowed, field="file") as (
        inspected,
        copy,
    ):
        data = copy.read()
    if inspected.kind in IMAGE_KINDS:
        image = Image.open(io.BytesIO(data)).convert("RGB")
        out = io.BytesIO()
        image.save(out, format="PDF", resolution=200)
        return out.getvalue(), 1
    return data, len(PdfReader(io.BytesIO(data)).pages)


@transaction.atomic
def ecopy_certify(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    title: str,
    fileobj: IO[bytes] | Any,
    filename: str,
    request: HttpRequest | None = None,
) -> DossierResult:
    """Certify an e-copy from the original the applicant presented (chứng thực bản sao
    điện tử từ bản chính): a certification page, the scanned pages, the agency's signature."""
    from pypdf import PdfReader, PdfWriter

    dossier = _locked(dossier, None)
    _require_issuer(dossier, actor)
    title = _title(title)
    scan, pages = _scan_as_pdf(fileobj, filename or "ban-chinh.pdf")
    cover = _agency_pdf("dossiers/results/ecopy_cover.html", dossier, title=title, pages=pages)
    writer = PdfWriter()
    for source in (cover, scan):
        for page in PdfReader(io.BytesIO(source)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return _keep(
        dossier,
        actor,
        pdf=out.getvalue(),
        title=title,
        kind=PersonalDocumentKind.ECOPY,
        request=request,
    )
