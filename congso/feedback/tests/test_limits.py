# SPDX-License-Identifier: MIT
"""The public form and "me too" refuse a connection that posts too often: 429, a clear
message, nothing saved, what was typed kept; other connections and accounts go on. Open311
counts an application's reports by its api_key and reads by address: 429 in the spec's
error format with Retry-After."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from congso.core.exceptions import InvalidInputError
from congso.env import env_rate
from congso.feedback import services
from congso.feedback.admin import ApiClientAdmin
from congso.feedback.models import ApiClient, FieldReport

from .conftest import make_report
from .test_open311 import BASE, errors_of, post

pytestmark = pytest.mark.django_db

FORM = {
    "category": "rac-thai",
    "description": "Rác đổ trộm ở góc chợ Đông Ba",
    "lat": "16.42",
    "lon": "107.52",
    "attribute[loai]": "sinh-hoat",
}


@pytest.fixture
def limited(settings):
    cache.clear()  # the counts of an earlier run may still be in a shared cache
    settings.CONGSO_FIELD_REPORT_RATE = "2/h"
    settings.CONGSO_FIELD_REPORT_SUPPORT_RATE = "2/h"
    yield
    cache.clear()


def test_a_third_report_in_the_hour_is_refused_and_nothing_is_saved(client, city, limited):
    url = reverse("feedback:new")
    assert client.post(url, FORM).status_code == 302
    outside = {**FORM, "lat": "10.77", "lon": "106.7"}  # outside the province
    assert client.post(url, outside).status_code == 400  # refused as invalid, still counted
    refused = client.post(url, FORM)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Chưa lưu gì" in page
    assert "Rác đổ trộm ở góc chợ Đông Ba" in page  # what was typed is kept
    assert FieldReport.objects.count() == 1


def test_other_addresses_and_signed_in_citizens_are_counted_apart(
    client, city, limited, django_user_model
):
    url = reverse("feedback:new")
    for _ in range(2):
        client.post(url, FORM, REMOTE_ADDR="203.0.113.7")
    assert client.post(url, FORM, REMOTE_ADDR="203.0.113.7").status_code == 429
    assert client.post(url, FORM, REMOTE_ADDR="203.0.113.8").status_code == 302
    citizen = django_user_model.objects.create_user("dan", password="x")
    client.force_login(citizen)
    assert client.post(url, FORM, REMOTE_ADDR="203.0.113.7").status_code == 302
    assert FieldReport.objects.count() == 4


def test_me_too_is_limited_too(client, city, limited):
    report, _key = make_report(city)
    url = reverse("feedback:support", kwargs={"report_id": report.pk})
    assert client.post(url, {"email": "a@example.org"}).status_code == 302
    assert client.post(url, {"email": "b@example.org"}).status_code == 302
    refused = client.post(url, {"email": "c@example.org"})
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Xin vui lòng chờ" in page
    assert reverse("feedback:detail", kwargs={"report_id": report.pk}) in page
    report.refresh_from_db()
    assert report.supporter_count == 2


def test_an_ipv6_subscriber_is_counted_by_its_block(client, city, limited):
    url = reverse("feedback:new")
    for host in ("1", "2"):
        assert client.post(url, FORM, REMOTE_ADDR=f"2001:db8:1:2::{host}").status_code == 302
    assert client.post(url, FORM, REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert client.post(url, FORM, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_an_empty_rate_turns_the_limit_off(client, city, settings):
    settings.CONGSO_FIELD_REPORT_RATE = ""
    for _ in range(5):
        assert client.post(reverse("feedback:new"), FORM).status_code == 302


@pytest.mark.parametrize("value", ["30", "30/x", "h/30", "1.5/h", "30/0h", "30/05m"])
def test_a_malformed_rate_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("CONGSO_TEST_RATE", value)
    with pytest.raises(ImproperlyConfigured):
        env_rate("CONGSO_TEST_RATE", "30/h")


# --- Open311 ---------------------------------------------------------------------------------


@pytest.fixture
def open311_limited(settings):
    cache.clear()
    settings.CONGSO_OPEN311_CLIENT_RATE = "2/h"
    settings.CONGSO_OPEN311_READ_RATE = "3/h"
    yield
    cache.clear()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_application_over_its_rate_gets_429_and_creates_nothing(
    client, city, open311_limited, fmt
):
    assert post(client, city, fmt).status_code == 200
    assert post(client, city, fmt, REMOTE_ADDR="203.0.113.9").status_code == 200
    refused = post(client, city, fmt, REMOTE_ADDR="198.51.100.4")  # counted by key, not address
    assert refused.status_code == 429
    code, description = errors_of(refused, fmt)
    assert code == 429
    assert "Quá nhiều yêu cầu" in description
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert FieldReport.objects.count() == 2


def test_each_application_has_its_own_count_and_may_have_its_own_rate(
    client, city, open311_limited
):
    for _ in range(2):
        post(client, city)
    assert post(client, city).status_code == 429
    _other, other_key = services.api_client_create(name="Hue-S", rate="none")
    for _ in range(4):
        assert post(client, city, api_key=other_key).status_code == 200
    city["client"].rate = "5/h"  # raised in the admin; the next process reads it
    city["client"].save(update_fields=["rate"])
    cache.clear()
    for _ in range(5):
        assert post(client, city).status_code == 200
    assert post(client, city).status_code == 429
    assert FieldReport.objects.count() == 11


def test_a_wrong_key_is_refused_before_anything_is_counted(client, city, open311_limited):
    for _ in range(3):
        assert post(client, city, api_key="wrong").status_code == 403
    assert post(client, city).status_code == 200


def test_reads_are_counted_by_address_and_refused_in_english_when_asked(
    client, city, open311_limited
):
    for _ in range(3):
        assert client.get(f"{BASE}/services.json").status_code == 200
    refused = client.get(f"{BASE}/requests.json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert errors_of(refused, "json") == (
        429,
        f"Too many requests: try again in {refused['Retry-After']} seconds.",
    )
    assert client.get(f"{BASE}/services.json", REMOTE_ADDR="203.0.113.20").status_code == 200
    assert post(client, city).status_code == 200  # creating is counted apart, by key


def test_empty_rates_turn_open311_limits_off(client, city, settings):
    settings.CONGSO_OPEN311_CLIENT_RATE = ""
    settings.CONGSO_OPEN311_READ_RATE = ""
    for _ in range(4):
        assert post(client, city).status_code == 200
        assert client.get(f"{BASE}/services.json").status_code == 200


@pytest.mark.parametrize("value", ["600", "600/x", "fast", "60/0m"])
def test_a_malformed_client_rate_is_refused(admin_client, db, value):
    with pytest.raises(InvalidInputError):
        services.api_client_create(name="App", rate=value)
    response = admin_client.post(
        reverse("admin:feedback_apiclient_add"), {"name": "App", "rate": value, "is_active": "on"}
    )
    assert response.status_code == 200  # the form again, with the error
    assert "600/m" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_the_admin_keeps_the_rate_of_a_new_client(admin_client, db):
    response = admin_client.post(
        reverse("admin:feedback_apiclient_add"),
        {"name": "App", "rate": "20000/d", "is_active": "on"},
    )
    assert response.status_code == 302
    assert ApiClient.objects.get().rate == "20000/d"
    assert "rate" in ApiClientAdmin.fields
