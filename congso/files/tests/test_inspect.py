# SPDX-License-Identifier: MIT
"""Recognition by content, the size limit, and how refusals read."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.utils import translation

from congso.core.exceptions import InvalidInputError
from congso.files.exceptions import (
    DossierFilesTooLargeError,
    FileDisguisedError,
    FileEmptyError,
    FileRejectedError,
    FileTooLargeError,
    FileTypeNotAllowedError,
)
from congso.files.inspect import ensure_total_within, inspect_upload, inspected_copy

from . import samples


def refusal(data: bytes, name: str, **kwargs) -> FileRejectedError:
    with pytest.raises(FileRejectedError) as caught:
        inspect_upload(io.BytesIO(data), filename=name, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("make", "name", "kind", "content_type"),
    [
        (samples.pdf_bytes, "đơn đề nghị.pdf", "pdf", "application/pdf"),
        (lambda: samples.image_bytes("JPEG"), "ảnh.jpg", "jpeg", "image/jpeg"),
        (lambda: samples.image_bytes("PNG"), "sơ đồ.png", "png", "image/png"),
        (
            samples.docx_bytes,
            "tờ khai.docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            samples.xlsx_bytes,
            "danh sách.xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_good_files_are_recognised_with_their_hash_and_size(make, name, kind, content_type):
    data = make()
    inspected = inspect_upload(io.BytesIO(data), filename=name)
    assert inspected.kind == kind
    assert inspected.content_type == content_type
    assert inspected.size == len(data)
    assert inspected.sha256 == hashlib.sha256(data).hexdigest()
    assert inspected.name == name


def test_the_content_decides_the_kind_not_the_name():
    inspected = inspect_upload(io.BytesIO(samples.image_bytes("JPEG")), filename="scan.pdf")
    assert (inspected.kind, inspected.extension) == ("jpeg", "jpg")
    assert (inspected.width, inspected.height) == (64, 48)


def test_the_inspected_copy_holds_exactly_the_bytes_that_were_hashed():
    data = samples.xlsx_bytes()
    with inspected_copy(io.BytesIO(data), filename="a.xlsx") as (inspected, copy):
        kept = copy.read()
    assert kept == data
    assert hashlib.sha256(kept).hexdigest() == inspected.sha256


def test_a_file_is_read_from_its_start_even_after_someone_read_it():
    data = samples.pdf_bytes()
    stream = io.BytesIO(data)
    stream.read(100)
    assert inspect_upload(stream, filename="a.pdf").sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"This program", "hoa_don.pdf", "MZ"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "to_khai.docx", "ELF"),
        (b"#!/bin/sh\nrm -rf /\n", "bang_ke.xlsx", "script"),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "anh.png", "HTML"),
        (
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "anh.png",
            "SVG",
        ),
        (b"\x00\x01\x02\x03 not a known format", "giay_to.jpg", "unknown"),
    ],
)
def test_other_content_named_like_an_accepted_kind_is_disguised(data, name, reason):
    error = refusal(data, name)
    assert isinstance(error, FileDisguisedError)
    assert error.code == "file_disguised"
    assert reason in error.reason


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "setup.exe"),
        (b"Xin chao, day la van ban thuong.", "ghi chu.txt"),
        (samples.zip_bytes({"a.txt": "x"}), "ho so.zip"),
        (samples.image_bytes("GIF"), "anh.gif"),
    ],
)
def test_content_of_other_kinds_is_not_allowed(data, name):
    error = refusal(data, name)
    assert isinstance(error, FileTypeNotAllowedError)
    assert error.code == "file_type_not_allowed"


def test_the_allowed_kinds_can_be_narrowed():
    error = refusal(samples.image_bytes("PNG"), "anh.png", allowed=frozenset({"pdf", "jpeg"}))
    assert error.code == "file_type_not_allowed"
    with translation.override("en"):
        error = refusal(samples.docx_bytes(), "a.docx", allowed=frozenset({"pdf", "jpeg"}))
    assert error.detail == "“a.docx” is not a PDF or JPEG file."
    with pytest.raises(ValueError, match="exe"):
        inspect_upload(io.BytesIO(b"x"), filename="a", allowed=frozenset({"exe"}))


def test_refusals_are_invalid_input_naming_the_cleaned_file_and_the_field():
    with translation.override("en"):
        error = refusal(b"MZ" + b"\x00" * 64, "C:\\fakepath\\hóa đơn.pdf", field="attachment")
    assert isinstance(error, InvalidInputError)
    assert error.http_status == 400
    assert (
        error.detail == "“hóa đơn.pdf” is named as a PDF file, but its content is something else."
    )
    assert error.extra == {"field": "attachment"}
    assert refusal(b"MZ" + b"\x00" * 64, "a.pdf").extra == {}


def test_an_empty_file_is_refused():
    error = refusal(b"", "trống.pdf")
    assert isinstance(error, FileEmptyError)
    assert error.code == "file_empty"


def test_one_byte_over_the_limit_is_refused_and_the_limit_itself_passes():
    data = samples.pdf_bytes()
    assert inspect_upload(io.BytesIO(data), filename="a.pdf", max_bytes=len(data)).size == len(data)
    with translation.override("en"):
        error = refusal(data, "a.pdf", max_bytes=len(data) - 1)
    assert isinstance(error, FileTooLargeError)
    assert error.code == "file_too_large"
    assert error.detail.startswith("“a.pdf” is larger than ")


def test_the_file_limit_comes_from_settings(settings):
    settings.CONGSO_UPLOAD_MAX_FILE_BYTES = 1000
    assert refusal(samples.image_bytes("PNG", 200, 200), "a.png").code == "file_too_large"
    settings.CONGSO_UPLOAD_MAX_FILE_BYTES = None  # unset: the default (20 MB) applies
    assert inspect_upload(io.BytesIO(samples.image_bytes("PNG", 200, 200)), filename="a.png")


class EndlessZeros(io.RawIOBase):
    """A stream that never ends, as a slow or hostile client can send."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        assert size > 0, "an unbounded read of an endless stream"
        self.served += size
        return b"\x00" * size


def test_reading_stops_right_after_the_limit():
    stream = EndlessZeros()
    with pytest.raises(FileTooLargeError):
        inspect_upload(stream, filename="vô tận.pdf", max_bytes=300_000)
    assert stream.served == 300_001


def test_dossier_total_is_checked_against_its_own_limit(settings):
    assert ensure_total_within([10, 20], limit=30) == 30
    with pytest.raises(DossierFilesTooLargeError) as caught:
        ensure_total_within([10, 21], limit=30)
    assert caught.value.code == "dossier_files_too_large"
    assert caught.value.http_status == 400
    settings.CONGSO_UPLOAD_MAX_DOSSIER_BYTES = 100
    assert ensure_total_within([60, 40]) == 100
    with pytest.raises(DossierFilesTooLargeError):
        ensure_total_within(iter([60, 41]))
