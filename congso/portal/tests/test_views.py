# SPDX-License-Identifier: MIT
from __future__ import annotations

import pytest

from congso.catalog import services
from congso.catalog.tests.factories import sample_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    services.procedures_upsert(records=sample_records())


def test_home_shows_search_and_key_figures(client, catalog):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="vi"' in html
    assert 'name="q"' in html
    assert "<strong>20</strong>" in html
    assert "dữ liệu minh họa" in html.lower() or "demo" in html.lower()


def test_english_home_lives_under_en(client, catalog):
    html = client.get("/en/").content.decode()
    assert 'lang="en"' in html
    assert "Find an administrative procedure" in html


def test_search_page_works_without_javascript(client, catalog):
    html = client.get("/thu-tuc/", {"q": "dang ki ket hon"}).content.decode()
    assert html.index("Đăng ký kết hôn") < html.index("Đăng ký lại kết hôn")
    assert "<html" in html


def test_search_as_you_type_returns_only_the_results_fragment(client, catalog):
    response = client.get("/thu-tuc/", {"q": "khai sinh"}, headers={"hx-request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Đăng ký khai sinh" in html


def test_filters_apply(client, catalog):
    html = client.get("/thu-tuc/", {"field": "DB"}).content.decode()
    assert "Đổi giấy phép lái xe" in html
    assert "Đăng ký khai sinh" not in html


def test_too_long_query_is_a_clear_400(client, catalog):
    response = client.get("/thu-tuc/", {"q": "x" * 10_000})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_unknown_filter_value_is_a_400_not_a_500(client, catalog):
    assert client.get("/thu-tuc/", {"level": "galaxy", "page": "abc"}).status_code == 400


def test_procedure_page_shows_what_to_bring_and_start_online(client, catalog):
    html = client.get("/thu-tuc/1.000001/").content.decode()
    assert "Đăng ký khai sinh" in html
    assert "Tờ khai theo mẫu" in html
    assert "60/2014/QH13" in html
    assert "ma_thu_tuc=1.000001" in html


def test_offline_procedure_has_no_start_online_button(client, catalog):
    html = client.get("/thu-tuc/1.000003/").content.decode()
    assert "ma_thu_tuc=" not in html


def test_procedure_page_in_english_uses_english_names(client, catalog):
    html = client.get("/en/thu-tuc/1.000001/").content.decode()
    assert "Birth registration" in html


def test_unknown_procedure_is_a_404(client, catalog):
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_home_suggestions_are_short_and_link_to_all_results(client, catalog):
    html = client.get(
        "/thu-tuc/", {"q": "dang ky", "suggest": "1"}, headers={"hx-request": "true"}
    ).content.decode()
    assert html.count('class="result-name"') == 8
    assert "/thu-tuc/?q=dang+ky" in html


def test_home_suggestions_for_an_empty_box_are_empty(client, catalog):
    html = client.get(
        "/thu-tuc/", {"q": "", "suggest": "1"}, headers={"hx-request": "true"}
    ).content.decode()
    assert "result-name" not in html
