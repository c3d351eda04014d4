# SPDX-License-Identifier: MIT
"""What every form shares: the versions in force by date, the wording, rendering to PDF.

Two legal generations coexist (DOMAIN §1.6): the forms of Circular 01/2018/TT-VPCP for
events before 1 July 2025 and those of Circular 03/2025/TT-VPCP from that day. A form is
chosen by the date of the event it records, so an old dossier reprints as it was issued.
Forms are keyed by purpose, not number: the numbering differs between the generations.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any, NamedTuple
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congso.core.exceptions import DomainError
from congso.core.models import Agency
from congso.workflow.states import DossierState as S

from ..models import Dossier, SupplementStage

FIRST_GENERATION_FROM = dt.date(2018, 11, 23)
SECOND_GENERATION_FROM = dt.date(2025, 7, 1)
BASIS_2018 = "Thông tư 01/2018/TT-VPCP"
BASIS_2025 = "Thông tư 03/2025/TT-VPCP"


class FormVersion(NamedTuple):
    first_day: dt.date
    template: str
    basis: str
    number: str


def _form(purpose: str, generation: int, number: str) -> FormVersion:
    if generation == 2018:
        return FormVersion(FIRST_GENERATION_FROM, _template(purpose, 2018), BASIS_2018, number)
    return FormVersion(SECOND_GENERATION_FROM, _template(purpose, 2025), BASIS_2025, number)


def _template(purpose: str, generation: int) -> str:
    return f"dossiers/forms/{purpose}_{generation}.html"


# Purpose → versions, oldest first; the newest version not after the event wins. Keyed by
# purpose because the numbers differ: in 2025 Mẫu 04 became "Văn bản xin lỗi và đề nghị gia
# hạn thời gian giải quyết", Mẫu 05 is the new stop notice, so the control slip and the
# register moved from 05/06 to 06/07.
FORM_TEMPLATES: dict[str, list[FormVersion]] = {
    "receipt": [_form("receipt", 2018, "01"), _form("receipt", 2025, "01")],
    "supplement_request": [
        _form("supplement_request", 2018, "02"),
        _form("supplement_request", 2025, "02"),
    ],
    "refusal": [_form("refusal", 2018, "03"), _form("refusal", 2025, "03")],
    "apology": [_form("apology", 2018, "04"), _form("apology", 2025, "04")],
    "stop_notice": [_form("stop_notice", 2025, "05")],
    "control_slip": [_form("control_slip", 2018, "05"), _form("control_slip", 2025, "06")],
    "register": [_form("register", 2018, "06"), _form("register", 2025, "07")],
}
# The official names (of the newest version), for messages.
FORM_TITLES = {
    "receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "supplement_request": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "apology": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "stop_notice": "Thông báo dừng giải quyết hồ sơ",
    "control_slip": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "register": "Sổ theo dõi hồ sơ",
}
# Form numbers that mean the same form in both generations, kept for older callers.
_FORM_NUMBERS = {"01": "receipt", "02": "supplement_request", "03": "refusal"}

# How the forms name a dossier's state (the national portal's wording, DOMAIN §6.2).
STATE_WORDING: dict[str, str] = {
    S.DRAFT: "Chưa nộp",
    S.AWAITING_RECEPTION: "Chờ tiếp nhận",
    S.REFUSED: "Từ chối tiếp nhận",
    S.ACCEPTED: "Đã tiếp nhận",
    S.PROCESSING: "Đang xử lý",
    S.AWAITING_SUPPLEMENT: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    S.AWAITING_PAYMENT: "Chờ thực hiện nghĩa vụ tài chính",
    S.STOPPED: "Dừng giải quyết",
    S.WITHDRAWN: "Tổ chức, cá nhân rút hồ sơ",
    S.PROCESSED: "Đã xử lý xong",
    S.RETURNED: "Đã trả kết quả",
}
STAGE_WORDING = {
    SupplementStage.RECEPTION: "Tiếp nhận hồ sơ",
    SupplementStage.APPRAISAL: "Thẩm định, giải quyết hồ sơ",
}


class FormError(DomainError, ValueError):
    """A form cannot be produced from what was given."""

    code = "form_not_available"
    http_status = 409


class FormNotInForceError(FormError):
    """The form did not exist on the date of the event (e.g. a stop notice before 2025)."""

    code = "form_not_in_force"


def form_for(purpose: str, on: dt.date) -> FormVersion:
    """The version of the form for `purpose` in force on `on`."""
    chosen = None
    key = _FORM_NUMBERS.get(purpose, purpose)
    for version in FORM_TEMPLATES[key]:
        if version.first_day <= on:
            chosen = version
    if chosen is None:
        raise FormNotInForceError(
            _("There was no form “%(form)s” on %(day)s: it is in force from %(first)s.")
            % {
                "form": FORM_TITLES.get(key, key),
                "day": on.strftime("%d/%m/%Y"),
                "first": FORM_TEMPLATES[key][0].first_day.strftime("%d/%m/%Y"),
            }
        )
    return chosen


def form_template_for(form: str, on: dt.date) -> tuple[str, str]:
    """The template and legal basis of `form` (a purpose, or "01") in force on `on`."""
    version = form_for(form, on)
    return version.template, version.basis


def vietnamese_moment(moment: dt.datetime | None) -> str:
    """'08 giờ 30 phút, ngày 05 tháng 11 năm 2025', as the forms write times."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, {vietnamese_date(local)}"


def vietnamese_date(day: dt.date | dt.datetime | None) -> str:
    """'ngày 05 tháng 11 năm 2025', as the forms write dates (local date of a moment)."""
    if day is None:
        return ""
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}"


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


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def person_name(user: Any) -> str:
    """An officer as the forms name them: full name, else user name."""
    if user is None:
        return ""
    return getattr(user, "full_name", "") or user.get_username()


def form_pdf(purpose: str, on: dt.date, agency: Agency, context: dict[str, Any]) -> bytes:
    """Render the version of `purpose` in force on `on`, headed by `agency`, to PDF."""
    from weasyprint import HTML

    form = form_for(purpose, on)
    parent = agency.parent
    with translation.override("vi"):
        html = render_to_string(
            form.template,
            {
                "form": form,
                "basis": form.basis,
                "agency": agency,
                "parent_name": parent.name if parent else "",
                "place_date": f"{agency.unit.name}, {vietnamese_date(on)}",
                **context,
            },
        )
    return HTML(string=html).write_pdf()
