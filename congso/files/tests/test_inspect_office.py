# SPDX-License-Identifier: MIT
"""DOCX/XLSX: plain packages pass; bombs, macros, OLE, nested archives and passwords don't."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest

from congso.files.exceptions import FileRejectedError
from congso.files.inspect import inspect_upload

from . import samples
from .samples import DOCM_MAIN, content_types, docx_bytes, relationships

MB = 1024 * 1024
WORD_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def refusal(data: bytes, name: str = "tờ khai.docx") -> FileRejectedError:
    with pytest.raises(FileRejectedError) as caught:
        inspect_upload(io.BytesIO(data), filename=name)
    return caught.value


def zeros_docx(size: int) -> bytes:
    """A DOCX carrying `size` bytes of zeros, which deflate to about a thousandth of that."""
    return docx_bytes(**{"word/media/image1.bin": b"\x00" * size})


def test_a_docx_with_hyperlinks_and_an_image_passes():
    data = docx_bytes(
        **{
            "word/_rels/document.xml.rels": relationships(
                (f"{WORD_REL}/hyperlink", "https://dichvucong.gov.vn", "External"),
                (f"{WORD_REL}/image", "media/image1.png", ""),
            ),
            "word/media/image1.png": samples.image_bytes("PNG"),
        }
    )
    assert inspect_upload(io.BytesIO(data), filename="a.docx").kind == "docx"


def test_a_large_real_spreadsheet_passes_the_ratio_check():
    data = samples.xlsx_bytes(rows=12_000)  # its sheet unpacks to over 1 MB at about 15:1
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert max(info.file_size for info in archive.infolist()) > MB
    assert inspect_upload(io.BytesIO(data), filename="a.xlsx").kind == "xlsx"


def test_a_zip_bomb_in_a_docx_is_refused_by_its_ratio():
    data = zeros_docx(4 * MB)
    assert len(data) < 16 * 1024
    error = refusal(data)
    assert error.code == "archive_bomb"
    assert "image1.bin" in error.reason


def test_too_much_unpacked_data_is_refused(settings):
    settings.CONGSO_UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES = 256 * 1024
    incompressible = b"\x89PNG\r\n\x1a\n" + os.urandom(300 * 1024)
    error = refusal(docx_bytes(**{"word/media/image1.png": incompressible}))
    assert error.code == "archive_bomb"
    assert "declared" in error.reason


def test_too_many_entries_are_refused(settings):
    settings.CONGSO_UPLOAD_ZIP_MAX_ENTRIES = 10
    parts = {f"word/media/image{n}.xml": "<a/>" for n in range(10)}
    assert refusal(docx_bytes(**parts)).code == "archive_bomb"


def test_a_header_that_understates_the_unpacked_size_is_caught_while_unpacking():
    """The directory says 1 000 bytes, under every limit; the data inflates to 8 MB."""
    data = samples.zip_lie_about_size(zeros_docx(8 * MB), "word/media/image1.bin", 1000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("word/media/image1.bin").file_size == 1000
    started = time.monotonic()
    error = refusal(data)
    assert error.code == "archive_bomb"
    assert "beyond its declared size" in error.reason
    assert time.monotonic() - started < 2


def test_entries_sharing_their_data_are_refused():
    """Overlapping entries: how a small archive declares a huge total without lying."""
    data = samples.zip_add_alias(docx_bytes(), "word/document.xml", "word/copy.xml")
    error = refusal(data)
    assert error.code == "archive_bomb"
    assert "overlapping" in error.reason


def test_a_crc_mismatch_is_corrupt():
    data = bytearray(samples.zip_bytes(samples.docx_parts(), method=zipfile.ZIP_STORED))
    at = data.index("Đơn".encode())
    data[at] ^= 0xFF
    assert refusal(bytes(data)).code == "file_corrupt"


def test_a_truncated_docx_is_corrupt():
    assert refusal(docx_bytes()[:-30]).code == "file_corrupt"


@pytest.mark.parametrize(
    "overrides",
    [
        {
            "[Content_Types].xml": content_types(DOCM_MAIN),
            "word/vbaProject.bin": samples.cfb_bytes({"VBA": b"Sub AutoOpen()"}),
        },
        {"[Content_Types].xml": content_types(DOCM_MAIN)},
        {"word/activeX/activeX1.xml": "<ax/>"},
        {"word/embeddings/package1.bin": samples.cfb_bytes({"\x01Ole10Native": b"MZ"})},
        {"word/media/setup.dat": b"MZ\x90\x00" + b"\x00" * 100},
    ],
    ids=["docm-with-vba", "docm-content-type", "activex", "ole-object", "executable"],
)
def test_macros_activex_ole_objects_and_programs_are_refused(overrides):
    assert refusal(docx_bytes(**overrides)).code == "office_active_content"


def test_a_macro_enabled_workbook_is_refused():
    with zipfile.ZipFile(io.BytesIO(samples.xlsx_bytes())) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    error = refusal(samples.zip_bytes(parts), "bảng kê.xlsx")
    assert error.code == "office_active_content"
    assert "macroenabled" in error.reason


def test_a_remote_template_is_refused_but_a_hyperlink_is_not():
    template = relationships(
        (f"{WORD_REL}/attachedTemplate", "https://evil.invalid/t.dotm", "External")
    )
    error = refusal(docx_bytes(**{"word/_rels/settings.xml.rels": template}))
    assert error.code == "office_active_content"
    assert "attachedTemplate" in error.reason


def test_a_dtd_is_refused():
    billion_laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<lolz>&lol2;</lolz>"
    )
    error = refusal(docx_bytes(**{"word/document.xml": billion_laughs}))
    assert error.code == "office_active_content"
    assert "DTD" in error.reason


def test_a_dtd_in_utf16_is_refused_too():
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><d>&e;</d>'
    data = docx_bytes(
        **{"word/document.xml": "\ufeff".encode("utf-16-le") + xml.encode("utf-16-le")}
    )
    error = refusal(data)
    assert error.code == "office_active_content"
    assert "DTD" in error.reason


@pytest.mark.parametrize(
    "inner",
    [
        samples.zip_bytes({"a.txt": "x"}),
        docx_bytes(),
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00" + b"\x00" * 20,
        b"Rar!\x1a\x07\x01\x00" + b"\x00" * 20,
    ],
    ids=["zip", "docx", "gzip", "rar"],
)
def test_nested_archives_are_refused(inner):
    error = refusal(docx_bytes(**{"word/media/archive.bin": inner}))
    assert error.code == "archive_nested"


def test_an_encrypted_docx_is_refused_as_encrypted():
    data = samples.cfb_bytes(
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\x8a" * 5000}
    )
    error = refusal(data)
    assert error.code == "file_encrypted"


def test_an_old_word_document_is_refused_with_advice():
    data = samples.cfb_bytes({"WordDocument": b"\xec\xa5" + b"\x00" * 1000})
    error = refusal(data, "đơn.doc")
    assert error.code == "file_type_not_allowed"
    assert "CFB" in error.reason


def test_a_zip_entry_with_a_password_is_refused_as_encrypted():
    body, entries, _start = samples.zip_directory(docx_bytes())
    for entry in entries:
        entry[8] |= 0x01
    assert refusal(samples.zip_rebuild(body, entries)).code == "file_encrypted"


def test_a_zip_that_is_not_office_is_disguised_when_named_docx():
    data = samples.zip_bytes({"readme.txt": "hello", "word/document.xml": "<x/>"})
    assert refusal(data, "hop dong.docx").code == "file_disguised"


def test_a_word_template_named_docx_is_not_a_docx():
    template = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    data = docx_bytes(**{"[Content_Types].xml": content_types(template)})
    assert refusal(data).code == "file_disguised"


def test_malformed_package_xml_is_corrupt():
    data = docx_bytes(**{"_rels/.rels": "<Relationships><Relationship"})
    assert refusal(data).code == "file_corrupt"
