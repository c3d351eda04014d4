# SPDX-License-Identifier: MIT
"""Wording: every event in both languages, SMS segments and diacritics, admin overrides."""

from __future__ import annotations

import pytest

from congso.core.text import has_marks
from congso.notify.events import NotificationEvent
from congso.notify.models import MessageTemplateOverride
from congso.notify.rendering import (
    file_parts,
    message_render,
    sms_fit,
    sms_segments,
    template_errors,
)

CONTEXT = {
    "name": "Nguyễn Thị Hoa",
    "code": "000.00.01.H46-251103-0001",
    "procedure": "Đăng ký khai sinh",
    "state": "Đã tiếp nhận",
    "due": "09:00 06/11/2025",
    "old_due": "09:00 05/11/2025",
    "note": "Ghi chú cho người nộp",
    "reason": "Cần xác minh thêm",
    "basis": "Điều 17 Nghị định 61/2018",
    "tracking_url": "https://dichvucong.example.vn/tra-cuu-ho-so/?ma=X&pin=1",
    "amount": "50.000 đ",
    "payment_url": "https://dichvucong.example.vn/thanh-toan/1/",
    "receipt_number": "BL-0001",
    "paid_at": "10:00 04/11/2025",
    "report_code": "PA-2025-0042",
    "title": "Đèn đường hỏng",
    "answer": "Đã sửa xong.",
    "report_url": "https://dichvucong.example.vn/phan-anh/42/",
    "agency": "Sở Xây dựng",
    "status": "Đang xử lý",
    "manage_url": "https://dichvucong.example.vn/phan-anh/42/theo-doi/private-key/",
    "officer_url": "https://dichvucong.example.vn/can-bo/phan-anh/42/",
    "step": "Thẩm định",
    "holder": "chuyenvien1",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("event", NotificationEvent.values)
def test_every_event_renders_in_both_languages(event, language):
    rendered = message_render(event=event, language=language, context=CONTEXT)
    assert rendered.source == f"file:{language}/{event}"
    assert rendered.email_subject and "\n" not in rendered.email_subject
    assert rendered.email_body.strip() and rendered.sms
    assert rendered.zns and all(rendered.zns.values())
    code_or_report = CONTEXT["report_code"] if "report" in event else CONTEXT["code"]
    assert code_or_report in rendered.email_subject + rendered.email_body
    assert code_or_report in rendered.sms
    assert "{{" not in rendered.email_body + rendered.sms and "{%" not in rendered.email_body
    skeleton = file_parts(event, language)
    wording = " ".join(skeleton[part] for part in ("email_subject", "email_body", "sms"))
    # The Vietnamese files are written with their tone marks; the English ones have none.
    assert has_marks(wording) is (language == "vi")


@pytest.mark.django_db
def test_sms_loses_its_diacritics_unless_the_gateway_takes_unicode():
    rendered = message_render(event="accepted", language="vi", context=CONTEXT)
    plain = sms_fit(rendered.sms, unicode=False, max_segments=2)
    assert plain.startswith("Ho so 000.00.01.H46-251103-0001 da duoc tiep nhan.")
    assert not has_marks(plain)
    assert sms_fit(rendered.sms, unicode=True, max_segments=3).startswith("Hồ sơ")


def test_segments_follow_the_160_and_70_character_rules():
    assert sms_segments("a" * 160) == 1
    assert sms_segments("a" * 161) == 2  # 153 a part once split
    assert sms_segments("a" * 306) == 2 and sms_segments("a" * 307) == 3
    assert sms_segments("ơ" * 70) == 1  # not GSM 7-bit: UCS-2
    assert sms_segments("ơ" * 71) == 2
    assert sms_segments("{" * 80) == 1 and sms_segments("{" * 81) == 2  # escaped: two septets


def test_a_long_sms_is_cut_to_the_allowed_segments():
    text = "Hồ sơ của Ông/Bà " * 40
    cut = sms_fit(text, unicode=False, max_segments=1)
    assert len(cut) <= 160 and cut.endswith("...")
    cut_unicode = sms_fit(text, unicode=True, max_segments=2)
    assert sms_segments(cut_unicode) == 2 and cut_unicode.endswith("...")
    assert sms_fit("“Dấu” – ngoặc…", unicode=False) == '"Dau" - ngoac...'


@pytest.mark.django_db
def test_an_admin_override_replaces_the_parts_it_fills():
    row = MessageTemplateOverride.objects.create(
        event="accepted", language="vi", email_subject="[UBND] Hồ sơ {{ code }} đã nhận"
    )
    rendered = message_render(event="accepted", language="vi", context=CONTEXT)
    assert rendered.email_subject == "[UBND] Hồ sơ 000.00.01.H46-251103-0001 đã nhận"
    assert rendered.source == f"override:{row.pk}"
    assert "Ngày hẹn trả kết quả: 09:00 06/11/2025" in rendered.email_body  # from the file
    english = message_render(event="accepted", language="en", context=CONTEXT)
    assert english.email_subject.startswith("Dossier ")  # the override is per language
    row.is_active = False
    row.save()
    assert message_render(event="accepted", language="vi", context=CONTEXT).source.startswith(
        "file:"
    )


@pytest.mark.django_db
def test_a_broken_override_is_refused_by_the_admin_and_ignored_when_sending():
    from django.core.exceptions import ValidationError

    row = MessageTemplateOverride(event="refused", language="vi", sms="Hồ sơ {% if %}")
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert "sms" in excinfo.value.message_dict
    assert template_errors({"sms": "{{ code }}", "zns": ""}) == {}
    row.save()  # written around the admin form, e.g. by a script
    rendered = message_render(event="refused", language="vi", context=CONTEXT)
    assert rendered.sms.startswith("Hồ sơ 000.00.01.H46-251103-0001 không được tiếp nhận")


def test_an_unknown_event_is_refused():
    with pytest.raises(ValueError):
        message_render(event="party", language="vi", context={})


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_private_link_of_a_field_report_fits_an_sms_uncut(language):
    link = "https://dichvucong.thuathienhue.gov.vn/en/phan-anh/1234567/theo-doi/" + "k" * 32 + "/"
    context = {**CONTEXT, "report_code": "#1234567", "manage_url": link}
    rendered = message_render(event="field_report_received", language=language, context=context)
    text = sms_fit(rendered.sms, unicode=False, max_segments=2)
    assert text.endswith(link) and sms_segments(text) <= 2
    assert link in rendered.email_body
