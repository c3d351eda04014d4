# SPDX-License-Identifier: MIT
"""Serving stored files: the right type, a download by default, and no way to run in a page."""

from __future__ import annotations

import io

import pytest

from congso.files.responses import content_disposition, stored_file_response
from congso.files.services import stored_file_create

from . import samples

pytestmark = pytest.mark.django_db


def store(data: bytes, name: str):
    return stored_file_create(fileobj=io.BytesIO(data), filename=name)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_file_downloads_with_protective_headers():
    data = samples.docx_bytes()
    response = stored_file_response(store(data, "tờ khai.docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename=\"to khai.docx\"; filename*=UTF-8''t%E1%BB%9D%20khai.docx"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
    assert int(response["Content-Length"]) == len(data)
    assert body(response) == data


def test_a_vietnamese_name_has_an_ascii_fallback_and_the_exact_utf8_name():
    header = content_disposition("attachment", 'Đơn đề nghị "gấp".pdf')
    assert header == (
        'attachment; filename="Don de nghi _gap_.pdf"; '
        "filename*=UTF-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B%20%22g%E1%BA%A5p%22.pdf"
    )


@pytest.mark.parametrize(
    ("make", "name", "disposition"),
    [
        (samples.pdf_bytes, "a.pdf", "inline"),
        (lambda: samples.image_bytes("PNG"), "a.png", "inline"),
        (lambda: samples.image_bytes("JPEG"), "a.jpg", "inline"),
        (samples.docx_bytes, "a.docx", "attachment"),
        (samples.xlsx_bytes, "a.xlsx", "attachment"),
    ],
)
def test_only_pdf_and_images_may_be_shown_inline(make, name, disposition):
    response = stored_file_response(store(make(), name), inline=True)
    assert response["Content-Disposition"].startswith(f"{disposition}; ")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_the_download_name_can_be_chosen_and_gets_the_real_suffix():
    stored = store(samples.image_bytes("JPEG"), "scan.pdf")
    assert 'filename="scan.jpg"' in stored_file_response(stored)["Content-Disposition"]
    response = stored_file_response(stored, filename="../Giấy tờ.png")
    assert 'filename="Giay to.jpg"' in response["Content-Disposition"]
    assert response["Content-Type"] == "image/jpeg"
