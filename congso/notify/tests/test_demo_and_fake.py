# SPDX-License-Identifier: MIT
"""The demo data loads twice without change; the fake providers' control endpoints work."""

from __future__ import annotations

import io
import json
import urllib.request

import pytest

from congso.notify.demo import load_demo_data
from congso.notify.fakes import SMS_PATH, FakeMessaging
from congso.notify.models import MessageTemplateOverride


@pytest.mark.django_db
def test_demo_data_is_labelled_inactive_and_idempotent():
    load_demo_data(io.StringIO())
    load_demo_data(io.StringIO())
    row = MessageTemplateOverride.objects.get()
    assert row.email_subject.startswith("[DEMO]") and not row.is_active


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        body = exc.read()
        return exc.code, json.loads(body) if body.startswith(b"{") else {}


def test_the_fake_gateway_checks_credentials_and_can_be_told_to_fail(fake: FakeMessaging):
    good = {
        "ApiKey": "fake-api-key",
        "SecretKey": "fake-secret-key",
        "Brandname": "CONGSO",
        "Phone": "0912345678",
        "Content": "Xin chao",
        "SmsType": "2",
        "RequestId": "r-1",
    }
    assert _post(fake.sms_url, {**good, "SecretKey": "x"})[1]["CodeResult"] == "101"
    assert _post(fake.sms_url, {**good, "Phone": "12"})[1]["CodeResult"] == "108"
    assert _post(fake.base_url + "/_fake/fail", {"channel": "sms", "mode": "5xx"})[0] == 200
    assert _post(fake.sms_url, good)[0] == 503
    assert _post(fake.sms_url, good)[1]["CodeResult"] == "100"
    assert _post(fake.sms_url, good)[1]["CodeResult"] == "124"  # same RequestId
    assert _post(fake.base_url + "/_fake/fail", {"channel": "fax"})[0] == 400
    with urllib.request.urlopen(fake.base_url + "/_fake/messages") as response:
        assert len(json.load(response)) == 5
    assert fake.base_url + SMS_PATH == fake.sms_url
