# SPDX-License-Identifier: MIT
"""The upload form of the verification pages: only the shape of the file is checked here."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .sniff import looks_like_pdf

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "CONGSO_SIGNING_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


class PdfUploadForm(forms.Form):
    file = forms.FileField(label=_("PDF file"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": limit // (1024 * 1024)}
            )
        data = upload.read(limit + 1)
        if not looks_like_pdf(data):
            raise forms.ValidationError(_("The file is not a PDF document."))
        return data
