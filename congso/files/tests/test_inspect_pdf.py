# SPDX-License-Identifier: MIT
"""PDFs: real ones pass; scripts, actions, attachments, forms that run code and passwords don't."""

from __future__ import annotations

import io

import pytest

from congso.files.exceptions import FileRejectedError
from congso.files.inspect import inspect_upload

from . import samples
from .samples import RAW_PAGE_OBJECTS, raw_pdf


def refusal(data: bytes, name: str = "hồ sơ.pdf") -> FileRejectedError:
    with pytest.raises(FileRejectedError) as caught:
        inspect_upload(io.BytesIO(data), filename=name)
    return caught.value


def test_a_written_pdf_and_a_scanned_pdf_pass_with_their_page_count():
    assert inspect_upload(io.BytesIO(samples.pdf_bytes()), filename="a.pdf").pages == 1
    assert inspect_upload(io.BytesIO(samples.pdf_from_image()), filename="b.pdf").pages == 1
    assert inspect_upload(io.BytesIO(raw_pdf(*RAW_PAGE_OBJECTS)), filename="c.pdf").pages == 1


def test_a_web_link_and_an_open_action_showing_a_page_are_not_active():
    data = samples.pdf_with_link("https://dichvucong.gov.vn")
    assert inspect_upload(io.BytesIO(data), filename="a.pdf").kind == "pdf"


def test_javascript_run_on_open_is_refused():
    error = refusal(samples.pdf_open_action({"/S": "/JavaScript", "/JS": "app.alert(1)"}))
    assert error.code == "pdf_active_content"
    assert "/JS" in error.reason or "/JavaScript" in error.reason


def test_document_javascript_in_the_names_tree_is_refused():
    assert refusal(samples.pdf_with_names_javascript()).code == "pdf_active_content"


def test_a_launch_action_is_refused():
    error = refusal(samples.pdf_open_action({"/S": "/Launch", "/F": "cmd.exe"}))
    assert error.code == "pdf_active_content"
    assert "/Launch" in error.reason


def test_an_embedded_file_is_refused():
    error = refusal(samples.pdf_with_attachment())
    assert error.code == "pdf_active_content"
    assert "Embedded" in error.reason or "/EF" in error.reason


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda: samples.pdf_with_page_entry(
                "/AA", {"/O": {"/S": "/URI", "/URI": "https://x.invalid"}}
            ),
            "/AA",
        ),
        (lambda: samples.pdf_with_catalog_entry("/AcroForm", {"/Fields": [], "/XFA": []}), "/XFA"),
        (
            lambda: samples.pdf_with_catalog_entry(
                "/OpenAction", {"/S": "/SubmitForm", "/F": "https://x.invalid"}
            ),
            "/SubmitForm",
        ),
        (
            lambda: samples.pdf_with_catalog_entry(
                "/OpenAction", {"/S": "/GoToR", "/F": "other.pdf", "/D": [0, "/Fit"]}
            ),
            "/GoToR",
        ),
        (
            lambda: samples.pdf_with_page_entry(
                "/Annot0", {"/Type": "/Annot", "/Subtype": "/RichMedia"}
            ),
            "/RichMedia",
        ),
    ],
)
def test_automatic_actions_xfa_forms_and_multimedia_are_refused(make, expected):
    error = refusal(make())
    assert error.code == "pdf_active_content"
    assert expected in error.reason


def test_a_hex_escaped_name_does_not_hide_javascript():
    data = raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Java#53cript /J#53 (app.alert(1)) >> >>",
        *RAW_PAGE_OBJECTS[1:],
    )
    error = refusal(data)
    assert error.code == "pdf_active_content"
    assert "/JS" in error.reason or "/JavaScript" in error.reason


def test_an_action_type_behind_a_reference_is_followed():
    data = raw_pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        *RAW_PAGE_OBJECTS[1:],
        b"<< /S 5 0 R /F (calc.exe) >>",
        b"/Launch",
    )
    assert "/Launch" in refusal(data).reason


def test_javascript_in_an_object_nothing_refers_to_is_still_found():
    data = raw_pdf(*RAW_PAGE_OBJECTS, b"<< /S /JavaScript /JS (app.alert(1)) >>")
    error = refusal(data)
    assert error.code == "pdf_active_content"
    assert "object 4" in error.reason


@pytest.mark.parametrize("password", ["secret", ""])
def test_an_encrypted_pdf_is_refused_even_with_an_empty_password(password):
    error = refusal(samples.pdf_encrypted(password))
    assert error.code == "file_encrypted"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"garbage " * 50,
        samples.pdf_bytes()[:200],
        raw_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"),
    ],
    ids=["garbage", "truncated", "no-pages"],
)
def test_a_damaged_pdf_is_corrupt(data):
    assert refusal(data).code == "file_corrupt"
