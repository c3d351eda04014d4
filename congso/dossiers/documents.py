# SPDX-License-Identifier: MIT
"""The forms a dossier produces, as PDF (WeasyPrint), from versioned templates.

Two legal generations coexist (DOMAIN §1.6): the forms of Circular 01/2018/TT-VPCP for
events before 1 July 2025 and those of Circular 03/2025/TT-VPCP from that day. A form is
chosen by the date of the event it records, so an old dossier reprints as it was issued.
Text is set in DejaVu Sans, which has every Vietnamese glyph; set-up installs it.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Dossier

SECOND_GENERATION_FROM = dt.date(2025, 7, 1)

# (form number, first day in force) → template. The newest entry not after the event wins.
FORM_TEMPLATES: dict[str, list[tuple[dt.date, str, str]]] = {
    "01": [
        (dt.date(2018, 11, 23), "dossiers/forms/receipt_2018.html", "Thông tư 01/2018/TT-VPCP"),
        (SECOND_GENERATION_FROM, "dossiers/forms/receipt_2025.html", "Thông tư 03/2025/TT-VPCP"),
    ],
}


def form_template_for(form: str, on: dt.date) -> tuple[str, str]:
    """The template and legal basis of `form` in force on `on`."""
    chosen = None
    for first_day, template, basis in FORM_TEMPLATES[form]:
        if first_day <= on:
            chosen = (template, basis)
    if chosen is None:
        raise ValueError(f"no form {form} in force on {on}")
    return chosen


def vietnamese_moment(moment: dt.datetime | None) -> str:
    """'08 giờ 30 phút, ngày 05 tháng 11 năm 2025', as the forms write times."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def tracking_url(dossier: Dossier) -> str:
    base = settings.CONGSO_PUBLIC_BASE_URL.rstrip("/")
    with translation.override("vi"):
        path = reverse("portal:dossier_tracking")
    return f"{base}{path}?{urlencode({'ma': dossier.code, 'pin': dossier.pin})}"


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=1)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def receipt_pdf(dossier: Dossier) -> bytes:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, for an accepted dossier."""
    from weasyprint import HTML

    if dossier.accepted_at is None:
        raise ValueError("only an accepted dossier has a receipt")
    template, basis = form_template_for("01", timezone.localtime(dossier.accepted_at).date())
    channels = {c["kind"]: c for c in dossier.procedure_version.data.get("channels", [])}
    channel = channels.get(dossier.channel) or channels.get("direct") or {}
    url = tracking_url(dossier)
    with translation.override("vi"):
        html = render_to_string(
            template,
            {
                "dossier": dossier,
                "basis": basis,
                "procedure": dossier.procedure_version.data,
                "documents": dossier.procedure_version.data.get("documents", []),
                "channel": channel,
                "received_text": vietnamese_moment(dossier.accepted_at),
                "due_text": vietnamese_moment(dossier.due_at),
                "tracking_url": url,
                "qr_svg": qr_svg(url),
            },
        )
    return HTML(string=html).write_pdf()
