# SPDX-License-Identifier: MIT
"""Why an upload was refused: one error class per reason, each a 400 with its own code.

`detail` is for the person who uploaded the file (translated, names the file). `reason` is
for the logs and tests: short, English, technical ("/JavaScript in object 7").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from congso.core.exceptions import InvalidInputError

from .kinds import KINDS, kind_claimed_by


class FileRejectedError(InvalidInputError):
    """An uploaded file was refused. Every refusal below is one of these."""

    code = "file_rejected"

    def __init__(
        self,
        detail: str,
        *,
        name: str = "",
        reason: str = "",
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail, extra=extra)
        self.name = name
        self.reason = reason


class FileEmptyError(FileRejectedError):
    code = "file_empty"


class FileTooLargeError(FileRejectedError):
    code = "file_too_large"


class DossierFilesTooLargeError(InvalidInputError):
    code = "dossier_files_too_large"


class FileTypeNotAllowedError(FileRejectedError):
    code = "file_type_not_allowed"


class FileDisguisedError(FileRejectedError):
    """The name claims an accepted kind, the content is something else (a program, HTML…)."""

    code = "file_disguised"


class FileCorruptError(FileRejectedError):
    code = "file_corrupt"


class FileEncryptedError(FileRejectedError):
    code = "file_encrypted"


class PdfActiveContentError(FileRejectedError):
    """JavaScript, launch actions, attachments, XFA forms, multimedia or automatic actions."""

    code = "pdf_active_content"


class OfficeActiveContentError(FileRejectedError):
    """Macros, ActiveX, OLE objects, remote templates or DTDs in a DOCX/XLSX."""

    code = "office_active_content"


class ArchiveBombError(FileRejectedError):
    code = "archive_bomb"


class ArchiveNestedError(FileRejectedError):
    code = "archive_nested"


class ImageTooLargeError(FileRejectedError):
    code = "image_too_large"


@dataclass(frozen=True)
class Subject:
    """The file being inspected, as errors name it: its cleaned name and the form field."""

    name: str
    field: str | None = None

    def refuse(
        self, error: type[FileRejectedError], message: str, reason: str, **params: Any
    ) -> FileRejectedError:
        """`error` with `message` % {name, **params}, ready to raise."""
        extra = {"field": self.field} if self.field else None
        detail = message % {"name": self.name, **params}
        return error(detail, name=self.name, reason=reason, extra=extra)


def corrupt(subject: Subject, reason: str) -> FileRejectedError:
    return subject.refuse(
        FileCorruptError, _("“%(name)s” is damaged or incomplete and cannot be opened."), reason
    )


def encrypted(subject: Subject, reason: str) -> FileRejectedError:
    return subject.refuse(
        FileEncryptedError,
        _("“%(name)s” is protected by a password. Remove the password and upload it again."),
        reason,
    )


def kinds_label(kinds: frozenset[str]) -> str:
    """ "PDF, JPEG or PNG" in the active language, in the order of KINDS."""
    labels = [kind.label for code, kind in KINDS.items() if code in kinds]
    if len(labels) < 2:
        return "".join(labels)
    return _("%(kinds)s or %(last)s") % {"kinds": ", ".join(labels[:-1]), "last": labels[-1]}


def type_refusal(subject: Subject, allowed: frozenset[str], reason: str) -> FileRejectedError:
    """Disguised when the name claims an accepted kind, else simply not an accepted kind.

    Only the wording depends on the name: whatever it says, the content was not accepted.
    """
    claimed = kind_claimed_by(subject.name)
    if claimed is not None and claimed.code in allowed:
        return subject.refuse(
            FileDisguisedError,
            _("“%(name)s” is named as a %(claimed)s file, but its content is something else."),
            reason,
            claimed=claimed.label,
        )
    return subject.refuse(
        FileTypeNotAllowedError,
        _("“%(name)s” is not a %(kinds)s file."),
        reason,
        kinds=kinds_label(allowed),
    )
