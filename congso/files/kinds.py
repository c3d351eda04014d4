# SPDX-License-Identifier: MIT
"""The kinds of file congso accepts, recognised by content, with their one true type and suffix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    content_type: str
    extension: str
    extensions: frozenset[str]


KINDS: dict[str, FileKind] = {
    kind.code: kind
    for kind in (
        FileKind("pdf", "PDF", "application/pdf", "pdf", frozenset({"pdf"})),
        FileKind("jpeg", "JPEG", "image/jpeg", "jpg", frozenset({"jpg", "jpeg", "jpe", "jfif"})),
        FileKind("png", "PNG", "image/png", "png", frozenset({"png"})),
        FileKind(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            frozenset({"docx"}),
        ),
        FileKind(
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            frozenset({"xlsx"}),
        ),
    )
}

# What a citizen or an officer may attach to a dossier.
DOSSIER_KINDS: frozenset[str] = frozenset(KINDS)
# What a browser may show in its own window: its PDF viewer and images, never office files.
INLINE_KINDS: frozenset[str] = frozenset({"pdf", "jpeg", "png"})


def kind_claimed_by(name: str) -> FileKind | None:
    """The kind a file name's suffix claims, whatever the content: only used to word errors."""
    suffix = PurePosixPath(name).suffix.lower().lstrip(".")
    return next((kind for kind in KINDS.values() if suffix in kind.extensions), None)


def storage_name(sha256: str, kind: str) -> str:
    """Content-addressed storage name: files/ab/cd/<sha256>.<ext>."""
    return f"files/{sha256[:2]}/{sha256[2:4]}/{sha256}.{KINDS[kind].extension}"
