# SPDX-License-Identifier: MIT
"""Fixtures for the notification tests: the fake providers over real HTTP, and people."""

from __future__ import annotations

import pytest

from congso.accounts.models import Citizen
from congso.notify.fakes import FakeMessaging
from congso.notify.recipients import Recipient


@pytest.fixture
def fake():
    with FakeMessaging(timeout_seconds=1.0) as server:
        yield server


@pytest.fixture
def providers(settings, fake):
    """SMS and Zalo through their HTTP protocols to the fake; e-mail to Django's outbox."""
    settings.CONGSO_NOTIFY_SMS_BACKEND = "esms"
    settings.CONGSO_NOTIFY_SMS_URL = fake.sms_url
    settings.CONGSO_NOTIFY_SMS_API_KEY = "fake-api-key"
    settings.CONGSO_NOTIFY_SMS_SECRET_KEY = "fake-secret-key"
    settings.CONGSO_NOTIFY_SMS_BRANDNAME = "CONGSO"
    settings.CONGSO_NOTIFY_SMS_CALLBACK_TOKEN = "sms-callback-secret"
    settings.CONGSO_NOTIFY_ZALO_BACKEND = "zns"
    settings.CONGSO_NOTIFY_ZALO_URL = fake.zalo_url
    settings.CONGSO_NOTIFY_ZALO_ACCESS_TOKEN = "fake-zalo-token"
    settings.CONGSO_NOTIFY_ZALO_APP_ID = "4242"
    settings.CONGSO_NOTIFY_ZALO_OA_ID = "1397492183140006179"
    settings.CONGSO_NOTIFY_ZALO_SECRET_KEY = "zalo-oa-secret"
    settings.CONGSO_NOTIFY_ZALO_TEMPLATES = [
        "received=300001",
        "accepted=300002",
        "result_ready=300003",
        "payment_due=300004",
    ]
    settings.CONGSO_NOTIFY_HTTP_TIMEOUT = 0.5
    settings.CONGSO_NOTIFY_RETRY_BASE_SECONDS = 60
    settings.CONGSO_NOTIFY_MAX_ATTEMPTS = 5
    return fake


@pytest.fixture
def citizen_user(db, django_user_model):
    user = django_user_model.objects.create_user("an", password="x", full_name="Lê Văn An")
    Citizen.objects.create(
        user=user, full_name="Lê Văn An", phone="+84912345678", email="an@example.vn"
    )
    return user


@pytest.fixture
def other_user(db, django_user_model):
    user = django_user_model.objects.create_user("binh", password="x", full_name="Trần Bình")
    Citizen.objects.create(
        user=user, full_name="Trần Bình", phone="+84987654321", email="binh@example.vn"
    )
    return user


@pytest.fixture
def person():
    return Recipient(
        key="contact:test-1", name="Nguyễn Thị Hoa", email="hoa@example.vn", phone="0912345678"
    )


PAYMENT_CONTEXT = {"name": "Nguyễn Thị Hoa", "code": "H46.1-251103-0001", "amount": "50.000 đ"}


@pytest.fixture(autouse=True)
def _tasks_must_not_crash():
    """A task that raises is logged by the task back-end and forgotten: here it fails the test."""
    from django_tasks.base import TaskResultStatus
    from django_tasks.signals import task_finished

    failures = []

    def on_finish(sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            failures.append(task_result.errors[-1].traceback if task_result.errors else "?")

    task_finished.connect(on_finish, weak=False)
    yield
    task_finished.disconnect(on_finish)
    assert not failures, failures[0]


@pytest.fixture
def db_tasks(settings, monkeypatch):
    """The database task back-end with its worker, inside the test's transaction."""
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes "old" connections between tasks; here that is the test's own.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
