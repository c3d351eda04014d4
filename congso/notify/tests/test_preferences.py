# SPDX-License-Identifier: MIT
"""Each person's channel preferences: their own page, their own data, and what they change."""

from __future__ import annotations

import pytest
from django.core import mail

from congso.core.models import AuditEvent
from congso.notify import services
from congso.notify.exceptions import PreferenceError, PreferenceNotAllowed
from congso.notify.models import Message, NotificationPreference
from congso.notify.recipients import recipient_for_user

from .conftest import PAYMENT_CONTEXT

pytestmark = pytest.mark.django_db
PAGE = "/thong-bao/cai-dat/"
FORM = {
    "use_zalo": "",
    "use_sms": "on",
    "use_email": "on",
    "language": "en",
    "phone": "0903 123 456",
    "email": "",
}


def test_the_page_needs_a_signed_in_person(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_a_citizen_sees_and_changes_only_their_own_preferences(client, citizen_user, other_user):
    NotificationPreference.objects.create(user=other_user, email="secret-binh@example.vn")
    client.force_login(citizen_user)
    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "an@example.vn" in html and "+84912345678" in html  # their profile's details
    assert "binh" not in html  # nothing of anyone else's
    # A forged field naming someone else is ignored: the page only ever acts on the signer.
    response = client.post(PAGE, {**FORM, "user": other_user.pk, "user_id": other_user.pk})
    assert response.status_code == 302
    mine = NotificationPreference.objects.get(user=citizen_user)
    assert (mine.use_zalo, mine.use_sms, mine.language, mine.phone) == (
        False,
        True,
        "en",
        "+84903123456",
    )
    theirs = NotificationPreference.objects.get(user=other_user)
    assert theirs.use_zalo and theirs.language == "vi" and theirs.phone == ""
    audit = AuditEvent.objects.get(action="notify.preference_update")
    assert audit.actor == citizen_user and audit.target_id == str(mine.pk)


def test_the_service_refuses_a_change_by_someone_else(citizen_user, other_user):
    with pytest.raises(PreferenceNotAllowed):
        services.preference_update(user=other_user, actor=citizen_user, use_sms=False)
    assert not NotificationPreference.objects.filter(user=other_user).exists()
    with pytest.raises(PreferenceError):
        services.preference_update(
            user=citizen_user, actor=citizen_user, use_zalo=False, use_sms=False, use_email=False
        )
    assert not NotificationPreference.objects.filter(user=citizen_user).exists()


def test_bad_input_is_a_400_in_the_chosen_language(client, citizen_user):
    client.force_login(citizen_user)
    response = client.post("/en" + PAGE, {**FORM, "use_sms": "", "use_email": ""})
    assert response.status_code == 400
    assert "Keep at least one channel" in response.content.decode()
    response = client.post("/en" + PAGE, {**FORM, "phone": "12345", "email": "not-an-email"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vietnamese mobile number" in html and "valid email" in html
    assert not NotificationPreference.objects.filter(user=citizen_user).exists()


def test_the_officers_message_log_is_not_for_citizens(client, citizen_user):
    client.force_login(citizen_user)
    response = client.get("/quan-tri/notify/message/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_preferences_choose_the_channel_and_the_language(
    settings, providers, citizen_user, django_capture_on_commit_callbacks
):
    services.preference_update(
        user=citizen_user, actor=citizen_user, use_zalo=False, use_sms=False, language="en"
    )
    recipient = recipient_for_user(citizen_user)
    assert recipient.channels == ("email",) and recipient.language == "en"
    with django_capture_on_commit_callbacks(execute=True):
        message = services.notification_send(
            event="payment_due", recipient=recipient, context=PAYMENT_CONTEXT, key="p:1"
        )
    assert message.channel == "email" and message.user_id == citizen_user.pk
    [email] = mail.outbox
    assert email.subject == "Dossier H46.1-251103-0001: fees to pay"
    assert providers.received() == []


def test_defaults_come_from_the_profile(citizen_user):
    recipient = recipient_for_user(citizen_user)
    assert recipient.address("zalo") == "84912345678"
    assert recipient.address("email") == "an@example.vn"
    assert recipient.language == "vi" and recipient.key == f"user:{citizen_user.pk}"
    assert Message.objects.count() == 0
