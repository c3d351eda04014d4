# SPDX-License-Identifier: MIT
"""Upload limits, read from settings on each use (never at import time)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

MB = 1024 * 1024

# Setting name → default. settings.py and .env.example document the same names.
DEFAULTS: dict[str, int] = {
    "CONGSO_UPLOAD_MAX_FILE_BYTES": 20 * MB,
    "CONGSO_UPLOAD_MAX_DOSSIER_BYTES": 100 * MB,
    # DOCX/XLSX are ZIP archives: how many members, how much once unpacked, and how far one
    # member may expand. Real documents stay near 20:1 (a 60 000-row sheet is 16:1).
    "CONGSO_UPLOAD_ZIP_MAX_ENTRIES": 2000,
    "CONGSO_UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES": 200 * MB,
    "CONGSO_UPLOAD_ZIP_MAX_RATIO": 100,
    # 64 million pixels: an A4 page scanned at 600 dpi (35 MP) or a 48 MP phone photo fit.
    "CONGSO_UPLOAD_MAX_IMAGE_PIXELS": 64_000_000,
}


@dataclass(frozen=True)
class UploadLimits:
    max_file_bytes: int
    max_dossier_bytes: int
    zip_max_entries: int
    zip_max_uncompressed_bytes: int
    zip_max_ratio: int
    max_image_pixels: int


def upload_limits() -> UploadLimits:
    """The limits in force now: each setting, or its default when unset."""
    value = {name: _setting(name, default) for name, default in DEFAULTS.items()}
    return UploadLimits(
        max_file_bytes=value["CONGSO_UPLOAD_MAX_FILE_BYTES"],
        max_dossier_bytes=value["CONGSO_UPLOAD_MAX_DOSSIER_BYTES"],
        zip_max_entries=value["CONGSO_UPLOAD_ZIP_MAX_ENTRIES"],
        zip_max_uncompressed_bytes=value["CONGSO_UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES"],
        zip_max_ratio=value["CONGSO_UPLOAD_ZIP_MAX_RATIO"],
        max_image_pixels=value["CONGSO_UPLOAD_MAX_IMAGE_PIXELS"],
    )


def _setting(name: str, default: int) -> int:
    raw = getattr(settings, name, None)
    return default if raw is None else int(raw)
