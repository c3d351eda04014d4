# SPDX-License-Identifier: MIT
"""File names as people typed them: cleaned for keeping, and corrected for downloading."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from .kinds import KINDS, FileKind

MAX_NAME_LENGTH = 200
FALLBACK_STEM = "file"
# Characters Windows refuses in names; replaced so a downloaded copy saves anywhere.
_RESERVED = re.compile(r'[<>:"|?*]')
_SPACES = re.compile(r"\s+")
_KNOWN_SUFFIXES = frozenset().union(*(kind.extensions for kind in KINDS.values()))


def filename_clean(name: str, max_length: int = MAX_NAME_LENGTH) -> str:
    """The last part of `name`, NFC, without control or direction characters, at most 200 long.

    Browsers send "C:\\Users\\…\\đơn.pdf" and ZIP tools "../x.pdf": only the last part is
    a name. Format characters (category Cf) go too: a right-to-left override turns
    "hóa_đơn\u202efdp.exe" into what looks like "hóa_đơnexe.pdf". When cut, the
    suffix is kept. An empty result becomes "file".
    """
    text = unicodedata.normalize("NFC", str(name))
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(" " if _is_space(ch) else ch for ch in text if not _is_control(ch))
    text = _SPACES.sub(" ", _RESERVED.sub("_", text)).strip(" .")
    if not text:
        return FALLBACK_STEM
    if len(text) > max_length:
        path = PurePosixPath(text)
        suffix = path.suffix if 1 < len(path.suffix) <= 10 else ""
        text = text[: len(text) - len(suffix)][: max_length - len(suffix)].rstrip(" .") + suffix
    return text


def _is_space(ch: str) -> bool:
    return ch in "\t\n\r\v\f" or unicodedata.category(ch) in {"Zs", "Zl", "Zp"}


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} and not _is_space(ch)


def download_name(name: str, kind: FileKind) -> str:
    """`name` cleaned, with a suffix that matches what the file really is.

    "scan.pdf" holding a JPEG downloads as "scan.jpg"; "virus.exe" holding a PNG as
    "virus.exe.png": the saved copy then opens with the program made for its content.
    """
    cleaned = filename_clean(name)
    path = PurePosixPath(cleaned)
    suffix = path.suffix.lower().lstrip(".")
    if suffix in kind.extensions:
        return cleaned
    stem = path.stem if suffix in _KNOWN_SUFFIXES else cleaned
    return filename_clean(f"{stem}.{kind.extension}")
