# SPDX-License-Identifier: MIT
"""Demo data: an example wording override, switched off, that administrators can try."""

from __future__ import annotations

from typing import TextIO

from django.db import transaction

from .models import MessageTemplateOverride

DEMO_SUBJECT = "[DEMO] Hồ sơ {{ code }}: {{ state }}"


@transaction.atomic
def load_demo_data(stdout: TextIO) -> None:
    """Idempotent. The override is inactive: switch it on in the admin to see it used."""
    _row, created = MessageTemplateOverride.objects.get_or_create(
        event="received",
        language="vi",
        defaults={
            "email_subject": DEMO_SUBJECT,
            "sms": "[DEMO] Hồ sơ {{ code }} đã được ghi nhận. Tra cứu: {{ tracking_url }}",
            "is_active": False,
        },
    )
    stdout.write(
        "Thông báo (demo): mẫu nội dung thay thế "
        + ("đã tạo (đang tắt)" if created else "đã có, giữ nguyên")
        + "\n"
    )
