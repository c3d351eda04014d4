# SPDX-License-Identifier: MIT
"""Creating, routing, handling, merging and moderating field reports (real database)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from congso.core.models import AuditEvent
from congso.feedback import services
from congso.feedback.exceptions import (
    FieldReportInvalidError,
    FieldReportNotAllowed,
    FieldReportTransitionNotAllowed,
    LocationOutsideAreaError,
)
from congso.feedback.masking import mask_personal_numbers
from congso.feedback.models import EventKind, FieldReport, FieldReportSupporter
from congso.feedback.signals import field_report_status_changed
from congso.feedback.states import ALLOWED, Status, open311_status

from .conftest import IN_A, IN_B, NEAR_C, OUTSIDE, make_report

pytestmark = pytest.mark.django_db


# --- routing -----------------------------------------------------------------------------------


def test_report_in_ward_a_goes_to_the_committee_of_ward_a(city):
    report, _key = make_report(city, point=IN_A)
    assert report.unit == city["wards"]["a"]
    assert report.agency == city["committees"]["a"]
    assert report.status == Status.ASSIGNED


def test_report_in_ward_b_goes_to_the_committee_of_ward_b(city):
    report, _key = make_report(city, point=IN_B)
    assert report.unit == city["wards"]["b"]
    assert report.agency == city["committees"]["b"]


def test_report_outside_every_polygon_goes_to_the_nearest_unit_centre(city):
    report, _key = make_report(city, point=NEAR_C)
    assert report.unit == city["wards"]["c"]
    assert report.agency == city["committees"]["c"]


def test_category_default_agency_wins_over_the_commune(city):
    report, _key = make_report(city, point=IN_B, category=city["pothole"], attributes={})
    assert report.unit == city["wards"]["b"]
    assert report.agency == city["roads"]


def test_route_for_category_and_commune_wins_over_the_default(city):
    from congso.feedback.models import CategoryRoute

    CategoryRoute.objects.create(
        category=city["pothole"], unit=city["wards"]["a"], agency=city["committees"]["a"]
    )
    report, _key = make_report(city, point=IN_A, category=city["pothole"], attributes={})
    assert report.agency == city["committees"]["a"]


def test_deadline_is_counted_in_working_hours(city):
    report, _key = make_report(city, category=city["pothole"], attributes={})
    assert report.due_at is not None
    assert report.due_at > report.created_at + timedelta(hours=7)


def test_point_outside_the_province_is_refused_and_nothing_is_written(city):
    with pytest.raises(LocationOutsideAreaError):
        make_report(city, point=OUTSIDE)
    assert FieldReport.objects.count() == 0


def test_missing_required_question_is_refused(city):
    with pytest.raises(FieldReportInvalidError) as info:
        make_report(city, attributes={})
    assert info.value.field == "attribute[loai]"


def test_answer_not_in_the_list_is_refused(city):
    with pytest.raises(FieldReportInvalidError):
        make_report(city, attributes={"loai": ["khong-co"]})


def test_description_of_4001_characters_is_refused(city):
    with pytest.raises(FieldReportInvalidError) as info:
        make_report(city, description="x" * 4001)
    assert info.value.field == "description"
    assert FieldReport.objects.count() == 0


def test_non_image_photo_leaves_no_report(city):
    from congso.files.exceptions import FileRejectedError

    with pytest.raises(FileRejectedError):
        make_report(city, photos=[(io.BytesIO(b"MZ\x90\x00 not a photo"), "photo.jpg")])
    assert FieldReport.objects.count() == 0


# --- publication -------------------------------------------------------------------------------


def test_phone_and_id_numbers_are_masked_in_public(city):
    report, _key = make_report(
        city, description="Gọi 0905 123 456 hoặc CCCD 046123456789, số nhà 12"
    )
    assert "0905" not in report.description_public
    assert "046123456789" not in report.description_public
    assert "số nhà 12" in report.description_public
    assert "0905 123 456" in report.description  # kept for the officers


def test_masking_leaves_short_numbers():
    assert (
        mask_personal_numbers("ngày 12/05/2025, 1.000.000 đồng")
        == "ngày 12/05/2025, 1.000.000 đồng"
    )


def test_creation_is_audited_with_the_channel(city):
    report, _key = make_report(city)
    event = AuditEvent.objects.get(action="feedback.create", target_id=str(report.pk))
    assert event.changes["channel"] == "web"
    assert event.changes["agency"] == city["committees"]["a"].pk


def test_reporter_gets_the_private_link_by_mail_after_commit(
    city, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report, key = make_report(city, email="dan@example.org")
    assert len(mail.outbox) == 1
    assert key in mail.outbox[0].body
    assert services.manage_key_valid(report, key)
    assert not services.manage_key_valid(report, key + "x")


# --- handling ----------------------------------------------------------------------------------


def test_open311_status_mapping():
    assert open311_status(Status.ANSWERED) == "open"
    assert open311_status(Status.REOPENED) == "open"
    assert open311_status(Status.CLOSED) == "closed"
    assert open311_status(Status.REJECTED) == "closed"
    assert ALLOWED[Status.CLOSED] == frozenset()


def test_full_path_answer_confirm_and_rate(city, django_capture_on_commit_callbacks):
    report, key = make_report(city, email="dan@example.org")
    received = []
    field_report_status_changed.connect(
        lambda **kw: received.append(kw["event"].to_status), weak=False
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.field_report_start(report=report, actor=city["officer_a"])
            services.field_report_answer(report=report, actor=city["officer_a"], answer="Đã dọn.")
            services.field_report_confirm(report=report, key=key)
            services.field_report_rate(report=report, key=key, rating=5)
    finally:
        field_report_status_changed.receivers.clear()
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.closed_at and report.rating == 5
    assert received == [Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED]
    kinds = list(report.events.values_list("kind", flat=True))
    assert kinds == ["received", "assigned", "status", "answered", "confirmed", "rated"]
    assert [m.to for m in mail.outbox] == [["dan@example.org"]] * 3  # one per status change


def test_not_fixed_reopens_with_a_new_deadline(city):
    report, key = make_report(city)
    services.field_report_answer(report=report, actor=city["officer_a"], answer="Đã dọn.")
    report.refresh_from_db()
    before = report.due_at
    services.field_report_reopen(report=report, key=key, reason="Vẫn còn rác")
    report.refresh_from_db()
    assert report.status == Status.REOPENED
    assert report.due_at >= before
    assert report.status_notes == "Vẫn còn rác"


def test_wrong_key_cannot_confirm(city):
    report, _key = make_report(city)
    services.field_report_answer(report=report, actor=city["officer_a"], answer="x")
    with pytest.raises(FieldReportNotAllowed):
        services.field_report_confirm(report=report, key="guess")


def test_officer_of_another_ward_cannot_answer(city):
    report, _key = make_report(city, point=IN_A)
    with pytest.raises(FieldReportNotAllowed):
        services.field_report_answer(report=report, actor=city["officer_b"], answer="x")
    report.refresh_from_db()
    assert report.status == Status.ASSIGNED


def test_cannot_close_before_an_answer(city):
    report, key = make_report(city)
    with pytest.raises(FieldReportTransitionNotAllowed):
        services.field_report_confirm(report=report, key=key)


def test_reassignment_needs_a_reason_and_is_recorded(city):
    report, _key = make_report(city, point=IN_A)
    with pytest.raises(FieldReportInvalidError):
        services.field_report_assign(report=report, agency=city["roads"], actor=city["coord"])
    services.field_report_assign(
        report=report, agency=city["roads"], actor=city["coord"], reason="Đường tỉnh"
    )
    report.refresh_from_db()
    assert report.agency == city["roads"]
    event = report.events.filter(kind=EventKind.ASSIGNED).last()
    assert event.internal_note == "Đường tỉnh"
    assert AuditEvent.objects.filter(action="feedback.assigned", target_id=str(report.pk)).exists()


def test_only_coordinators_reassign(city):
    report, _key = make_report(city, point=IN_A)
    with pytest.raises(FieldReportNotAllowed):
        services.field_report_assign(
            report=report, agency=city["roads"], actor=city["officer_a"], reason="x"
        )


def test_overdue_report_is_escalated_once_to_the_agency_head(
    city, django_capture_on_commit_callbacks
):
    report, _key = make_report(city, point=IN_A)
    later = report.due_at + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.field_report_escalate_overdue(now=later) == 1
        assert services.field_report_escalate_overdue(now=later) == 0
    report.refresh_from_db()
    assert report.escalated_at == later
    assert [m.to for m in mail.outbox] == [["head_a@example.org"]]
    from congso.feedback.selectors import field_report_counts_by_agency

    row = next(r for r in field_report_counts_by_agency() if r["agency_id"] == report.agency_id)
    assert row["overdue"] == 1


def test_late_answer_is_counted(city):
    report, _key = make_report(city)
    FieldReport.objects.filter(pk=report.pk).update(due_at=timezone.now() - timedelta(hours=1))
    services.field_report_answer(report=report, actor=city["officer_a"], answer="Muộn")
    report.refresh_from_db()
    assert report.answered_late is True


def test_scan_command_escalates(city):
    from django.core.management import call_command

    report, _key = make_report(city)
    FieldReport.objects.filter(pk=report.pk).update(due_at=timezone.now() - timedelta(hours=1))
    out = io.StringIO()
    call_command("field_report_deadline_scan", stdout=out)
    assert "1 field report(s) escalated" in out.getvalue()


def test_answered_report_left_without_reply_closes(city, settings):
    settings.CONGSO_FIELD_REPORT_AUTO_CLOSE_DAYS = 7
    report, _key = make_report(city)
    services.field_report_answer(report=report, actor=city["officer_a"], answer="Xong")
    assert services.field_report_auto_close(now=timezone.now() + timedelta(days=8)) == 1
    report.refresh_from_db()
    assert report.status == Status.CLOSED


# --- duplicates --------------------------------------------------------------------------------


def test_me_too_joins_once_per_email(city):
    report, _key = make_report(city)
    assert services.field_report_support(report=report, email="hang@example.org") is True
    assert services.field_report_support(report=report, email="hang@example.org") is False
    report.refresh_from_db()
    assert report.supporter_count == 1


def test_reporter_cannot_join_own_report(city):
    report, _key = make_report(city, email="dan@example.org")
    assert services.field_report_support(report=report, email="dan@example.org") is False


def test_closed_report_cannot_be_joined(city):
    report, _key = make_report(city)
    services.field_report_reject(
        report=report, actor=city["coord"], reason="out_of_scope", note="Không thuộc thẩm quyền"
    )
    with pytest.raises(FieldReportInvalidError):
        services.field_report_support(report=report, email="x@example.org")


def test_merge_moves_everyone_and_tells_them(city, django_capture_on_commit_callbacks):
    keep, _k1 = make_report(city, email="first@example.org")
    dup, _k2 = make_report(city, email="second@example.org")
    services.field_report_support(report=dup, email="third@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.field_report_merge(duplicate=dup, into=keep, actor=city["coord"])
    dup.refresh_from_db()
    keep.refresh_from_db()
    assert dup.status == Status.REJECTED and dup.reject_reason == "duplicate"
    assert dup.duplicate_of == keep
    assert keep.supporter_count == 2
    assert set(
        FieldReportSupporter.objects.filter(report=keep).values_list("email", flat=True)
    ) == {
        "second@example.org",
        "third@example.org",
    }
    told = {address for m in mail.outbox for address in m.to}
    assert {"first@example.org", "second@example.org", "third@example.org"} <= told


def test_merge_into_a_closed_report_is_refused(city):
    keep, _k = make_report(city)
    dup, _k = make_report(city)
    services.field_report_reject(report=keep, actor=city["coord"], reason="spam", note="Quảng cáo")
    with pytest.raises(FieldReportInvalidError):
        services.field_report_merge(duplicate=dup, into=keep, actor=city["coord"])


def test_only_coordinators_merge(city):
    keep, _k = make_report(city)
    dup, _k = make_report(city)
    with pytest.raises(FieldReportNotAllowed):
        services.field_report_merge(duplicate=dup, into=keep, actor=city["officer_a"])


# --- moderation --------------------------------------------------------------------------------


def test_hiding_needs_a_reason_and_is_audited(city):
    report, _key = make_report(city)
    with pytest.raises(FieldReportInvalidError):
        services.field_report_hide(report=report, actor=city["coord"], reason="")
    services.field_report_hide(report=report, actor=city["coord"], reason="Lời lẽ xúc phạm")
    report.refresh_from_db()
    assert report.hidden and not report.is_public
    assert (
        AuditEvent.objects.get(action="feedback.hide", target_id=str(report.pk)).note
        == "Lời lẽ xúc phạm"
    )
    services.field_report_hide(report=report, actor=city["coord"], reason="Đã xem lại", hide=False)
    report.refresh_from_db()
    assert report.is_public


def test_spam_is_not_public(city):
    report, _key = make_report(city)
    services.field_report_reject(
        report=report, actor=city["coord"], reason="spam", note="Quảng cáo"
    )
    report.refresh_from_db()
    assert report.is_public is False


def test_officer_cannot_hide(city):
    report, _key = make_report(city)
    with pytest.raises(FieldReportNotAllowed):
        services.field_report_hide(report=report, actor=city["officer_a"], reason="x")
