# SPDX-License-Identifier: MIT
"""Checking a signed PDF: is it intact, signed by a trusted agency, unchanged since?

pyHanko's validator does the work, with the trust roots of keys.trust_roots() and no
network: no certificate is fetched, and revocation (CRL/OCSP) is not checked, which the
report says. Any bytes may come in (a citizen's upload), so nothing here raises: what
cannot be read gives a report that says so, with valid=False.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from datetime import datetime
from io import BytesIO
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .exceptions import SigningNotConfiguredError
from .keys import DEV_CA_COMMON_NAME, trust_roots
from .selectors import signed_document_get_by_sha256
from .sniff import looks_like_pdf

if TYPE_CHECKING:
    from pyhanko.sign.validation.status import PdfSignatureStatus

    from .models import SignedDocument

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VerificationReport:
    """What pdf_verify() found. `valid` is the bottom line; the rest says why."""

    valid: bool
    sha256: str
    size: int
    is_pdf: bool = False
    signed: bool = False
    intact: bool = False
    trusted: bool = False
    covers_whole_document: bool = False
    modification_level: str = ""  # none, lta_updates, form_filling, annotations, other
    docmdp_ok: bool | None = None
    signer_name: str = ""
    signer_organisation: str = ""
    signer_serial: str = ""
    signer_subject: str = ""
    signer_fingerprint_sha256: str = ""
    signed_at: datetime | None = None
    signature_count: int = 0
    revocation_checked: bool = False
    messages: tuple[str, ...] = ()
    document: SignedDocument | None = None

    @property
    def summary(self) -> str:
        return " ".join(self.messages)


def pdf_verify(pdf: bytes) -> VerificationReport:
    """Validate the last signature of `pdf` and find the SignedDocument with its SHA-256."""
    digest = hashlib.sha256(pdf).hexdigest()
    base = VerificationReport(
        valid=False,
        sha256=digest,
        size=len(pdf),
        document=signed_document_get_by_sha256(sha256=digest),
    )
    if not looks_like_pdf(pdf):
        return replace(base, messages=(_("The file is not a PDF document."),))
    base = replace(base, is_pdf=True)
    try:
        return _verify(pdf, base)
    except SigningNotConfiguredError as error:
        logger.error("signing.verify: trust roots unavailable: %s", error.detail)
        return replace(base, messages=(error.detail,))
    except Exception:  # a damaged file can fail anywhere in the parser or validator
        logger.info("signing.verify: unreadable PDF %s", digest, exc_info=True)
        return replace(
            base,
            messages=(_("The PDF document is damaged or its signature cannot be read."),),
        )


def _verify(pdf: bytes, base: VerificationReport) -> VerificationReport:
    # pyHanko and its validator (~45 MB) are loaded by the first verification, not by
    # every worker at start-up.
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    # A signing certificate must allow digital signatures or non-repudiation (either will
    # do: CAs differ in which they set).
    key_usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    if reader.encrypted:
        return replace(base, messages=(_("An encrypted PDF document cannot be checked."),))
    signatures = reader.embedded_regular_signatures
    if not signatures:
        return replace(base, messages=(_("The PDF document has no digital signature."),))
    context = ValidationContext(
        trust_roots=trust_roots(), allow_fetching=False, revocation_mode="soft-fail"
    )
    status = validate_pdf_signature(
        signatures[-1], signer_validation_context=context, key_usage_settings=key_usage
    )
    report = _from_status(status, base, count=len(signatures))
    return replace(report, messages=_messages(report, status))


def _from_status(
    status: PdfSignatureStatus, base: VerificationReport, *, count: int
) -> VerificationReport:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    certificate = status.signing_cert
    subject = certificate.subject.native
    level = status.modification_level
    intact = bool(status.intact and status.valid)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return replace(
        base,
        valid=bool(intact and status.trusted and whole and status.bottom_line),
        signed=True,
        intact=intact,
        trusted=bool(status.trusted),
        covers_whole_document=whole,
        modification_level=level.name.lower() if level is not None else "",
        docmdp_ok=status.docmdp_ok,
        signer_name=str(subject.get("common_name", "")),
        signer_organisation=str(subject.get("organization_name", "")),
        signer_serial=format(certificate.serial_number, "x"),
        signer_subject=certificate.subject.human_friendly,
        signer_fingerprint_sha256=certificate.sha256.hex(),
        signed_at=status.signer_reported_dt,
        signature_count=count,
    )


def _messages(report: VerificationReport, status: PdfSignatureStatus) -> tuple[str, ...]:
    messages = []
    if not report.intact:
        messages.append(
            _("The document was changed after it was signed: the signature does not match.")
        )
    elif not report.trusted:
        messages.append(
            _("The signer's certificate was not issued by an authority this portal trusts.")
        )
    if report.intact and not report.covers_whole_document:
        messages.append(_("Content was added to the document after it was signed."))
    if report.valid:
        messages.append(_("The signature is valid and covers the whole document."))
    if report.signature_count > 1:
        messages.append(
            _("The document holds %(count)s signatures; this report is about the last one.")
            % {"count": report.signature_count}
        )
    issuer = status.signing_cert.issuer.native
    if report.trusted and issuer.get("common_name") == DEV_CA_COMMON_NAME:
        messages.append(
            _("The signer's certificate comes from the development CA: a demonstration only.")
        )
    messages.append(_("Revocation of the signer's certificate was not checked."))
    return tuple(messages)
