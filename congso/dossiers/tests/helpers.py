# SPDX-License-Identifier: MIT
"""Helpers shared by the dossier tests."""

from __future__ import annotations

SUBMISSION = {
    "procedure_code": "1.000001",
    "receiving_agency": "000.00.01.H46",
    "applicant_name": "Nguyễn Thị Bình",
    "applicant_email": "binh@example.com",
    "form_data": {"ten_tre": "Nguyễn Văn An"},
}


def submit(client, user, body=SUBMISSION, key=None):
    client.force_login(user)
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/dossiers/", body, content_type="application/json", headers=headers)


def login_officer(client, user):
    """Sign `user` in as after the officer form: password and a confirmed TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
