# SPDX-License-Identifier: MIT
"""What an uploaded file really is, decided from its bytes, never from its name.

`inspect_upload()` streams the upload once into a private copy, counting and hashing as it
goes and stopping at the size limit, then recognises the content by its magic bytes and
checks its structure: PDFs parse and hold nothing active, images open within a pixel
budget, DOCX/XLSX are plain Office Open XML packages that unpack within limits. Anything
else is refused with a specific `FileRejectedError`.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .exceptions import (
    DossierFilesTooLargeError,
    FileEmptyError,
    FileTooLargeError,
    Subject,
    type_refusal,
)
from .inspect_image import inspect_image
from .inspect_office import inspect_cfb, inspect_ooxml
from .inspect_pdf import inspect_pdf
from .kinds import DOSSIER_KINDS, KINDS
from .limits import UploadLimits, upload_limits
from .names import filename_clean

CHUNK_BYTES = 64 * 1024
HEAD_BYTES = 8192
# The private copy stays in memory up to this size, then moves to a temporary file.
SPOOL_MEMORY_BYTES = 1024 * 1024

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FAMILIES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"PK\x03\x04", "zip"),
    (CFB_MAGIC, "cfb"),
)


@dataclass(frozen=True)
class Inspected:
    """The facts established about one upload. `name` is the cleaned original name."""

    name: str
    kind: str
    content_type: str
    extension: str
    size: int
    sha256: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None


def inspect_upload(
    fileobj: IO[bytes] | Any,
    *,
    filename: str,
    max_bytes: int | None = None,
    allowed: frozenset[str] = DOSSIER_KINDS,
    field: str | None = None,
) -> Inspected:
    """Inspect `fileobj` (read from its start when seekable) or raise a FileRejectedError.

    `max_bytes` defaults to CONGSO_UPLOAD_MAX_FILE_BYTES; `allowed` is a set of KINDS codes;
    `field` names the form field in the error's `extra`.
    """
    with inspected_copy(
        fileobj, filename=filename, max_bytes=max_bytes, allowed=allowed, field=field
    ) as (inspected, _copy):
        return inspected


@contextmanager
def inspected_copy(
    fileobj: IO[bytes] | Any,
    *,
    filename: str,
    max_bytes: int | None = None,
    allowed: frozenset[str] = DOSSIER_KINDS,
    field: str | None = None,
) -> Iterator[tuple[Inspected, IO[bytes]]]:
    """Like `inspect_upload()`, and also yield the private copy that was inspected, rewound.

    Keep the copy, not `fileobj`: it holds exactly the bytes that were hashed and checked,
    even if the source could change or cannot be read twice. It is gone after the block.
    """
    unknown = set(allowed) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown file kinds: {sorted(unknown)}")
    limits = upload_limits()
    subject = Subject(name=filename_clean(filename), field=field)
    limit = limits.max_file_bytes if max_bytes is None else max_bytes
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES) as copy:
        size, sha256 = _copy_counted(fileobj, copy, subject, limit)
        facts = _recognise(copy, subject, frozenset(allowed), limits)
        kind = KINDS[facts.pop("kind")]
        copy.seek(0)
        yield (
            Inspected(
                name=subject.name,
                kind=kind.code,
                content_type=kind.content_type,
                extension=kind.extension,
                size=size,
                sha256=sha256,
                **facts,
            ),
            copy,
        )


def _copy_counted(source: Any, copy: IO[bytes], subject: Subject, limit: int) -> tuple[int, str]:
    """Copy at most `limit` + 1 bytes, hashing them; refuse an empty or too large file."""
    seekable = getattr(source, "seekable", None)
    if callable(seekable) and seekable():
        source.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(min(CHUNK_BYTES, limit + 1 - size)):
        size += len(chunk)
        if size > limit:
            raise subject.refuse(
                FileTooLargeError,
                _("“%(name)s” is larger than %(limit)s."),
                f"more than {limit} bytes",
                limit=filesizeformat(limit),
            )
        digest.update(chunk)
        copy.write(chunk)
    if size == 0:
        raise subject.refuse(FileEmptyError, _("“%(name)s” is empty."), "no bytes")
    copy.seek(0)
    return size, digest.hexdigest()


def _recognise(
    copy: IO[bytes], subject: Subject, allowed: frozenset[str], limits: UploadLimits
) -> dict[str, Any]:
    """The kind from the magic bytes, confirmed by the structure; facts such as page count."""
    head = copy.read(HEAD_BYTES)
    copy.seek(0)
    family = next((name for magic, name in _FAMILIES if head.startswith(magic)), None)
    if family is None:
        raise type_refusal(subject, allowed, describe_unknown(head))
    if family == "cfb":
        raise inspect_cfb(copy, subject, allowed)
    if family == "zip":
        return inspect_ooxml(copy, subject, allowed, limits)
    if family not in allowed:
        raise type_refusal(subject, allowed, f"{family} content")
    if family == "pdf":
        return {"kind": "pdf", **inspect_pdf(copy, subject)}
    return {"kind": family, **inspect_image(copy, subject, family, limits.max_image_pixels)}


def describe_unknown(head: bytes) -> str:
    """A few words on content that is none of ours, for logs: "executable (MZ)", "HTML"…"""
    if head.startswith(b"MZ"):
        return "executable (MZ)"
    if head.startswith(b"\x7fELF"):
        return "executable (ELF)"
    if head.startswith(b"#!"):
        return "script"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in text[:4096]:
        return "SVG"
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "HTML"
    if text.startswith(b"<"):
        return "XML or HTML"
    guess = filetype.guess(head)
    return f"{guess.mime} content" if guess else "unknown content"


def ensure_total_within(sizes: Iterable[int], limit: int | None = None) -> int:
    """The total of `sizes`; raise DossierFilesTooLargeError when above the limit.

    `limit` defaults to CONGSO_UPLOAD_MAX_DOSSIER_BYTES. Pass the sizes of the files the
    dossier already holds together with the new ones.
    """
    if limit is None:
        limit = upload_limits().max_dossier_bytes
    total = sum(sizes)
    if total > limit:
        raise DossierFilesTooLargeError(
            _("The files of this dossier together are larger than %(limit)s.")
            % {"limit": filesizeformat(limit)}
        )
    return total
