# SPDX-License-Identifier: MIT
"""Reading signed documents. Verification is public: anyone holding the token may look."""

from __future__ import annotations

from .models import SignedDocument


def signed_document_get_by_token(*, token: str) -> SignedDocument | None:
    """The document whose QR code carries `token`, or None."""
    if not token or len(token) > SignedDocument._meta.get_field("token").max_length:
        return None
    return SignedDocument.objects.select_related("agency").filter(token=token).first()


def signed_document_get_by_sha256(*, sha256: str) -> SignedDocument | None:
    """The document whose signed bytes hash to `sha256` (the newest, should two match)."""
    return (
        SignedDocument.objects.select_related("agency")
        .filter(sha256=sha256)
        .order_by("-signed_at", "-pk")
        .first()
    )
