# SPDX-License-Identifier: MIT
"""Open311 GeoReport v2: every method in JSON and XML, and the spec's error format."""

from __future__ import annotations

import io
import json
from xml.etree import ElementTree

import pytest
from PIL import Image

from congso.feedback import services
from congso.feedback.models import FieldReport

from .conftest import IN_A, IN_B, OUTSIDE, jpeg_with_gps, make_report

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"
FORMATS = ["json", "xml"]


def parse(response, fmt):
    """The body as plain data: JSON as is, XML as (root tag, list of dicts of children)."""
    assert response["Content-Type"].startswith("application/json" if fmt == "json" else "text/xml")
    if fmt == "json":
        return json.loads(response.content)
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ElementTree.fromstring(response.content)


def xml_items(root, tag):
    return [{child.tag: (child.text or "") for child in item} for item in root.findall(tag)]


def errors_of(response, fmt):
    body = parse(response, fmt)
    if fmt == "json":
        assert isinstance(body, list) and set(body[0]) == {"code", "description"}
        return body[0]["code"], body[0]["description"]
    assert body.tag == "errors"
    item = xml_items(body, "error")[0]
    return int(item["code"]), item["description"]


def post(client, city, fmt="json", **fields):
    data = {
        "api_key": city["api_key"],
        "service_code": "rac-thai",
        "lat": str(IN_A[0]),
        "long": str(IN_A[1]),
        "description": "Rác đổ bừa bãi",
        "attribute[loai]": "xay-dung",
        "email": "dan@example.org",
        "first_name": "Dân",
        "last_name": "Nguyễn",
        **fields,
    }
    return client.post(f"{BASE}/requests.{fmt}", {k: v for k, v in data.items() if v is not None})


