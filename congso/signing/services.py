# SPDX-License-Identifier: MIT
"""Signing an agency's document, and withdrawing it: the writes of the signing app."""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.audit import audit_record
from congso.core.exceptions import InvalidInputError

from .exceptions import SigningFailedError
from .keys import agency_signer
from .models import SignedDocument, SignedDocumentKind, signed_document_path
from .verification import VerificationReport, pdf_verify

if TYPE_CHECKING:
    from congso.core.models import Agency

logger = logging.getLogger(__name__)

# The address is printed on paper as a QR code, so it is spelled out here rather than
# reversed from the URLconf: renaming a route must never break documents already issued.
VERIFY_PATH = "xac-thuc/"

# /Reason of the signature, in the document's language (readers show it as is).
REASONS = {
    SignedDocumentKind.RESULT: "Ký số giấy tờ kết quả giải quyết thủ tục hành chính",
    SignedDocumentKind.ECOPY: "Chứng thực bản sao điện tử từ bản chính",
    SignedDocumentKind.FORM: "Ký số biểu mẫu",
}


def verification_url(token: str) -> str:
    """The public address that checks the document with `token` (printed in its QR code)."""
    base = settings.CONGSO_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}/{VERIFY_PATH}{token}/"


def signed_document_create(
    *,
    pdf: bytes,
    agency: Agency,
    title: str,
    kind: str,
    reference: str = "",
    signer_user: Any = None,
) -> tuple[SignedDocument, bytes]:
    """Sign `pdf` with `agency`'s key and record it, so the QR code on it can be checked.

    Electronic results and certified e-copies carry the agency's digital signature and
    have the legal value of paper ones (Decree 45/2020/NĐ-CP; Decree 107/2021/NĐ-CP and
    Circular 01/2023/TT-VPCP on digitisation). The signature is verified before it is
    released (DOMAIN §4), so a bad key never produces a record. Returns the record and
    the signed bytes.
    """
    # pdf_signing loads pyHanko (~45 MB): only workers that sign carry it.
    from .pdf_signing import pdf_sign

    kind = _checked(kind=kind, title=title, reference=reference)
    token = secrets.token_urlsafe(32)
    signer = agency_signer(agency)
    try:
        signed = pdf_sign(
            pdf=pdf,
            signer=signer,
            field_name=f"congso-{token[:12]}",
            verification_url=verification_url(token),
            agency_name=agency.name,
            reason=REASONS[SignedDocumentKind(kind)],
        )
    except InvalidInputError:
        raise
    except Exception as error:
        logger.exception("signing.sign: pyHanko failed for agency %s", agency.code)
        raise SigningFailedError(_("The document could not be signed.")) from error
    report = pdf_verify(signed)
    _ensure_verified(report, signer.signing_cert.sha256.hex(), agency)
    return _record(
        token=token,
        signed=signed,
        report=report,
        agency=agency,
        kind=kind,
        title=title,
        reference=reference,
        signer_user=signer_user,
    ), signed


def _checked(*, kind: str, title: str, reference: str) -> str:
    if kind not in SignedDocumentKind.values:
        raise InvalidInputError(_("Unknown kind of signed document: %(kind)s.") % {"kind": kind})
    if not title.strip() or len(title) > 255:
        raise InvalidInputError(_("A signed document needs a title of at most 255 characters."))
    if len(reference) > 100:
        raise InvalidInputError(_("The reference is longer than 100 characters."))
    return kind


def _ensure_verified(report: VerificationReport, fingerprint: str, agency: Agency) -> None:
    if report.valid and report.signer_fingerprint_sha256 == fingerprint:
        return
    logger.error(
        "signing.sign: the signed PDF of agency %s did not verify: %s "
        "(is the CA in CONGSO_SIGNING_TRUST_ROOTS?)",
        agency.code,
        report.summary,
    )
    raise SigningFailedError(
        _("The signed document did not pass verification: %(reason)s") % {"reason": report.summary}
    )


def _record(
    *,
    token: str,
    signed: bytes,
    report: VerificationReport,
    agency: Agency,
    kind: str,
    title: str,
    reference: str,
    signer_user: Any,
) -> SignedDocument:
    document = SignedDocument(
        token=token,
        kind=kind,
        title=title.strip(),
        reference=reference.strip(),
        agency=agency,
        sha256=report.sha256,
        size=len(signed),
        signed_at=report.signed_at or timezone.now(),
        signer_subject=report.signer_subject[:500],
        signer_serial=report.signer_serial[:100],
        signer_fingerprint_sha256=report.signer_fingerprint_sha256,
    )
    # The file is stored first; should the transaction fail, it is removed again.
    document.file.save(signed_document_path(document, ""), ContentFile(signed), save=False)
    try:
        with transaction.atomic():
            document.save()
            audit_record(
                actor=signer_user,
                action="signing.document_sign",
                target=document,
                changes={
                    "kind": kind,
                    "agency": agency.code,
                    "reference": document.reference,
                    "sha256": document.sha256,
                    "signer_fingerprint_sha256": document.signer_fingerprint_sha256,
                },
            )
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def signed_document_revoke(
    *, document: SignedDocument, reason: str, actor: Any = None
) -> SignedDocument:
    """Withdraw a signed document: its verification page says so from now on.

    The PDF keeps its (valid) signature; what changes is the agency's public word on it,
    e.g. after a result was annulled or re-issued.
    """
    if not reason.strip():
        raise InvalidInputError(_("Give the reason the document is revoked."))
    locked = SignedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.revoked_at is not None:
        raise InvalidInputError(_("This document was already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoke_reason = reason.strip()[:500]
    locked.save(update_fields=["revoked_at", "revoke_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="signing.document_revoke",
        target=locked,
        changes={"revoked_at": locked.revoked_at},
        note=locked.revoke_reason,
    )
    return locked
