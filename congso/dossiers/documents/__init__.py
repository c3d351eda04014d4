# SPDX-License-Identifier: MIT
"""The one-stop forms a dossier produces, as PDF (WeasyPrint), from versioned templates.

Two legal generations coexist (DOMAIN §1.6): Circular 01/2018/TT-VPCP (Mẫu 01–06) for
events before 1 July 2025 and Circular 03/2025/TT-VPCP (Mẫu 01–07) from that day. A form
is chosen by the date of the event it records, so an old dossier reprints as it was issued.
The forms are legal documents in their official Vietnamese wording whatever the language
of the user; text is set in DejaVu Sans, which has every Vietnamese glyph.

- `base`: versions in force by date, wording, dates, rendering;
- `forms`: receipt, supplement request, refusal, apology, stop notice, control slip;
- `control_slip`: the hand-over rows of the control slip, from the dossier's history.
The register (Sổ theo dõi hồ sơ) is in `congso.dossiers.registers`.
"""

from .base import (
    BASIS_2018,
    BASIS_2025,
    FIRST_GENERATION_FROM,
    FORM_TEMPLATES,
    FORM_TITLES,
    SECOND_GENERATION_FROM,
    STAGE_WORDING,
    STATE_WORDING,
    FormError,
    FormNotInForceError,
    FormVersion,
    form_for,
    form_pdf,
    form_template_for,
    person_name,
    qr_svg,
    tracking_url,
    vietnamese_date,
    vietnamese_moment,
)
from .control_slip import EARLY, LATE, ON_TIME, ControlSlipRow, control_slip_rows, timeliness
from .forms import (
    apology_pdf,
    control_slip_pdf,
    receipt_pdf,
    refusal_pdf,
    stop_notice_pdf,
    supplement_request_pdf,
)

__all__ = [
    "BASIS_2018",
    "BASIS_2025",
    "EARLY",
    "FIRST_GENERATION_FROM",
    "FORM_TEMPLATES",
    "FORM_TITLES",
    "LATE",
    "ON_TIME",
    "SECOND_GENERATION_FROM",
    "STAGE_WORDING",
    "STATE_WORDING",
    "ControlSlipRow",
    "FormError",
    "FormNotInForceError",
    "FormVersion",
    "apology_pdf",
    "control_slip_pdf",
    "control_slip_rows",
    "form_for",
    "form_pdf",
    "form_template_for",
    "person_name",
    "qr_svg",
    "receipt_pdf",
    "refusal_pdf",
    "stop_notice_pdf",
    "supplement_request_pdf",
    "timeliness",
    "tracking_url",
    "vietnamese_date",
    "vietnamese_moment",
]
