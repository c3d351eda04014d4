# SPDX-License-Identifier: MIT
"""Recognising a PDF by its first bytes, without loading a PDF library."""

from __future__ import annotations

PDF_HEADER = b"%PDF-"


def looks_like_pdf(data: bytes) -> bool:
    """PDF files start with "%PDF-" (readers accept it within the first kilobyte)."""
    return PDF_HEADER in data[:1024]
