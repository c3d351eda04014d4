# SPDX-License-Identifier: MIT
"""Public verification pages: anyone with a document's QR code, or a PDF, can check it.

The pages show what the agency published about a document (title, agency, reference,
signing details, revocation), never the document or other personal data.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .forms import PdfUploadForm, max_upload_bytes
from .models import SignedDocument
from .selectors import signed_document_get_by_token
from .verification import VerificationReport, pdf_verify

GENUINE = "genuine"
OTHER_DOCUMENT = "other_document"
ALTERED = "altered"

# Room for the multipart envelope around the file.
ENVELOPE_BYTES = 64 * 1024


@never_cache
@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    """Upload any PDF and see whether its signature is valid and whose it is."""
    upload = _handle_upload(request)
    context = {"upload": upload, "form": upload.form, "report": upload.report}
    return _page(request, "signing/verify_upload.html", context, upload.status)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The page a document's QR code opens, with a form to compare a file against it."""
    document = signed_document_get_by_token(token=token)
    if document is None:
        return _page(request, "signing/not_found.html", {}, 404)
    upload = _handle_upload(request)
    report = upload.report
    context = {
        "document": document,
        "upload": upload,
        "form": upload.form,
        "report": report,
        "outcome": _outcome(document, report) if report is not None else "",
    }
    return _page(request, "signing/verify.html", context, upload.status)


class Upload(NamedTuple):
    """What came of a POST: the bound form, the report if the file was checked."""

    form: PdfUploadForm
    report: VerificationReport | None = None
    status: int = 200
    error: str = ""


def _handle_upload(request: HttpRequest) -> Upload:
    if request.method != "POST":
        return Upload(PdfUploadForm())
    limit = max_upload_bytes()
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit + ENVELOPE_BYTES:
        # Refused without verifying. The reverse proxy must cap request bodies too: the
        # CSRF check has already read this one (into a temporary file) by now.
        message = _("The file is larger than %(size)s MB.") % {"size": limit // (1024 * 1024)}
        return Upload(PdfUploadForm(), status=413, error=message)
    form = PdfUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return Upload(form, status=400)
    return Upload(form, report=pdf_verify(form.cleaned_data["file"]))


def _outcome(document: SignedDocument, report: VerificationReport) -> str:
    """Same bytes as issued: genuine. Else a valid signature means another document."""
    if report.sha256 == document.sha256:
        return GENUINE
    if report.valid:
        return OTHER_DOCUMENT
    return ALTERED


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int
) -> HttpResponse:
    context["max_mb"] = max_upload_bytes() // (1024 * 1024)
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
