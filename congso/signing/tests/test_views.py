# SPDX-License-Identifier: MIT
"""The public verification pages: what they show, and what an upload tells."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from congso.signing import services

from .conftest import CITIZEN

pytestmark = [pytest.mark.django_db, pytest.mark.urls("congso.signing.tests.urls")]


def upload(data: bytes, name: str = "ket-qua.pdf") -> dict:
    return {"file": SimpleUploadedFile(name, data, content_type="application/pdf")}


def flipped(data: bytes) -> bytes:
    changed = bytearray(data)
    changed[len(data) // 4] ^= 0x01
    return bytes(changed)


def test_the_page_of_a_token_says_the_document_is_genuine(client, signed, agency):
    document, _ = signed

    response = client.get(f"/xac-thuc/{document.token}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "This document is genuine" in page
    assert document.title in page
    assert agency.name in page and agency.code in page
    assert document.reference in page
    assert document.sha256 in page
    assert CITIZEN not in page  # nothing from inside the document
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page


def test_the_page_is_vietnamese_by_default_and_english_under_en(client, signed, settings):
    document, _ = signed
    settings.LANGUAGE_CODE = "vi"
    vietnamese = client.get(f"/xac-thuc/{document.token}/").content.decode()
    assert 'lang="vi"' in vietnamese and "This document is genuine" not in vietnamese
    response = client.get(f"/en/xac-thuc/{document.token}/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
    assert "This document is genuine" in response.content.decode()


def test_an_unknown_token_is_a_404_page(client, db):
    response = client.get("/xac-thuc/not-a-real-token/")
    assert response.status_code == 404
    assert "No document was issued with this verification code" in response.content.decode()
    assert client.get(f"/xac-thuc/{'x' * 100}/").status_code == 404


def test_uploading_the_genuine_file_says_genuine_and_unchanged(client, signed):
    document, data = signed
    response = client.post(f"/xac-thuc/{document.token}/", upload(data))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Genuine and unchanged" in page
    assert "Altered" not in page


def test_uploading_a_modified_file_says_altered(client, signed):
    document, data = signed
    response = client.post(f"/xac-thuc/{document.token}/", upload(flipped(data)))
    assert response.status_code == 200
    assert "Altered or not signed" in response.content.decode()


def test_uploading_another_signed_document_says_not_this_document(client, signed, agency):
    document, _ = signed
    _, other = services.signed_document_create(
        pdf=signed[1], agency=agency, title="Văn bản khác", kind="form"
    )
    response = client.post(f"/xac-thuc/{document.token}/", upload(other))
    assert "Signature valid, but not this document" in response.content.decode()


def test_uploading_something_that_is_not_a_pdf_is_a_400_with_a_message(client, signed):
    document, _ = signed
    response = client.post(f"/xac-thuc/{document.token}/", upload(b"MZ\x90\x00", "virus.exe"))
    assert response.status_code == 400
    assert "The file is not a PDF document." in response.content.decode()


def test_a_post_without_a_file_is_a_400(client, signed):
    document, _ = signed
    assert client.post(f"/xac-thuc/{document.token}/", {}).status_code == 400


def test_a_too_large_upload_is_refused(client, settings, signed):
    settings.CONGSO_SIGNING_MAX_UPLOAD_BYTES = 1024
    document, data = signed
    response = client.post(f"/xac-thuc/{document.token}/", upload(data))
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    # Far too large: refused from the Content-Length alone, before any verification.
    response = client.post(f"/xac-thuc/{document.token}/", upload(data * 3))
    assert response.status_code == 413
    assert "larger than" in response.content.decode()


def test_the_upload_needs_the_csrf_token(signed):
    document, data = signed
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/xac-thuc/{document.token}/", upload(data)).status_code == 403


def test_a_revoked_document_shows_as_revoked(client, signed):
    document, data = signed
    services.signed_document_revoke(document=document, reason="Cấp lại")
    page = client.get(f"/xac-thuc/{document.token}/").content.decode()
    assert "This document was revoked" in page
    assert "This document is genuine" not in page
    assert "Cấp lại" not in page  # the officer's reason stays internal
    page = client.post(f"/xac-thuc/{document.token}/", upload(data)).content.decode()
    assert "The document has since been revoked." in page


def test_the_general_page_has_an_upload_form(client, db):
    response = client.get("/xac-thuc/")
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


def test_the_general_page_checks_any_signed_pdf_and_links_its_record(client, signed):
    document, data = signed
    page = client.post("/xac-thuc/", upload(data)).content.decode()
    assert "The signature is valid" in page
    assert f"/xac-thuc/{document.token}/" in page
    assert document.title in page


def test_the_general_page_reports_an_altered_file(client, signed):
    _, data = signed
    page = client.post("/xac-thuc/", upload(flipped(data))).content.decode()
    assert "Altered or not signed" in page


def test_the_general_page_reports_an_unsigned_pdf(client, result_pdf, db):
    page = client.post("/xac-thuc/", upload(result_pdf)).content.decode()
    assert "The PDF document has no digital signature." in page


def test_the_general_page_refuses_garbage_with_a_400(client, db):
    response = client.post("/xac-thuc/", upload(b"\x00garbage" * 100))
    assert response.status_code == 400
    assert "The file is not a PDF document." in response.content.decode()


def test_a_damaged_pdf_is_reported_not_a_500(client, db):
    response = client.post("/xac-thuc/", upload(b"%PDF-1.7\n" + b"\xff" * 5000))
    assert response.status_code == 200
    assert "Altered or not signed" in response.content.decode()


def test_other_methods_are_not_allowed(client, signed):
    document, _ = signed
    assert client.put(f"/xac-thuc/{document.token}/").status_code == 405
