# SPDX-License-Identifier: MIT
"""Real files, good and hostile, built with the same libraries and formats attackers use."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

import openpyxl
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

# --- PDF -------------------------------------------------------------------------------------


def pdf_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def pdf_bytes(writer: PdfWriter | None = None) -> bytes:
    out = io.BytesIO()
    (writer or pdf_writer()).write(out)
    return out.getvalue()


def pdf_from_image() -> bytes:
    """A one-page scan, as a phone app or a scanner makes it."""
    out = io.BytesIO()
    noisy_image(120, 160).save(out, "PDF")
    return out.getvalue()


def pdf_open_action(action: dict[str, object]) -> bytes:
    writer = pdf_writer()
    writer._root_object[NameObject("/OpenAction")] = _dictionary(action)
    return pdf_bytes(writer)


def pdf_with_names_javascript() -> bytes:
    """Document-level JavaScript in the /Names tree, as pypdf's add_open_action writes it."""
    writer = pdf_writer()
    writer.add_open_action(JavaScript("app.alert('hi');"))
    return pdf_bytes(writer)


def pdf_with_attachment() -> bytes:
    writer = pdf_writer()
    writer.add_attachment("invoice.exe", b"MZ\x90\x00" + b"\x00" * 60)
    return pdf_bytes(writer)


def pdf_encrypted(user_password: str = "secret") -> bytes:
    writer = pdf_writer()
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    return pdf_bytes(writer)


def pdf_with_page_entry(key: str, value: dict[str, object]) -> bytes:
    writer = pdf_writer()
    writer.pages[0][NameObject(key)] = _dictionary(value)
    return pdf_bytes(writer)


def pdf_with_catalog_entry(key: str, value: dict[str, object]) -> bytes:
    writer = pdf_writer()
    writer._root_object[NameObject(key)] = _dictionary(value)
    return pdf_bytes(writer)


