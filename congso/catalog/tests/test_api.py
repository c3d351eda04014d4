# SPDX-License-Identifier: MIT
from __future__ import annotations

import pytest

from congso.catalog import services
from congso.catalog.tests.factories import sample_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    services.procedures_upsert(records=sample_records())


def test_search_returns_items_and_count(client, catalog):
    response = client.get("/api/catalog/procedures", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 1
    assert body["items"][0]["code"] == "1.000001"
    assert body["items"][0]["name"] == "Đăng ký khai sinh"


def test_search_filters_and_paging(client, catalog):
    body = client.get(
        "/api/catalog/procedures", {"level": "province", "limit": 2, "offset": 2}
    ).json()
    assert body["count"] == 6
    assert len(body["items"]) == 2


def test_search_get_400_query_too_long(client, catalog):
    response = client.get("/api/catalog/procedures", {"q": "a" * 10_000})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert response.json()["detail"] == "Nội dung tìm kiếm quá dài: tối đa 200 ký tự."


def test_search_get_400_in_english_when_asked(client, catalog):
    response = client.get(
        "/api/catalog/procedures", {"q": "a" * 500}, headers={"accept-language": "en"}
    )
    assert "too long" in response.json()["detail"]


def test_search_get_400_unknown_level(client, catalog):
    response = client.get("/api/catalog/procedures", {"level": "galaxy"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "level"


@pytest.mark.parametrize(
    "raw_query",
    [
        "q=%FF%FE%FA",
        "q=%E0%A4%A",
        "q=%00",
        "q=%22%20*%20%3A%20(%20)%20NEAR%20AND%20OR%20-",
        "limit=abc",
        "offset=-1",
    ],
)
def test_search_never_fails_on_odd_query_strings(client, catalog, raw_query):
    response = client.get(f"/api/catalog/procedures?{raw_query}")
    assert response.status_code in (200, 400)


def test_detail_returns_the_whole_record(client, catalog):
    body = client.get("/api/catalog/procedures/1.000005").json()
    assert body["name"] == "Đăng ký kết hôn"
    assert body["version"] == 1
    assert body["documents"][0]["name"] == "Tờ khai theo mẫu"
    assert body["channels"][0]["time_unit"] == "working_day"
    assert body["url"].endswith("/thu-tuc/1.000005/")


@pytest.mark.parametrize("code", ["9.999999", "not-a-code", "1.000001'--"])
def test_detail_get_404_unknown_code(client, catalog, code):
    response = client.get(f"/api/catalog/procedures/{code}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_openapi_is_published(client):
    assert client.get("/api/docs").status_code == 200
    spec = client.get("/api/openapi.json").json()
    assert "/api/catalog/procedures" in spec["paths"]
    assert "/api/catalog/procedures/{code}" in spec["paths"]


def test_fields_endpoint_counts_published_procedures(client, catalog):
    body = client.get("/api/catalog/fields").json()
    counts = {item["code"]: item["procedure_count"] for item in body}
    assert counts["HT"] == 10
