# SPDX-License-Identifier: MIT
"""The public form and "me too" refuse a connection that posts too often: 429, a clear
message, nothing saved, what was typed kept; other connections and accounts go on."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from congso.env import env_rate
from congso.feedback.models import FieldReport

from .conftest import make_report

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
