# SPDX-License-Identifier: MIT
"""DOCX and XLSX: plain Office Open XML packages that unpack within limits, nothing active.

A package is a ZIP archive. Its central directory is checked first (entry count, total
and per-entry unpacked size, compression ratio, overlapping entries, encryption), then
every entry is really decompressed, in a stream with a cap, because those sizes are
written by whoever made the file: an entry that yields more than it declares is a bomb.
While streaming, the first bytes of each entry are matched against archive, OLE and
program signatures and XML is searched for DTDs; [Content_Types].xml and the .rels
parts are parsed as they stream, to find the main part, macros and remote targets.

Refused on purpose, although Office can produce them: embedded OLE objects and embedded
workbooks (a chart in a DOCX carries one), ActiveX controls, and any external target
other than a hyperlink (linked images, remote templates, links to other workbooks).
Each can carry or fetch content that is not inspected here.

Encrypted DOCX/XLSX are not ZIP at all but OLE compound files (CFB) holding an
"EncryptedPackage" stream; old DOC/XLS files are CFB too.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from django.utils.translation import gettext as _

from .exceptions import (
    ArchiveBombError,
    ArchiveNestedError,
    FileRejectedError,
    FileTypeNotAllowedError,
    OfficeActiveContentError,
    Subject,
    corrupt,
    encrypted,
    type_refusal,
)
from .limits import UploadLimits

CHUNK_BYTES = 64 * 1024
OUTPUT_CHUNK_BYTES = 1024 * 1024
# Entries smaller than this unpacked are not held to the ratio: they cannot weigh much.
RATIO_FLOOR_BYTES = 1024 * 1024
# Bytes of central directory allowed per permitted entry (Office names are short).
DIRECTORY_BYTES_PER_ENTRY = 512
CONTENT_TYPES = "[Content_Types].xml"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MAIN_PARTS = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
# Parts and content types of macros (.docm/.xlsm, vbaProject.bin), ActiveX and OLE objects.
ACTIVE_PART_WORDS = ("vbaproject", "vbadata", "activex", "oleobject")
ACTIVE_TYPE_WORDS = ("macroenabled", "vbaproject", "activex", "oleobject", "ms-office.vba")
NESTED_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"Rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",
    b"\x28\xb5\x2f\xfd",
)
ACTIVE_MAGIC = ((CFB_MAGIC, "OLE object"), (b"MZ", "executable"), (b"\x7fELF", "executable"))
# In every encoding an XML parser accepts without being told: UTF-8 and both UTF-16s.
DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
ENCRYPTION_STREAMS = tuple(n.encode("utf-16-le") for n in ("EncryptionInfo", "EncryptedPackage"))


def inspect_cfb(fp: IO[bytes], subject: Subject, allowed: frozenset[str]) -> FileRejectedError:
    """The refusal for an OLE compound file: a password-protected DOCX/XLSX, or DOC/XLS."""
    tail = b""
    fp.seek(0)
    while chunk := fp.read(CHUNK_BYTES):
        window = tail + chunk
        if any(marker in window for marker in ENCRYPTION_STREAMS):
            return encrypted(subject, "OOXML in a CFB container (EncryptedPackage)")
        tail = window[-64:]
    if allowed & {"docx", "xlsx"}:
        return subject.refuse(
            FileTypeNotAllowedError,
            _(
                "“%(name)s” is in an old Office format (DOC or XLS). Save it as DOCX or XLSX "
                "and upload it again."
            ),
            "CFB (legacy Office)",
        )
    return type_refusal(subject, allowed, "CFB (legacy Office)")


def inspect_ooxml(
    fp: IO[bytes], subject: Subject, allowed: frozenset[str], limits: UploadLimits
) -> dict[str, Any]:
    """{"kind": "docx" | "xlsx"} for an acceptable package; otherwise raise."""
    _check_end_record(fp, subject, limits)
    try:
        archive = zipfile.ZipFile(fp)
    except MemoryError:
        raise
    except Exception as exc:  # BadZipFile, struct.error, ValueError… on malformed input
        raise corrupt(subject, f"zip: {type(exc).__name__}: {exc}") from exc
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        _check_directory(infos, archive.start_dir, subject, limits)
    kind = _kind_by_names({info.filename for info in infos})
    if kind is None:
        raise type_refusal(subject, allowed, "ZIP archive, not Office Open XML")
    if kind not in allowed:
        raise type_refusal(subject, allowed, f"{kind} content")
    for info in infos:
        if any(word in info.filename.lower() for word in ACTIVE_PART_WORDS):
            raise _active(subject, f"part {info.filename}")
    package = _Package()
    for info in infos:
        _stream_entry(fp, info, subject, limits, package)
    _check_package(package, kind, subject, allowed)
    return {"kind": kind}


# --- the central directory -------------------------------------------------------------------


def _check_end_record(fp: IO[bytes], subject: Subject, limits: UploadLimits) -> None:
    """Refuse a huge central directory before zipfile builds an object per entry of it."""
    fp.seek(0, 2)
    size = fp.tell()
    fp.seek(max(0, size - 65_557))
    tail = fp.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise corrupt(subject, "no end of central directory")
    count, directory_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    if count > limits.zip_max_entries or (
        directory_size > limits.zip_max_entries * DIRECTORY_BYTES_PER_ENTRY
    ):
        raise _bomb(subject, f"{count} entries, {directory_size} bytes of directory")
    fp.seek(0)


def _check_directory(
    infos: list[zipfile.ZipInfo], start_dir: int, subject: Subject, limits: UploadLimits
) -> None:
    if len(infos) > limits.zip_max_entries:
        raise _bomb(subject, f"{len(infos)} entries")
    declared = sum(info.file_size for info in infos)
    if declared > limits.zip_max_uncompressed_bytes:
        raise _bomb(subject, f"{declared} bytes declared unpacked")
    names: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x41:  # 0x01 encrypted, 0x40 strong encryption
            raise encrypted(subject, f"encrypted entry {info.filename}")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise corrupt(subject, f"compression method {info.compress_type}")
        if _over_ratio(info.file_size, info.compress_size, limits):
            raise _bomb(subject, f"{info.filename} declares {info.file_size}/{info.compress_size}")
        if info.filename.lower() in names:  # part names are case-insensitive (OPC)
            raise corrupt(subject, f"duplicate entry {info.filename}")
        names.add(info.filename.lower())
    # Entries whose data overlap are how a small archive declares a huge total honestly.
    ordered = sorted(infos, key=lambda info: info.header_offset)
    ends = [info.header_offset + 30 + info.compress_size for info in ordered]
    starts = [info.header_offset for info in ordered[1:]] + [start_dir]
    if any(end > start for end, start in zip(ends, starts, strict=True)):
        raise _bomb(subject, "overlapping entries")


def _over_ratio(unpacked: int, packed: int, limits: UploadLimits) -> bool:
    return unpacked > RATIO_FLOOR_BYTES and unpacked > limits.zip_max_ratio * max(packed, 1)


def _kind_by_names(names: set[str]) -> str | None:
    if CONTENT_TYPES not in names:
        return None
    found = [kind for kind, (part, _type) in MAIN_PARTS.items() if part in names]
    return found[0] if len(found) == 1 else None


# --- streaming the entries -------------------------------------------------------------------


@dataclass
class _Package:
    """What the streamed [Content_Types].xml and .rels parts say."""

    overrides: dict[str, str] = field(default_factory=dict)
    content_types: list[str] = field(default_factory=list)
    external: list[tuple[str, str]] = field(default_factory=list)  # (part, relationship type)


def _stream_entry(
    fp: IO[bytes], info: zipfile.ZipInfo, subject: Subject, limits: UploadLimits, package: _Package
) -> None:
    """Unpack one entry for real, checking its signature, DTDs and, for XML we read, content."""
    lower = info.filename.lower()
    parser = None
    if lower == CONTENT_TYPES.lower() or lower.endswith(".rels"):
        parser = _package_parser(info.filename, package)
    head = tail = b""
    try:
        for chunk in _unpack(fp, info, subject, limits):
            if len(head) < 8:
                head += chunk[: 8 - len(head)]
                _check_signature(head, info.filename, subject)
            window = tail + chunk
            if any(marker in window for marker in DTD_MARKERS):
                raise _DtdFoundError
            tail = window[-32:]
            if parser is not None:
                parser.Parse(chunk, False)
        if parser is not None:
            parser.Parse(b"", True)
    except _DtdFoundError as exc:
        raise _active(subject, f"DTD in {info.filename}") from exc
    except expat.ExpatError as exc:
        raise corrupt(subject, f"XML in {info.filename}: {exc}") from exc


class _DtdFoundError(Exception):
    """A document type declaration: entity expansion and external entities start there."""


def _package_parser(part: str, package: _Package) -> Any:
    """An expat parser that records content types and external relationships as it goes.

    It builds no tree, so a large part costs no memory, and it stops at any DTD.
    """

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if tag == "Override":
            package.overrides[attrs.get("PartName", "").lower()] = attrs.get("ContentType", "")
        if tag in {"Override", "Default"}:
            package.content_types.append(attrs.get("ContentType", "").lower())
        elif tag == "Relationship" and attrs.get("TargetMode") == "External":
            package.external.append((part, attrs.get("Type", "")))

    def refuse(*_args: Any) -> None:
        raise _DtdFoundError

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _check_signature(head: bytes, name: str, subject: Subject) -> None:
    for magic, what in ACTIVE_MAGIC:
        if head.startswith(magic):
            raise _active(subject, f"{what} in {name}")
    if len(head) >= 8 and head.startswith(NESTED_MAGIC):
        raise subject.refuse(
            ArchiveNestedError,
            _("“%(name)s” contains other archives or compressed files, which are not accepted."),
            f"archive in {name}",
        )


def _data_offset(fp: IO[bytes], info: zipfile.ZipInfo, subject: Subject) -> int:
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) != 30 or not header.startswith(b"PK\x03\x04"):
        raise corrupt(subject, f"no local header for {info.filename}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_length + extra_length


def _unpack(
    fp: IO[bytes], info: zipfile.ZipInfo, subject: Subject, limits: UploadLimits
) -> Iterator[bytes]:
    """The entry's bytes, never more than it declares plus one, checked against its CRC."""
    fp.seek(_data_offset(fp, info, subject))
    left = info.compress_size
    produced = crc = 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0 and not (inflater and inflater.eof):
        raw = fp.read(min(CHUNK_BYTES, left))
        if not raw:
            break
        left -= len(raw)
        for out in _inflate(inflater, raw, info.file_size - produced, subject):
            produced += len(out)
            if produced > info.file_size:
                raise _bomb(subject, f"{info.filename} unpacks beyond its declared size")
            crc = zlib.crc32(out, crc)
            yield out
    consumed = info.compress_size - left - (len(inflater.unused_data) if inflater else 0)
    if (inflater and not inflater.eof) or produced != info.file_size or crc != info.CRC:
        raise corrupt(subject, f"{info.filename} is truncated or does not match its CRC")
    if _over_ratio(produced, consumed, limits):
        raise _bomb(subject, f"{info.filename} unpacks {produced} from {consumed}")


