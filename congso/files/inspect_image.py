# SPDX-License-Identifier: MIT
"""JPEG and PNG: must open with Pillow as what their magic bytes say, within a pixel budget.

The size is read from the header before any pixel is decoded, so a small file claiming
100 000 × 100 000 pixels (a decompression bomb) is refused without being unpacked.
Then `verify()` checks the structure (for PNG, every chunk's CRC), and a JPEG is decoded
at one eighth of its size, which walks all its compressed data at little cost.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.utils.translation import gettext as _
from PIL import Image, ImageFile

from .exceptions import ImageTooLargeError, Subject, corrupt

PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG"}


def inspect_image(fp: IO[bytes], subject: Subject, kind: str, max_pixels: int) -> dict[str, Any]:
    """{"width", "height"} of an acceptable image; otherwise raise."""
    fmt = PIL_FORMATS[kind]
    try:
        with Image.open(fp, formats=[fmt]) as image:
            width, height = image.size
    except Image.DecompressionBombError as exc:
        raise _too_large(subject, max_pixels, str(exc)) from exc
    except MemoryError:
        raise
    except Exception as exc:
        raise corrupt(subject, f"open: {type(exc).__name__}: {exc}") from exc
    if width * height > max_pixels:
        raise _too_large(subject, max_pixels, f"{width}×{height} pixels")
    try:
        _verify(fp, fmt, width, height)
    except MemoryError:
        raise
    except Exception as exc:
        raise corrupt(subject, f"verify: {type(exc).__name__}: {exc}") from exc
    return {"width": width, "height": height}


def _verify(fp: IO[bytes], fmt: str, width: int, height: int) -> None:
    fp.seek(0)
    with Image.open(fp, formats=[fmt]) as image:
        image.verify()
    if fmt == "JPEG":
        fp.seek(0)
        with _strict_decoding(), Image.open(fp, formats=[fmt]) as image:
            image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()


_STRICT = threading.Lock()


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """Decode with truncated images refused, whatever the process-wide default.

    WeasyPrint sets `ImageFile.LOAD_TRUNCATED_IMAGES = True` when it is imported, which
    would let a cut-off JPEG through once a PDF has been rendered in the same process.
    """
    with _STRICT:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _too_large(subject: Subject, max_pixels: int, reason: str) -> Exception:
    return subject.refuse(
        ImageTooLargeError,
        _(
            "“%(name)s” has too many pixels (at most %(limit)s million). Reduce its resolution "
            "and upload it again."
        ),
        reason,
        limit=f"{max_pixels / 1_000_000:g}",
    )
