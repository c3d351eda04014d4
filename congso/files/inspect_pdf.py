# SPDX-License-Identifier: MIT
"""PDF: must parse, must not be encrypted, must hold nothing that runs, opens or carries files.

Every object listed in the cross-reference table is read (not only those reachable from
the catalogue, as a viewer repairing a file finds the others too) and searched, with the
objects nested inside it, for the keys and actions listed below. pypdf decodes "#4A#53"
into "/JS", so escaped names do not slip through.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .exceptions import PdfActiveContentError, Subject, corrupt, encrypted

# Keys that, wherever they appear, mean scripts, automatic actions, forms that run code,
# multimedia or files carried inside the PDF.
ACTIVE_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/AA",  # additional actions: run on open, close, page view, field change…
        "/XFA",
        "/RichMedia",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",  # the embedded file of a file specification
        "/AF",  # associated files (PDF/A-3, PDF 2.0)
        "/Launch",
    }
)
# Values of /S (action type), /Type and /Subtype that are active.
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/GoToE",
        "/GoToR",
        "/ImportData",
        "/SubmitForm",
        "/Rendition",
        "/RichMedia",
        "/RichMediaExecute",
        "/Movie",
        "/Sound",
        "/Screen",
        "/EmbeddedFile",
        "/FileAttachment",
    }
)
NAMED_BY = ("/S", "/Type", "/Subtype")
# Far beyond real documents (a 1 000-page scan has a few thousand objects); stops a crafted
# file from keeping a worker busy for minutes.
MAX_OBJECTS = 250_000


def inspect_pdf(fp: IO[bytes], subject: Subject) -> dict[str, Any]:
    """{"pages": n} for an acceptable PDF; otherwise raise."""
    try:
        reader = PdfReader(fp, strict=False)
        locked = reader.is_encrypted
        found = None if locked else _active_content(reader)
        pages = None if locked or found else len(reader.pages)
    except MemoryError:
        raise
    except Exception as exc:  # pypdf raises many kinds on malformed input
        raise corrupt(subject, f"pypdf: {type(exc).__name__}: {exc}") from exc
    if locked:
        raise encrypted(subject, "PDF /Encrypt")
    if found:
        raise subject.refuse(
            PdfActiveContentError,
            _(
                "“%(name)s” contains scripts, attachments or other active content, which a PDF "
                "sent to us may not hold. Print it to a new PDF and upload that."
            ),
            found,
        )
    if not pages:
        raise corrupt(subject, "no pages")
    return {"pages": pages}


def _references(reader: PdfReader) -> Iterator[IndirectObject]:
    """Every object the cross-reference table lists, stored directly or in object streams."""
    for generation, entries in reader.xref.items():
        if generation != 65535:  # 65535: free entries
            for idnum in entries:
                yield IndirectObject(idnum, generation, reader)
    for idnum in reader.xref_objStm:
        yield IndirectObject(idnum, 0, reader)


def _active_content(reader: PdfReader) -> str | None:
    """What the first active thing found is, and where; None when there is none."""
    if found := _active_in(reader.trailer):
        return f"{found} in the trailer"
    total = sum(len(e) for g, e in reader.xref.items() if g != 65535) + len(reader.xref_objStm)
    if total > MAX_OBJECTS:
        raise ValueError(f"{total} objects, more than {MAX_OBJECTS}")
    for reference in _references(reader):
        if found := _active_in(reader.get_object(reference)):
            return f"{found} in object {reference.idnum}"
    return None


def _active_in(root: Any) -> str | None:
    """Search `root` and the objects written inside it; references are visited on their own."""
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, DictionaryObject):
            if found := _active_dictionary(obj):
                return found
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None


def _active_dictionary(obj: DictionaryObject) -> str | None:
    """An /OpenAction or /A that shows a page passes; one that runs JavaScript is caught
    here, as the action dictionary's /S or /JS, wherever that dictionary is written."""
    for key in obj:
        if key in ACTIVE_KEYS:
            return str(key)
    for key in NAMED_BY:
        value = dict.get(obj, key)
        if isinstance(value, IndirectObject):  # "/S 12 0 R" is legal and would hide the name
            value = value.get_object()
        if isinstance(value, str) and value in ACTIVE_NAMES:
            return f"{key} {value}"
    return None