# --- discovery and services ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery(client, city, fmt):
    body = parse(client.get(f"{BASE}/discovery.{fmt}"), fmt)
    if fmt == "json":
        endpoint = body["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"].endswith("/open311/v2/")
        assert "application/json" in endpoint["formats"]
    else:
        assert body.tag == "discovery"
        formats = [f.text for f in body.find("endpoints/endpoint/formats")]
        assert formats == ["text/xml", "application/json"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_list(client, city, fmt):
    body = parse(client.get(f"{BASE}/services.{fmt}"), fmt)
    items = body if fmt == "json" else xml_items(body, "service")
    by_code = {item["service_code"]: item for item in items}
    assert set(by_code) == {"rac-thai", "o-ga"}
    rubbish = by_code["rac-thai"]
    assert rubbish["service_name"] == "Rác thải"
    assert rubbish["group"] == "Môi trường"
    assert rubbish["type"] == "realtime"
    assert rubbish["metadata"] in (True, "true")
    assert by_code["o-ga"]["metadata"] in (False, "false")


def test_service_list_in_english(client, city):
    body = client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {item["service_name"] for item in body} == {"Rubbish", "Pothole"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition(client, city, fmt):
    body = parse(client.get(f"{BASE}/services/rac-thai.{fmt}"), fmt)
    if fmt == "json":
        assert body["service_code"] == "rac-thai"
        first = body["attributes"][0]
        assert first["code"] == "loai" and first["datatype"] == "singlevaluelist"
        assert first["required"] is True and first["variable"] is True and first["order"] == 1
        assert first["values"] == [
            {"key": "sinh-hoat", "name": "Sinh hoạt"},
            {"key": "xay-dung", "name": "Xây dựng"},
        ]
    else:
        assert body.tag == "service_definition"
        attribute = body.find("attributes/attribute")
        assert attribute.find("code").text == "loai"
        assert attribute.find("required").text == "true"
        assert [v.find("key").text for v in attribute.find("values")] == ["sinh-hoat", "xay-dung"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_unknown_code_is_404(client, city, fmt):
    response = client.get(f"{BASE}/services/khong-co.{fmt}")
    assert response.status_code == 404
    code, description = errors_of(response, fmt)
    assert code == 404 and "khong-co" in description


# --- POST requests -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_create_request(client, city, fmt):
    response = post(client, city, fmt)
    assert response.status_code == 200
    body = parse(response, fmt)
    item = body[0] if fmt == "json" else xml_items(body, "request")[0]
    report = FieldReport.objects.get(pk=int(item["service_request_id"]))
    assert report.channel == "open311" and report.api_client == city["client"]
    assert report.attributes == {"loai": "xay-dung"}
    assert report.reporter_name == "Dân Nguyễn" and report.reporter_email == "dan@example.org"
    assert item["service_notice"]


def test_create_with_multivalue_attribute_and_media(client, city):
    from congso.feedback.models import AttributeType, CategoryAttribute

    CategoryAttribute.objects.create(
        category=city["rubbish"], code="kinds", description="Kinds", datatype=AttributeType.MULTI,
        values=[{"key": "a", "name": "A"}, {"key": "b", "name": "B"}], order=3,
    )  # fmt: skip
    media = io.BytesIO(jpeg_with_gps((640, 480)))
    media.name = "photo.jpg"
    response = post(client, city, **{"attribute[kinds][]": ["a", "b"], "media": media})
    assert response.status_code == 200, response.content
    report = FieldReport.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert report.attributes["kinds"] == ["a", "b"]
    assert report.photos.count() == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_create_without_api_key_is_403(client, city, fmt):
    response = post(client, city, fmt, api_key=None)
    assert response.status_code == 403
    assert errors_of(response, fmt)[0] == 403
    assert FieldReport.objects.count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_create_with_wrong_api_key_is_403(client, city, fmt):
    response = post(client, city, fmt, api_key="not-the-key")
    assert response.status_code == 403
    assert errors_of(response, fmt)[0] == 403


def test_inactive_client_is_403(client, city):
    city["client"].is_active = False
    city["client"].save()
    assert post(client, city).status_code == 403


@pytest.mark.parametrize("fmt", FORMATS)
def test_create_unknown_service_code_is_404(client, city, fmt):
    response = post(client, city, fmt, service_code="khong-co")
    assert response.status_code == 404
    assert errors_of(response, fmt)[0] == 404


@pytest.mark.parametrize(
    "lat,lon",
    [
        ("abc", "107.5"),
        ("91", "107.5"),
        ("16.4", "-181"),
        ("nan", "107.5"),
        ("inf", "107.5"),
        ("", ""),
    ],
)
def test_create_invalid_coordinates_is_400(client, city, lat, lon):
    response = post(client, city, lat=lat, long=lon)
    assert response.status_code == 400
    code, description = errors_of(response, "json")
    assert code == 400 and description


@pytest.mark.parametrize("fmt", FORMATS)
def test_create_outside_the_province_is_400(client, city, fmt):
    response = post(client, city, fmt, lat=str(OUTSIDE[0]), long=str(OUTSIDE[1]))
    assert response.status_code == 400
    assert "province" in errors_of(response, fmt)[1] or "tỉnh" in errors_of(response, fmt)[1]


def test_create_4001_character_description_is_400(client, city):
    response = post(client, city, description="x" * 4001)
    assert response.status_code == 400
    assert "description" in errors_of(response, "json")[1]
    assert FieldReport.objects.count() == 0


def test_create_missing_required_attribute_is_400(client, city):
    response = post(client, city, **{"attribute[loai]": None})
    assert response.status_code == 400
    assert "attribute[loai]" in errors_of(response, "json")[1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_create_with_a_non_image_is_400(client, city, fmt):
    media = io.BytesIO(b"<html><script>alert(1)</script></html>")
    media.name = "photo.jpg"
    response = post(client, city, fmt, media=media)
    assert response.status_code == 400
    assert errors_of(response, fmt)[0] == 400
    assert FieldReport.objects.count() == 0


def test_create_with_a_50_mb_image_is_400(client, city, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    media = io.BytesIO(b"\xff\xd8\xff\xe0" + b"\x00" * (50 * 1024 * 1024))
    media.name = "huge.jpg"
    response = post(client, city, media=media)
    assert response.status_code == 400
    code, description = errors_of(response, "json")
    assert code == 400 and "huge.jpg" in description
    assert FieldReport.objects.count() == 0


def test_wrong_method_is_405_in_the_error_format(client, city):
    response = client.delete(f"{BASE}/requests.json")
    assert response.status_code == 405
    assert errors_of(response, "json")[0] == 405


def test_unknown_jurisdiction_is_404(client, city):
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": "elsewhere.example"})
    assert response.status_code == 404


# --- GET requests --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_one_request(client, city, fmt):
    report, _key = make_report(city, description="Gọi 0905123456")
    response = client.get(f"{BASE}/requests/{report.pk}.{fmt}")
    assert response.status_code == 200
    body = parse(response, fmt)
    item = body[0] if fmt == "json" else xml_items(body, "request")[0]
    assert item["service_request_id"] == str(report.pk)
    assert item["status"] == "open"
    assert item["service_code"] == "rac-thai"
    assert item["agency_responsible"] == "UBND Phường A"
    assert "0905123456" not in item["description"]
    assert item["requested_datetime"].endswith("+07:00")
    assert float(item["lat"]) == pytest.approx(IN_A[0]) and float(item["long"]) == pytest.approx(
        IN_A[1]
    )
    assert "dan@" not in response.content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_unknown_request_is_404(client, city, fmt):
    for path in ("999999", "abc"):
        response = client.get(f"{BASE}/requests/{path}.{fmt}")
        assert response.status_code == 404
        assert errors_of(response, fmt)[0] == 404


def test_hidden_request_is_404(client, city):
    report, _key = make_report(city)
    services.field_report_hide(report=report, actor=city["coord"], reason="Xúc phạm")
    assert client.get(f"{BASE}/requests/{report.pk}.json").status_code == 404


@pytest.mark.parametrize("fmt", FORMATS)
def test_search_requests_with_filters(client, city, fmt):
    open_a, _k = make_report(city, point=IN_A)
    closed_b, _k = make_report(city, point=IN_B)
    pothole, _k = make_report(city, point=IN_B, category=city["pothole"], attributes={})
    services.field_report_reject(
        report=closed_b, actor=city["coord"], reason="out_of_scope", note="Không thuộc"
    )

    def ids(**params):
        body = parse(client.get(f"{BASE}/requests.{fmt}", params), fmt)
        items = body if fmt == "json" else xml_items(body, "request")
        return {int(item["service_request_id"]) for item in items}

    assert ids() == {open_a.pk, closed_b.pk, pothole.pk}
    assert ids(status="open") == {open_a.pk, pothole.pk}
    assert ids(status="closed") == {closed_b.pk}
    assert ids(service_code="o-ga") == {pothole.pk}
    assert ids(service_code="rac-thai,o-ga", status="open,closed") == {
        open_a.pk,
        closed_b.pk,
        pothole.pk,
    }
    assert ids(service_request_id=f"{open_a.pk},{pothole.pk}", status="closed") == {
        open_a.pk,
        pothole.pk,
    }
    assert ids(start_date="2999-01-01T00:00:00+07:00") == set()
    assert ids(end_date="2000-01-01T00:00:00Z") == set()
    assert ids(bbox="107.49,16.39,107.551,16.46") == {open_a.pk}
    assert ids(page_size="1", page="1") | ids(page_size="1", page="2") | ids(page_size="1", page="3") == {
        open_a.pk, closed_b.pk, pothole.pk,
    }  # fmt: skip


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "yesterday"},
        {"status": "pending"},
        {"page_size": "0"},
        {"page_size": "5000"},
        {"bbox": "1,2,3"},
        {"bbox": "107.6,16.4,107.5,16.5"},
        {"service_request_id": "1,abc"},
    ],
)
def test_search_bad_parameters_are_400(client, city, params):
    response = client.get(f"{BASE}/requests.xml", params)
    assert response.status_code == 400
    assert errors_of(response, "xml")[0] == 400


def test_search_shows_the_first_photo_without_metadata(client, city):
    photo = io.BytesIO(jpeg_with_gps())
    report, _key = make_report(city, photos=[(photo, "p.jpg")])
    item = client.get(f"{BASE}/requests.json").json()[0]
    assert item["service_request_id"] == str(report.pk)
    media = client.get(item["media_url"])
    assert media.status_code == 200
    image = Image.open(io.BytesIO(b"".join(media.streaming_content)))
    assert not image.getexif()


@pytest.mark.parametrize("fmt", FORMATS)
def test_token_lookup(client, city, fmt):
    created = post(client, city).json()[0]
    response = client.get(f"{BASE}/tokens/{created['token']}.{fmt}")
    assert response.status_code == 200
    body = parse(response, fmt)
    item = body[0] if fmt == "json" else xml_items(body, "request")[0]
    assert item["service_request_id"] == created["service_request_id"]
    assert item["token"] == created["token"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_token_is_404(client, city, fmt):
    for token in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = client.get(f"{BASE}/tokens/{token}.{fmt}")
        assert response.status_code == 404
        assert errors_of(response, fmt)[0] == 404
