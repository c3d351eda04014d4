# SPDX-License-Identifier: MIT
"""Serving a stored file: streamed, typed by its inspected kind, never run by the browser."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import FileResponse

from congso.core.text import strip_marks

from .kinds import INLINE_KINDS, KINDS
from .models import StoredFile
from .names import download_name

# RFC 5987 attr-char, less what quote() keeps anyway (letters, digits, "_.-~").
_ATTR_CHARS = "!#$&+^`|"
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9 ._()\[\]+,-]")


def stored_file_response(
    stored: StoredFile, *, filename: str | None = None, inline: bool = False
) -> FileResponse:
    """Stream `stored` with headers that keep a hostile file from acting in the browser.

    `filename` defaults to the original name; either way it gets the suffix of the real
    kind ("scan.pdf" holding a JPEG downloads as "scan.jpg"). `inline` shows a PDF, JPEG
    or PNG in the browser; every other kind is always a download. The content is
    sandboxed (no scripts, no same-origin access, nothing loaded), never sniffed, and
    not cached outside the user's browser session.
    """
    kind = KINDS[stored.kind]
    name = download_name(filename or stored.original_name, kind)
    disposition = "inline" if inline and kind.code in INLINE_KINDS else "attachment"
    response = FileResponse(stored.file.open("rb"), content_type=kind.content_type)
    response["Content-Disposition"] = content_disposition(disposition, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def content_disposition(disposition: str, name: str) -> str:
    """RFC 6266: an ASCII `filename` for old clients, the exact UTF-8 name in `filename*`.

    "Đơn đề nghị.pdf" → attachment; filename="Don de nghi.pdf";
    filename*=UTF-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.pdf
    """
    fallback = _UNSAFE_ASCII.sub("_", strip_marks(name)).strip() or "file"
    encoded = quote(name, safe=_ATTR_CHARS)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
