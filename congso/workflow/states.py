# SPDX-License-Identifier: MIT
"""The states of a dossier (DOMAIN §1.2) and the national portal's status codes (§6.2).

The mapping to national codes here is the default; the national-sync app keeps an
administrator-editable copy, as OpenCPS does with its DossierStatusMapping table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Draft (not submitted)")
    AWAITING_RECEPTION = "awaiting_reception", _("Awaiting reception")
    REFUSED = "refused", _("Not accepted")
    ACCEPTED = "accepted", _("Accepted")
    PROCESSING = "processing", _("Being processed")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Waiting for the applicant to complete it")
    AWAITING_PAYMENT = "awaiting_payment", _("Waiting for fees to be paid")
    STOPPED = "stopped", _("Stopped")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    PROCESSED = "processed", _("Result ready")
    RETURNED = "returned", _("Result returned")


S = DossierState

NATIONAL_STATUS: dict[DossierState, int | None] = {
    S.DRAFT: None,  # never sent to the national portal
    S.AWAITING_RECEPTION: 1,  # Mới đăng ký
    S.ACCEPTED: 2,  # Được tiếp nhận
    S.REFUSED: 3,  # Không được tiếp nhận
    S.PROCESSING: 4,  # Đang xử lý
    S.AWAITING_SUPPLEMENT: 5,  # Yêu cầu bổ sung giấy tờ
    S.AWAITING_PAYMENT: 6,  # Yêu cầu thực hiện nghĩa vụ tài chính
    S.WITHDRAWN: 7,  # Công dân yêu cầu rút hồ sơ
    S.STOPPED: 8,  # Dừng xử lý
    S.PROCESSED: 9,  # Đã xử lý xong
    S.RETURNED: 10,  # Đã trả kết quả
}

# Where the processing clock stands in each state (DOMAIN §1.3).
CLOCK_RUNNING = frozenset({S.ACCEPTED, S.PROCESSING})
CLOCK_PAUSED = frozenset({S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT})
TERMINAL = frozenset({S.REFUSED, S.STOPPED, S.WITHDRAWN, S.RETURNED})
# The first of these ends the dossier for the on-time indicator (Decision 766, 2.1).
PROCESSING_ENDED = frozenset({S.PROCESSED, S.RETURNED, S.STOPPED, S.REFUSED, S.WITHDRAWN})