def pdf_with_link(uri: str) -> bytes:
    """A plain web link and an open action that shows page 1: nothing active."""
    writer = pdf_writer()
    page = writer.pages[0]
    annotation = _dictionary(
        {
            "/Type": "/Annot",
            "/Subtype": "/Link",
            "/Rect": [10, 10, 100, 30],
            "/A": {"/S": "/URI", "/URI": TextStringObject(uri)},
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")]
    )
    return pdf_bytes(writer)


def _dictionary(value: dict[str, object]) -> DictionaryObject:
    result = DictionaryObject()
    for key, item in value.items():
        result[NameObject(key)] = _pdf_value(item)
    return result


def _pdf_value(item: object) -> object:
    if isinstance(item, dict):
        return _dictionary(item)
    if isinstance(item, list):
        return ArrayObject(_pdf_value(x) for x in item)
    if isinstance(item, int):
        return NumberObject(item)
    if isinstance(item, str) and item.startswith("/"):
        return NameObject(item)
    if isinstance(item, str):
        return TextStringObject(item)
    return item


def raw_pdf(*objects: bytes, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF written by hand, object 1 first, with a correct cross-reference table.

    For what libraries will not write: escaped names, indirect action types, objects that
    nothing refers to.
    """
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


RAW_PAGE_OBJECTS = (
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
)


# --- images ----------------------------------------------------------------------------------


def noisy_image(width: int, height: int) -> Image.Image:
    """Random pixels: they do not compress, so cutting the file cuts real image data."""
    rng = random.Random(width * 7919 + height)
    return Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))


def image_bytes(fmt: str, width: int = 64, height: int = 48) -> bytes:
    out = io.BytesIO()
    noisy_image(width, height).save(out, fmt)
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_pixel_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid PNG header for 10 billion pixels, with a few bytes of pixel data: 100 bytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + png_chunk(b"IEND", b"")
    )


# --- Office Open XML -------------------------------------------------------------------------

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def content_types(main: str = DOCX_MAIN, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        f"{extra}</Types>"
    )


def relationships(*rels: tuple[str, str, str]) -> str:
    """(type, target, target mode) triples as a .rels part."""
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"'
        + (f' TargetMode="{mode}"' if mode else "")
        + "/>"
        for n, (kind, target, mode) in enumerate(rels, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS_NS}">{items}</Relationships>'


def document_xml(text: str = "Đơn đề nghị cấp giấy phép xây dựng") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )


def docx_parts(**overrides: bytes | str | None) -> dict[str, bytes | str]:
    """The parts of a minimal valid DOCX; overrides add, replace or (None) remove parts."""
    parts: dict[str, bytes | str | None] = {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": relationships((OFFICE_DOCUMENT, "word/document.xml", "")),
        "word/document.xml": document_xml(),
    }
    parts.update(overrides)
    return {name: data for name, data in parts.items() if data is not None}


def zip_bytes(parts: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_bytes(**overrides: bytes | str | None) -> bytes:
    return zip_bytes(docx_parts(**overrides))


def xlsx_bytes(rows: int = 20) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Xã", "Số hồ sơ"])
    for n in range(rows):
        sheet.append(["Nguyễn Thị Hoa", "Phú Vang", n])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_directory(data: bytes) -> tuple[bytes, list[bytearray], int]:
    """The bytes before the central directory, its entries (mutable) and its offset."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        start = archive.start_dir
        count = len(archive.infolist())
    entries, at = [], start
    for _ in range(count):
        name_length, extra_length, comment_length = struct.unpack("<HHH", data[at + 28 : at + 34])
        end = at + 46 + name_length + extra_length + comment_length
        entries.append(bytearray(data[at:end]))
        at = end
    return data[:start], entries, start


def zip_rebuild(body: bytes, entries: list[bytearray]) -> bytes:
    """A ZIP from its local part and central directory entries, with a fresh end record."""
    directory = b"".join(entries)
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0
    )
    return body + directory + end


def zip_lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite `member`'s unpacked size in both its headers: the data stays what it was."""
    body, entries, _start = zip_directory(data)
    body = bytearray(body)
    for entry in entries:
        name_length = struct.unpack("<H", entry[28:30])[0]
        if entry[46 : 46 + name_length].decode() == member:
            entry[24:28] = struct.pack("<I", declared)
            offset = struct.unpack("<I", entry[42:46])[0]
            body[offset + 22 : offset + 26] = struct.pack("<I", declared)
    return zip_rebuild(bytes(body), entries)


def zip_add_alias(data: bytes, member: str, alias: str) -> bytes:
    """A second directory entry named `alias` pointing at `member`'s data (overlap)."""
    body, entries, _start = zip_directory(data)
    for entry in list(entries):
        name_length = struct.unpack("<H", entry[28:30])[0]
        if entry[46 : 46 + name_length].decode() == member:
            name = alias.encode()
            copy = bytearray(entry[:46]) + name
            copy[28:30] = struct.pack("<H", len(name))
            copy[30:34] = b"\x00\x00\x00\x00"  # no extra field, no comment
            entries.append(copy)
    return zip_rebuild(body, entries)


# --- OLE compound files (CFB) ----------------------------------------------------------------

END_OF_CHAIN, FAT_SECTOR, FREE, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF


def cfb_bytes(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (version 3, 512-byte sectors) holding `streams` at the root.

    What Office writes around an encrypted DOCX/XLSX ("EncryptionInfo", "EncryptedPackage")
    and what an old DOC is ("WordDocument"). Streams are padded to 4 096 bytes so they
    live in ordinary sectors and no mini stream is needed.
    """
    names = list(streams)
    datas = [
        data.ljust(max(4096, -(-len(data) // 512) * 512), b"\x00") for data in streams.values()
    ]
    fat = [FAT_SECTOR, END_OF_CHAIN]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for data in datas:
        count = len(data) // 512
        first = len(fat)
        starts.append(first)
        fat += [first + n + 1 for n in range(count - 1)] + [END_OF_CHAIN]
    assert len(fat) <= 128 and len(names) <= 3
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x00" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\x00" * 6,
        0,  # directory sectors (always 0 in version 3)
        1,  # FAT sectors
        1,  # first directory sector
        0,
        4096,
        END_OF_CHAIN,  # no mini FAT
        0,
        END_OF_CHAIN,  # no DIFAT sectors
        0,
    ) + struct.pack("<109I", 0, *([FREE] * 108))
    entries = [_cfb_entry("Root Entry", 5, child=1 if names else NO_STREAM)]
    for n, (name, data) in enumerate(zip(names, datas, strict=True)):
        right = n + 2 if n + 1 < len(names) else NO_STREAM
        entries.append(_cfb_entry(name, 2, right=right, start=starts[n], size=len(data)))
    directory = b"".join(entries).ljust(512, b"\x00")
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    return header + fat_sector + directory + b"".join(datas)


def _cfb_entry(
    name: str,
    kind: int,
    *,
    child: int = NO_STREAM,
    right: int = NO_STREAM,
    start: int = END_OF_CHAIN,
    size: int = 0,
) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,  # black
        NO_STREAM,
        right,
        child,
        b"\x00" * 16,
        0,
        0,
        0,
        start if kind == 2 else END_OF_CHAIN,
        size,
    )
