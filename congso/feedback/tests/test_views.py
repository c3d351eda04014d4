# SPDX-License-Identifier: MIT
"""Public pages, photos without metadata, officers' pages and who may open them."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from congso.core.models import AuditEvent
from congso.feedback import services
from congso.feedback.models import FieldReport, FieldReportPhoto
from congso.feedback.states import Status

from .conftest import IN_A, IN_B, jpeg_with_gps, make_report

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- photos ------------------------------------------------------------------------------------


def test_published_photo_has_no_exif_and_is_resized_while_the_original_keeps_gps(
    client, city, settings
):
    settings.CONGSO_FIELD_REPORT_PHOTO_MAX_SIDE = 1600
    report, _key = make_report(city, photos=[(io.BytesIO(jpeg_with_gps((2400, 1800))), "p.jpg")])
    photo = FieldReportPhoto.objects.get(report=report)
    response = client.get(reverse("feedback:photo", kwargs={"photo_id": photo.public_id}))
    assert response.status_code == 200
    published = _body(response)
    image = Image.open(io.BytesIO(published))
    assert image.format == "JPEG"
    assert max(image.size) == 1600
    assert not image.getexif()
    assert (
        "exif" not in image.info and b"Exif" not in published[:200] and b"TestCam" not in published
    )
    with photo.original_file.file.open("rb") as fp:
        original = Image.open(fp)
        assert original.getexif().get_ifd(0x8825)
    assert photo.exif_gps == {"lat": pytest.approx(16.42), "lon": pytest.approx(107.52)}


def test_hidden_photo_is_not_served(client, city):
    report, _key = make_report(city, photos=[(io.BytesIO(jpeg_with_gps((300, 200))), "p.jpg")])
    photo = FieldReportPhoto.objects.get(report=report)
    services.field_report_photo_hide(photo=photo, actor=city["coord"], reason="Lộ biển số xe")
    assert (
        client.get(reverse("feedback:photo", kwargs={"photo_id": photo.public_id})).status_code
        == 404
    )


# --- public pages --------------------------------------------------------------------------------


def test_list_and_detail_show_no_personal_data(client, city):
    report, _key = make_report(city, email="dan@example.org", description="SĐT 0905123456 gọi lại")
    FieldReport.objects.filter(pk=report.pk).update(reporter_name="Nguyễn Văn Dân")
    for url in (
        reverse("feedback:list"),
        reverse("feedback:detail", kwargs={"report_id": report.pk}),
    ):
        html = client.get(url).content.decode()
        assert "Rác thải" in html
        assert (
            "dan@example.org" not in html
            and "Nguyễn Văn Dân" not in html
            and "0905123456" not in html
        )


def test_list_escapes_what_reporters_typed_and_keeps_vietnamese_in_nfc(client, city):
    import unicodedata

    typed = unicodedata.normalize("NFD", 'Đèn hỏng <script>alert(1)</script> & "x"')
    report, _key = make_report(city, description=typed)
    report.refresh_from_db()
    assert report.description == unicodedata.normalize("NFC", typed)
    html = client.get(reverse("feedback:list")).content.decode()
    assert "<script>alert(1)" not in html
    assert "Đèn hỏng &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" in html
    long_text = "Ổ gà " * 80
    make_report(city, description=long_text)
    html = client.get(reverse("feedback:list")).content.decode()
    assert long_text.strip() not in html and long_text[:150] in html


def test_list_filters_by_bbox_category_and_status(client, city):
    a, _k = make_report(city, point=IN_A)
    b, _k = make_report(city, point=IN_B, category=city["pothole"], attributes={})

    def shown(**params):
        html = client.get(reverse("feedback:list"), params).content.decode()
        return {
            r.pk for r in (a, b) if reverse("feedback:detail", kwargs={"report_id": r.pk}) in html
        }

    assert shown() == {a.pk, b.pk}
    assert shown(bbox="107.49,16.39,107.549,16.46") == {a.pk}
    assert shown(category="o-ga") == {b.pk}
    assert shown(status="closed") == set()
    assert client.get(reverse("feedback:list"), {"bbox": "x"}).status_code == 400


def test_map_points_are_geojson(client, city):
    report, _k = make_report(city, point=IN_A)
    data = client.get(reverse("feedback:points"), {"bbox": "107.4,16.3,107.7,16.5"}).json()
    assert data["type"] == "FeatureCollection"
    assert data["features"][0]["geometry"]["coordinates"] == [IN_A[1], IN_A[0]]
    assert data["features"][0]["properties"]["id"] == report.pk
    assert client.get(reverse("feedback:points"), {"bbox": "1,2"}).status_code == 400


def test_web_form_creates_a_report_and_shows_the_private_link_once(client, city):
    photo = io.BytesIO(jpeg_with_gps((800, 600)))
    photo.name = "p.jpg"
    response = client.post(
        reverse("feedback:new"),
        {"category": "rac-thai", "description": "Rác ở chợ", "lat": "16,42", "lon": "107.52",
         "attribute[loai]": "sinh-hoat", "photos": photo},
    )  # fmt: skip
    report = FieldReport.objects.get()
    assert response.status_code == 302
    assert report.channel == "web" and report.photos.count() == 1
    first = client.get(response["Location"]).content.decode()
    assert "/theo-doi/" in first
    again = client.get(response["Location"]).content.decode()
    assert "/theo-doi/" not in again


def test_web_form_shows_errors_instead_of_failing(client, city):
    response = client.post(
        reverse("feedback:new"),
        {
            "category": "rac-thai",
            "description": "x",
            "lat": "10.77",
            "lon": "106.7",
            "attribute[loai]": "sinh-hoat",
        },
    )
    assert response.status_code == 400
    assert FieldReport.objects.count() == 0
    assert 'class="error"' in response.content.decode()


def test_nearby_offers_open_reports_of_the_same_category(client, city):
    report, _k = make_report(city, point=IN_A)
    html = client.get(
        reverse("feedback:nearby"), {"category": "rac-thai", "lat": "16.4201", "lon": "107.5201"}
    ).content.decode()
    assert f"#{report.pk}" in html
    far = client.get(
        reverse("feedback:nearby"), {"category": "rac-thai", "lat": "16.44", "lon": "107.59"}
    ).content.decode()
    assert f"#{report.pk}" not in far
    other = client.get(
        reverse("feedback:nearby"), {"category": "o-ga", "lat": "16.42", "lon": "107.52"}
    ).content.decode()
    assert f"#{report.pk}" not in other


def test_me_too_from_the_public_page(client, city):
    report, _k = make_report(city)
    response = client.post(
        reverse("feedback:support", kwargs={"report_id": report.pk}), {"email": "x@example.org"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.supporter_count == 1


def test_reporter_page_confirms_with_the_key_only(client, city):
    report, key = make_report(city)
    services.field_report_answer(report=report, actor=city["officer_a"], answer="Đã dọn")
    bad = reverse("feedback:manage", kwargs={"report_id": report.pk, "key": "wrong"})
    assert client.post(bad, {"action": "confirm"}).status_code == 404
    good = reverse("feedback:manage", kwargs={"report_id": report.pk, "key": key})
    assert client.post(good, {"action": "rate", "rating": "9"}).status_code == 400
    client.post(good, {"action": "rate", "rating": "4"})
    client.post(good, {"action": "confirm"})
    report.refresh_from_db()
    assert report.status == Status.CLOSED and report.rating == 4


# --- officers ----------------------------------------------------------------------------------


def test_officer_pages_need_an_officer(client, city):
    report, _k = make_report(city)
    url = reverse("feedback:officer_report", kwargs={"report_id": report.pk})
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(city["citizen"])
    assert client.get(url).status_code == 403


def test_officer_pages_need_the_second_factor(client, city, settings):
    settings.CONGSO_OFFICER_REQUIRE_OTP = True
    client.force_login(city["officer_a"])
    assert client.get(reverse("feedback:officer_inbox")).status_code == 302


def test_officer_sees_only_the_reports_of_his_agency(client, city):
    mine, _k = make_report(city, point=IN_A)
    theirs, _k = make_report(city, point=IN_B)
    client.force_login(city["officer_a"])
    html = client.get(reverse("feedback:officer_inbox")).content.decode()
    assert reverse("feedback:officer_report", kwargs={"report_id": mine.pk}) in html
    assert reverse("feedback:officer_report", kwargs={"report_id": theirs.pk}) not in html
    assert (
        client.get(reverse("feedback:officer_report", kwargs={"report_id": theirs.pk})).status_code
        == 403
    )


def test_opening_a_report_is_audited_and_shows_the_contact(client, city):
    report, _k = make_report(city, email="dan@example.org")
    client.force_login(city["officer_a"])
    html = client.get(
        reverse("feedback:officer_report", kwargs={"report_id": report.pk})
    ).content.decode()
    assert "dan@example.org" in html
    assert AuditEvent.objects.filter(action="feedback.view", target_id=str(report.pk)).exists()


def test_officer_answers_with_a_photo(client, city):
    report, _k = make_report(city)
    client.force_login(city["officer_a"])
    photo = io.BytesIO(jpeg_with_gps((400, 300)))
    photo.name = "after.jpg"
    url = reverse("feedback:officer_report", kwargs={"report_id": report.pk})
    client.post(url, {"action": "answer", "answer": "Đã thu gom", "photos": photo})
    report.refresh_from_db()
    assert report.status == Status.ANSWERED
    assert report.photos.filter(role="answer").count() == 1


def test_coordinator_merges_from_the_page(client, city):
    keep, _k = make_report(city)
    dup, _k = make_report(city)
    client.force_login(city["coord"])
    url = reverse("feedback:officer_report", kwargs={"report_id": dup.pk})
    client.post(url, {"action": "merge", "into": str(keep.pk)})
    dup.refresh_from_db()
    assert dup.duplicate_of_id == keep.pk


def test_officer_cannot_use_coordinator_actions(client, city):
    report, _k = make_report(city)
    client.force_login(city["officer_a"])
    url = reverse("feedback:officer_report", kwargs={"report_id": report.pk})
    client.post(url, {"action": "hide", "reason": "x"})
    report.refresh_from_db()
    assert report.hidden is False


def test_an_action_that_cannot_be_done_answers_4xx_and_changes_nothing(client, city):
    report, _k = make_report(city, photos=[(io.BytesIO(jpeg_with_gps((300, 200))), "p.jpg")])
    url = reverse("feedback:officer_report", kwargs={"report_id": report.pk})
    events, status = report.events.count(), report.status
    client.force_login(city["officer_a"])
    # An answer with no text: the page again, the form's error under the field.
    response = client.post(url, {"action": "answer", "answer": "  "})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng kiểm tra lại thông tin đã nhập." in html and "errorlist" in html
    # An action nobody knows, and one the officer may not take (moderation).
    assert client.post(url, {"action": "delete"}).status_code == 400
    response = client.post(url, {"action": "hide", "reason": "x"})
    assert response.status_code == 403
    client.force_login(city["coord"])
    # A photo that is not this report's.
    response = client.post(
        url,
        {"action": "hide_photo", "photo": "00000000-0000-0000-0000-000000000000", "reason": "x"},
    )
    assert response.status_code == 400
    assert "Không có ảnh này trong phản ánh." in response.content.decode()
    report.refresh_from_db()
    assert report.status == status and report.hidden is False
    assert report.events.count() == events
    assert not report.photos.filter(hidden=True).exists()


def test_original_photo_only_for_those_handling(client, city):
    report, _k = make_report(city, photos=[(io.BytesIO(jpeg_with_gps((300, 200))), "p.jpg")])
    photo = FieldReportPhoto.objects.get(report=report)
    url = reverse("feedback:photo_original", kwargs={"photo_id": photo.public_id})
    client.force_login(city["officer_b"])
    assert client.get(url).status_code == 403
    client.force_login(city["officer_a"])
    assert client.get(url).status_code == 200


def test_hotline_intake_records_the_caller_privately(client, city):
    client.force_login(city["coord"])
    response = client.post(
        reverse("feedback:hotline"),
        {"category": "rac-thai", "description": "Người gọi báo rác", "lat": "16.42", "lon": "107.52",
         "attribute[loai]": "sinh-hoat", "name": "Bà Lan", "phone": "0905 000 111"},
    )  # fmt: skip
    assert response.status_code == 302
    report = FieldReport.objects.get()
    assert report.channel == "hotline" and report.recorded_by == city["coord"]
    assert report.reporter_phone == "0905 000 111" and report.reporter is None


def test_hotline_intake_answers_400_to_a_call_it_cannot_record(client, city):
    client.force_login(city["coord"])
    response = client.post(
        reverse("feedback:hotline"),
        {"category": "rac-thai", "description": "Người gọi báo rác", "lat": "91", "lon": "107.52"},
    )
    assert response.status_code == 400 and 'class="error"' in response.content.decode()
    assert not FieldReport.objects.exists()


def test_hotline_needs_the_permission(client, city):
    client.force_login(city["officer_a"])
    assert client.get(reverse("feedback:hotline")).status_code == 403
