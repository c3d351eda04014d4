# SPDX-License-Identifier: MIT
"""Signing a real PDF, checked independently with pyHanko, and what verification reports."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.core.files.storage import default_storage
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStamp, TextStampStyle
from pyhanko_certvalidator import ValidationContext

from congso.core.exceptions import InvalidInputError
from congso.core.models import AuditEvent
from congso.signing import keys, pdf_signing, services
from congso.signing.exceptions import SigningFailedError
from congso.signing.fonts import AsciiCourierFactory, TrueTypeFontFactory, ascii_fold
from congso.signing.fonts import stamp_font_factory as font_factory
from congso.signing.models import SignedDocument
from congso.signing.pdf_signing import pdf_sign
from congso.signing.verification import pdf_verify

from .conftest import html_pdf

pytestmark = pytest.mark.django_db


def dev_ca_asn1() -> asn1_x509.Certificate:
    der = keys.dev_ca().certificate.public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


def stamp_annotation(data: bytes):
    """The signature widget: (page index, annotation dictionary)."""
    reader = PdfFileReader(BytesIO(data))
    pages = list(reader.root["/Pages"]["/Kids"])
    for index, page in enumerate(pages):
        for annot in page.get_object().get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig":
                return index, annot
    raise AssertionError("no signature widget")


def appearance_text(annotation) -> str:
    """The text drawn in the widget's appearance, decoded through the fonts' ToUnicode."""
    found: list[str] = []

    def walk(stream) -> None:
        resources = stream.get("/Resources", {})
        mapping: dict[str, str] = {}
        for font in resources.get("/Font", {}).values():
            to_unicode = font.get_object().get("/ToUnicode")
            if to_unicode is not None:
                cmap = to_unicode.get_object().data.decode()
                for glyph, text in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap):
                    mapping[glyph] = bytes.fromhex(text).decode("utf-16-be")
        for hexes in re.findall(rb"<([0-9a-f]+)> Tj", stream.data):
            codes = hexes.decode().upper()
            found.append(
                "".join(mapping.get(codes[i : i + 4], "?") for i in range(0, len(codes), 4))
            )
        for xobject in resources.get("/XObject", {}).values():
            walk(xobject.get_object())

    walk(annotation["/AP"]["/N"].get_object())
    return "\n".join(found)


# --- signing -------------------------------------------------------------------------------------


def test_a_signed_result_is_recorded_with_its_hash_and_signer(signed, agency):
    document, data = signed

    assert data.startswith(b"%PDF-")
    assert document.sha256 == __import__("hashlib").sha256(data).hexdigest()
    assert document.size == len(data)
    assert len(document.token) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", document.token)
    assert document.kind == "result" and document.agency == agency
    assert document.reference == "H46.01-251105-0001"
    assert abs(document.signed_at - timezone.now()) < dt.timedelta(minutes=1)
    agency_cert = keys.dev_agency_credentials(agency)
    assert document.signer_fingerprint_sha256 == agency_cert.fingerprint_sha256
    assert document.signer_serial == format(agency_cert.certificate.serial_number, "x")
    assert agency.code in document.signer_subject
    year = timezone.localtime(document.signed_at).year
    assert document.file.name == f"signed/{year}/{document.token}.pdf"
    with default_storage.open(document.file.name) as stored:
        assert stored.read() == data
    event = AuditEvent.objects.get(action="signing.document_sign")
    assert event.target_id == str(document.pk)
    assert event.changes["sha256"] == document.sha256


def test_pyhanko_validates_the_signature_independently(signed):
    _, data = signed
    reader = PdfFileReader(BytesIO(data))
    (embedded,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[dev_ca_asn1()], allow_fetching=False)

    status = validate_pdf_signature(embedded, context)

    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert embedded.sig_object["/Location"] == "Việt Nam"
    assert embedded.sig_object["/Reason"].startswith("Ký số giấy tờ kết quả")
    assert embedded.sig_object["/M"]  # the signing time (PAdES keeps it out of the CMS)


def test_the_stamp_is_on_the_last_page_with_the_qr_link_and_vietnamese_text(signed, agency):
    document, data = signed
    url = f"https://dichvucong.example.vn/xac-thuc/{document.token}/"

    page, widget = stamp_annotation(data)
    assert page == 1  # the second and last page
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    assert x1 - x0 > 100 and y1 - y0 > 30

    reader = PdfFileReader(BytesIO(data))
    last = list(reader.root["/Pages"]["/Kids"])[-1].get_object()
    links = [
        a.get_object()["/A"]["/URI"]
        for a in last["/Annots"]
        if a.get_object().get("/Subtype") == "/Link"
    ]
    assert url in links

    text = appearance_text(widget)
    assert f"Ký bởi: {agency.name}" in text
    assert "Thời gian ký:" in text
    assert f"dichvucong.example.vn/xac-thuc/\n{document.token}/" in text
    fonts = [
        font.get_object()["/BaseFont"]
        for xobject in widget["/AP"]["/N"].get_object()["/Resources"].get("/XObject", {}).values()
        for font in xobject.get_object().get("/Resources", {}).get("/Font", {}).values()
    ] or [
        font.get_object()["/BaseFont"]
        for font in widget["/AP"]["/N"].get_object()["/Resources"]["/Font"].values()
    ]
    assert any("DejaVuSans" in str(name) for name in fonts)


def test_each_kind_gives_its_reason(agency, result_pdf):
    _, data = services.signed_document_create(
        pdf=result_pdf, agency=agency, title="Bản sao giấy khai sinh", kind="ecopy"
    )
    (embedded,) = PdfFileReader(BytesIO(data)).embedded_signatures
    assert embedded.sig_object["/Reason"] == "Chứng thực bản sao điện tử từ bản chính"


def test_an_already_signed_pdf_can_be_signed_again(signed, agency):
    _, data = signed
    document, twice = services.signed_document_create(
        pdf=data, agency=agency, title="Ký lần hai", kind="form"
    )
    report = pdf_verify(twice)
    assert report.valid and report.signature_count == 2
    assert report.document == document


def test_input_that_is_not_a_pdf_is_refused(agency):
    with pytest.raises(InvalidInputError):
        services.signed_document_create(pdf=b"hello", agency=agency, title="x", kind="result")
    with pytest.raises(InvalidInputError):
        services.signed_document_create(
            pdf=b"%PDF-1.7\n garbage", agency=agency, title="x", kind="result"
        )
    assert not SignedDocument.objects.exists()


@pytest.mark.parametrize(
    ("title", "kind", "reference"),
    [("", "result", ""), ("x", "decision", ""), ("x", "result", "R" * 101)],
)
def test_bad_fields_are_refused(agency, result_pdf, title, kind, reference):
    with pytest.raises(InvalidInputError):
        services.signed_document_create(
            pdf=result_pdf, agency=agency, title=title, kind=kind, reference=reference
        )


def test_a_failing_signer_makes_no_record(monkeypatch, agency, result_pdf):
    def broken(**kwargs):
        raise RuntimeError("token removed")

    monkeypatch.setattr(pdf_signing, "pdf_sign", broken)
    with pytest.raises(SigningFailedError) as failed:
        services.signed_document_create(pdf=result_pdf, agency=agency, title="x", kind="result")
    assert failed.value.code == "signing_failed"
    assert str(failed.value) == "The document could not be signed."
    assert not SignedDocument.objects.exists()


def test_a_signature_that_does_not_verify_makes_no_record(monkeypatch, agency, result_pdf):
    monkeypatch.setattr(services, "pdf_verify", lambda data: pdf_verify(data[:-200]))
    with pytest.raises(SigningFailedError):
        services.signed_document_create(pdf=result_pdf, agency=agency, title="x", kind="result")
    assert not SignedDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="signing.document_sign").exists()


def test_revoking_marks_the_document_and_is_audited(signed):
    document, _ = signed
    revoked = services.signed_document_revoke(document=document, reason="Cấp lại do sai tên")
    assert revoked.is_revoked and revoked.revoke_reason == "Cấp lại do sai tên"
    assert AuditEvent.objects.filter(action="signing.document_revoke").count() == 1
    with pytest.raises(InvalidInputError):
        services.signed_document_revoke(document=document, reason="again")
    with pytest.raises(InvalidInputError):
        services.signed_document_revoke(document=document, reason=" ")


# --- verification --------------------------------------------------------------------------------


def test_the_genuine_file_verifies_and_finds_its_record(signed, agency):
    document, data = signed
    report = pdf_verify(data)
    assert report.valid and report.intact and report.trusted and report.covers_whole_document
    assert report.modification_level == "none"
    assert report.signer_organisation == agency.name
    assert report.signer_name.startswith("Trung tâm")
    assert report.signed_at == document.signed_at
    assert report.document == document
    assert report.revocation_checked is False
    assert any("Revocation" in message for message in report.messages)
    assert any("development CA" in message for message in report.messages)


def test_a_flipped_byte_is_detected(signed):
    _, data = signed
    flipped = bytearray(data)
    position = len(data) // 4  # inside the original document, covered by the signature
    flipped[position] ^= 0x01
    report = pdf_verify(bytes(flipped))
    assert not report.valid
    assert not report.intact
    assert report.document is None


def test_an_incremental_update_after_signing_is_a_modification(signed):
    _, data = signed
    writer = IncrementalPdfFileWriter(BytesIO(data))
    TextStamp(writer, TextStampStyle(stamp_text="ĐÃ SỬA")).apply(0, 50, 50)
    output = BytesIO()
    writer.write(output)

    report = pdf_verify(output.getvalue())

    assert report.intact and report.trusted
    assert not report.covers_whole_document
    assert report.modification_level == "other"
    assert not report.valid
    assert any("added to the document after it was signed" in m for m in report.messages)


def test_a_signature_from_an_unknown_ca_is_not_trusted(result_pdf, foreign_pki):
    signer = signers.SimpleSigner.load_pkcs12_data(foreign_pki.pkcs12(None), other_certs=())
    data = pdf_sign(
        pdf=result_pdf,
        signer=signer,
        field_name="other",
        verification_url="https://example.org/x/",
        agency_name="Sở Tư pháp",
        reason="Thử",
    )
    report = pdf_verify(data)
    assert report.intact and report.covers_whole_document
    assert not report.trusted and not report.valid
    assert report.signer_organisation == "Sở Tư pháp (khóa riêng)"
    assert any("not issued by an authority this portal trusts" in m for m in report.messages)


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"hello world",
        b"\x00" * 4096,
        b"%PDF-1.7\n%%EOF",
        b"%PDF-1.4\n" + bytes(range(256)) * 8,
    ],
)
def test_garbage_gives_an_invalid_report_not_an_exception(garbage):
    report = pdf_verify(garbage)
    assert not report.valid and not report.signed
    assert report.messages
    assert report.is_pdf == garbage.startswith(b"%PDF")


def test_a_truncated_signed_file_is_invalid(signed):
    _, data = signed
    for cut in (len(data) // 2, len(data) - 100):
        report = pdf_verify(data[:cut])
        assert not report.valid


def test_an_unsigned_pdf_says_it_has_no_signature(result_pdf):
    report = pdf_verify(result_pdf)
    assert report.is_pdf and not report.signed and not report.valid
    assert report.messages == ("The PDF document has no digital signature.",)


# --- the stamp's font ----------------------------------------------------------------------------


def test_the_stamp_font_falls_back_to_courier_without_accents(tmp_path):
    assert isinstance(font_factory(), TrueTypeFontFactory)
    assert isinstance(font_factory(tmp_path / "missing.ttf"), AsciiCourierFactory)
    assert ascii_fold("Thừa Thiên Huế — Đà Nẵng") == "Thua Thien Hue  Da Nang"


def test_signing_still_works_with_the_fallback_font(monkeypatch, result_pdf, signed):
    from congso.signing import pdf_signing

    monkeypatch.setattr(pdf_signing, "stamp_font_factory", AsciiCourierFactory)
    signer = keys.agency_signer(signed[0].agency)
    data = pdf_sign(
        pdf=result_pdf,
        signer=signer,
        field_name="fallback",
        verification_url="https://example.org/x/",
        agency_name="Ủy ban nhân dân",
        reason="Thử",
    )
    assert pdf_verify(data).valid
    _, widget = stamp_annotation(data)
    assert (
        b"Uy ban nhan dan"
        in b"".join(
            x.get_object().data
            for x in widget["/AP"]["/N"].get_object()["/Resources"]["/XObject"].values()
        )
        + widget["/AP"]["/N"].get_object().data
    )


def test_a_plain_single_page_pdf_gets_the_stamp_on_its_only_page(agency):
    _, data = services.signed_document_create(
        pdf=html_pdf("<p>Một trang</p>"), agency=agency, title="Biểu mẫu", kind="form"
    )
    assert stamp_annotation(data)[0] == 0