def _inflate(inflater: Any, raw: bytes, room: int, subject: Subject) -> Iterator[bytes]:
    """Decompress `raw` in pieces of at most 1 MiB, and stop one byte past `room`.

    A piece that fills its limit may leave output pending inside zlib even when all input
    was taken, so decompression goes on until a piece comes back short.
    """
    if inflater is None:
        yield raw
        return
    while not inflater.eof:
        limit = max(1, min(OUTPUT_CHUNK_BYTES, room + 1))
        try:
            out = inflater.decompress(raw, limit)
        except zlib.error as exc:
            raise corrupt(subject, f"deflate: {exc}") from exc
        stuck = not out and inflater.unconsumed_tail == raw
        raw = inflater.unconsumed_tail
        room -= len(out)
        if out:
            yield out
        if stuck or (not raw and len(out) < limit):
            return


# --- what the package declares ---------------------------------------------------------------


def _check_package(package: _Package, kind: str, subject: Subject, allowed: frozenset[str]) -> None:
    for content_type in package.content_types:
        if any(word in content_type for word in ACTIVE_TYPE_WORDS):
            raise _active(subject, f"content type {content_type}")
    part, main_type = MAIN_PARTS[kind]
    if package.overrides.get(f"/{part}") != main_type:
        raise type_refusal(subject, allowed, f"{part} is not {main_type}")
    for source, relationship in package.external:
        # Hyperlinks are text; any other external target is fetched when the file opens.
        if not relationship.endswith("/hyperlink"):
            raise _active(subject, f"external {relationship} in {source}")


def _active(subject: Subject, reason: str) -> FileRejectedError:
    return subject.refuse(
        OfficeActiveContentError,
        _(
            "“%(name)s” contains macros, embedded objects or other active content. Save it as "
            "a plain DOCX or XLSX document without them and upload it again."
        ),
        reason,
    )


def _bomb(subject: Subject, reason: str) -> FileRejectedError:
    return subject.refuse(
        ArchiveBombError,
        _("“%(name)s” unpacks to far more data than its size suggests and cannot be accepted."),
        reason,
    )
