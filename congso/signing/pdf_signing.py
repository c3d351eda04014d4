# SPDX-License-Identifier: MIT
"""Putting a PAdES signature with a visible stamp into a PDF (pyHanko); no database here.

The signature is PAdES baseline B-B: subfilter ETSI.CAdES.detached, SHA-256, the signing
time in the signature dictionary (/M), a reason and a location. The stamp sits in the
bottom right corner of the last page and shows the agency, the signing time and a QR
code with the public verification address; pyHanko also puts a link annotation on it.
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.rw_common import find_inherited_value_in_tree
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import QRStampStyle

from congso.core.exceptions import InvalidInputError

from .fonts import stamp_font_factory
from .sniff import looks_like_pdf

# The stamp prints on the document itself, so it speaks the document's language
# (Vietnamese), whatever language the officer's screen is in.
# The address is split before the token, so the text stays large enough to read on paper.
STAMP_TEXT = "Ký bởi: %(agency)s\nThời gian ký: %(ts)s\nKiểm tra tại: %(url_head)s\n%(url_tail)s"
STAMP_TIME_FORMAT = "%H:%M:%S %d/%m/%Y (UTC%z)"
STAMP_WIDTH = 310
STAMP_HEIGHT = 68
STAMP_MARGIN = 18
LOCATION = "Việt Nam"


def stamp_style() -> QRStampStyle:
    return QRStampStyle(
        stamp_text=STAMP_TEXT,
        timestamp_format=STAMP_TIME_FORMAT,
        text_box_style=TextBoxStyle(font=stamp_font_factory(), font_size=8, leading=10),
        border_width=1,
        background=None,
    )


def pdf_sign(
    *,
    pdf: bytes,
    signer: signers.Signer,
    field_name: str,
    verification_url: str,
    agency_name: str,
    reason: str,
) -> bytes:
    """`pdf` with one more signature, appended as an incremental update.

    The signature field is made first and a link annotation over the QR code after it, so
    the link lies on top and a tap on the code opens the verification page. Raises
    InvalidInputError for bytes that are not a readable, unencrypted PDF; errors of the
    key or of pyHanko itself propagate to the caller.
    """
    writer = _open(pdf)
    box = _stamp_box(writer)
    fields.append_signature_field(
        writer, fields.SigFieldSpec(sig_field_name=field_name, on_page=-1, box=box)
    )
    _add_link(writer, box, verification_url)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=LOCATION,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=stamp_style())
    head, tail = _split_url(verification_url)
    output = pdf_signer.sign_pdf(
        writer,
        existing_fields_only=True,
        appearance_text_params={
            "url": verification_url,
            "url_head": head,
            "url_tail": tail,
            "agency": agency_name,
        },
        output=BytesIO(),
    )
    return output.getvalue()


def _split_url(url: str) -> tuple[str, str]:
    """'https://host/xac-thuc/TOKEN/' → ('host/xac-thuc/', 'TOKEN/')."""
    bare = url.split("://", 1)[-1]
    cut = bare.rstrip("/").rfind("/") + 1
    return bare[:cut], bare[cut:]


def _add_link(writer: IncrementalPdfFileWriter, box: tuple[int, int, int, int], url: str) -> None:
    """A link over the QR code, the square at the left end of the stamp."""
    x0, y0, _x1, y1 = box
    link = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Link"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                generic.FloatObject(value) for value in (x0, y0, x0 + (y1 - y0), y1)
            ),
            generic.NameObject("/Border"): generic.ArrayObject(
                generic.NumberObject(0) for _ in range(3)
            ),
            generic.NameObject("/A"): generic.DictionaryObject(
                {
                    generic.NameObject("/S"): generic.NameObject("/URI"),
                    generic.NameObject("/URI"): generic.pdf_string(url),
                }
            ),
        }
    )
    page_ref, _resources = writer.find_page_for_modification(-1)
    writer.register_annotation(page_ref, writer.add_object(link))


def _open(pdf: bytes) -> IncrementalPdfFileWriter:
    if not looks_like_pdf(pdf):
        raise InvalidInputError(_("The file is not a PDF document."))
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        encrypted = writer.prev.encrypted
        writer.find_page_for_modification(-1)
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as error:
        raise InvalidInputError(_("The PDF document cannot be read.")) from error
    if encrypted:
        raise InvalidInputError(_("An encrypted PDF document cannot be signed."))
    return writer


def _stamp_box(writer: IncrementalPdfFileWriter) -> tuple[int, int, int, int]:
    """Bottom right of the last page's visible area, inside a small margin."""
    page_ref, _resources = writer.find_page_for_modification(-1)
    page = page_ref.get_object()
    area = find_inherited_value_in_tree(page, "/CropBox", "/Parent") or (
        find_inherited_value_in_tree(page, "/MediaBox", "/Parent")
    )
    if not isinstance(area, generic.ArrayObject) or len(area) != 4:
        raise InvalidInputError(_("The last page of the PDF document has no size."))
    left, bottom, right, top = (float(value) for value in area)
    left, right = min(left, right), max(left, right)
    bottom, top = min(bottom, top), max(bottom, top)
    width = min(STAMP_WIDTH, right - left - 2 * STAMP_MARGIN)
    height = min(STAMP_HEIGHT, top - bottom - 2 * STAMP_MARGIN)
    if width < 60 or height < 20:
        raise InvalidInputError(_("The last page of the PDF document is too small to sign."))
    x1 = int(right - STAMP_MARGIN)
    y0 = int(bottom + STAMP_MARGIN)
    return (int(x1 - width), y0, x1, int(y0 + height))
