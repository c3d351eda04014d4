# SPDX-License-Identifier: MIT
"""Signed documents: what an agency issued, under which key, and how the public checks it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congso.core.models import BaseModel


class SignedDocumentKind(models.TextChoices):
    RESULT = "result", _("Result document")
    ECOPY = "ecopy", _("Certified electronic copy")
    FORM = "form", _("Form")


def signed_document_path(instance: SignedDocument, filename: str) -> str:
    """signed/<year>/<token>.pdf: the token is unguessable, the year keeps folders small."""
    year = timezone.localtime(instance.signed_at or timezone.now()).year
    return f"signed/{year}/{instance.token}.pdf"


class SignedDocument(BaseModel):
    """A PDF an agency signed, found again by the token in its QR code or by its SHA-256.

    The public verification page shows the title, the agency, the reference and the
    signing details, never the document itself: the title and reference must therefore
    not carry personal data beyond what the holder already sees on the paper.
    """

    token = models.CharField(_("verification token"), max_length=64, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=SignedDocumentKind.choices)
    title = models.CharField(_("title"), max_length=255)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    agency = models.ForeignKey(
        "core.Agency",
        verbose_name=_("issuing agency"),
        on_delete=models.PROTECT,
        related_name="signed_documents",
    )
    file = models.FileField(_("signed PDF"), upload_to=signed_document_path, max_length=255)
    sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    signed_at = models.DateTimeField(_("signed at"))
    signer_subject = models.CharField(_("signer certificate subject"), max_length=500)
    signer_serial = models.CharField(_("signer certificate serial number"), max_length=100)
    signer_fingerprint_sha256 = models.CharField(
        _("signer certificate SHA-256 fingerprint"), max_length=64
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("signed document")
        verbose_name_plural = _("signed documents")
        ordering = ["-signed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="signed_document_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=False) | Q(revoke_reason=""),
                name="signed_document_reason_only_when_revoked",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
