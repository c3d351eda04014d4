# SPDX-License-Identifier: MIT
"""Officer sign-in: password + TOTP (django-otp), lock-out after 5 failures (django-axes)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from congso.accounts import services
from congso.accounts.exceptions import NotAllowedError

from .conftest import grant, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "mật-khẩu-đủ-dài-42"


def current_token(device) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong_token(device) -> str:
    return f"{(int(current_token(device)) + 500000) % 1000000:06d}"


@pytest.fixture
def device(officer):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    services.officer_totp_enrol(actor=None, user=officer)
    return TOTPDevice.objects.get(user=officer)


def post_login(client, username, password=PASSWORD, token="000000", **extra):
    return client.post(
        reverse("accounts:officer_login"),
        {"username": username, "password": password, "otp_token": token, **extra},
    )


def test_the_page_has_labelled_fields_in_vietnamese(client):
    page = client.get(reverse("accounts:officer_login"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đăng nhập dành cho cán bộ" in html
    for field in ("id_username", "id_password", "id_otp_token"):
        assert f'for="{field}"' in html and f'id="{field}"' in html
    assert 'autocomplete="one-time-code"' in html


def test_the_right_password_and_code_sign_in_and_confirm_the_device(client, officer, device):
    assert not device.confirmed
    response = post_login(client, "motcua", token=current_token(device))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert client.session["otp_device_id"] == device.persistent_id
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_is_refused_and_counts_as_a_failure(client, officer, device):
    from axes.models import AccessAttempt

    response = post_login(client, "motcua", token=wrong_token(device))
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Mã 6 chữ số không đúng" in response.content.decode()
    attempt = AccessAttempt.objects.get(username="motcua")
    assert attempt.failures_since_start == 1
    assert wrong_token(device) not in attempt.post_data  # the code is never logged


def test_a_code_cannot_be_used_twice(client, officer, device):
    token = current_token(device)
    assert post_login(client, "motcua", token=token).status_code == 302
    client.logout()
    assert post_login(client, "motcua", token=token).status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("token", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_a_malformed_code_is_refused_before_the_password_is_tried(client, officer, device, token):
    from axes.models import AccessAttempt

    response = post_login(client, "motcua", token=token)
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()


def test_five_wrong_passwords_lock_the_account_with_a_vietnamese_message(client, officer, device):
    for _ in range(4):
        assert post_login(client, "motcua", password="sai").status_code == 200
    locked = post_login(client, "motcua", password="sai")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Tài khoản đã bị khóa sau 5 lần đăng nhập sai" in html
    assert "30 phút" in html
    # Even the right password and code are refused while locked.
    again = post_login(client, "motcua", token=current_token(device))
    assert again.status_code == 429 and "_auth_user_id" not in client.session


def test_five_wrong_codes_lock_the_account_too(client, officer, device):
    responses = [post_login(client, "motcua", token=wrong_token(device)) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]


def test_a_lock_is_per_account(client, officer, device, agency):
    for _ in range(5):
        post_login(client, "motcua", password="sai")
    colleague = make_user("dongnghiep")
    grant(colleague, agency, "specialist")
    enrolment_device = services.officer_totp_enrol(actor=None, user=colleague)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    other = TOTPDevice.objects.get(pk=enrolment_device.device_id)
    assert post_login(client, "dongnghiep", token=current_token(other)).status_code == 302


def test_an_administrator_unlocks_the_account(client, officer, device, agency_admin):
    for _ in range(5):
        post_login(client, "motcua", password="sai")
    assert services.officer_unlock(actor=agency_admin, user=officer) >= 1
    assert post_login(client, "motcua", token=current_token(device)).status_code == 302


def test_a_successful_sign_in_resets_the_failure_count(client, officer, device):
    from axes.models import AccessAttempt

    for _ in range(4):
        post_login(client, "motcua", password="sai")
    assert post_login(client, "motcua", token=current_token(device)).status_code == 302
    assert not AccessAttempt.objects.filter(username="motcua").exists()


def test_an_officer_without_an_authenticator_is_told_to_ask_for_one(client, officer):
    response = post_login(client, "motcua", token="123456")
    assert response.status_code == 200
    assert "chưa được thiết lập" in response.content.decode()


def test_an_account_without_a_role_cannot_use_the_officer_page(client, plain_user):
    services.officer_totp_enrol(actor=None, user=plain_user)
    response = post_login(client, "khach", token="123456")
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "không có vai trò cán bộ" in response.content.decode()


def test_a_disabled_account_cannot_sign_in(client, officer, device):
    officer.is_active = False
    officer.save()
    response = post_login(client, "motcua", token=current_token(device))
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_sign_out(client, officer, device):
    post_login(client, "motcua", token=current_token(device))
    response = client.post(reverse("accounts:officer_logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:officer_login")
    assert "_auth_user_id" not in client.session


# --- enrolment -----------------------------------------------------------------------------------


def test_enrolment_gives_a_provisioning_uri_and_replaces_the_old_device(officer, agency_admin):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    first = services.officer_totp_enrol(actor=agency_admin, user=officer)
    second = services.officer_totp_enrol(actor=agency_admin, user=officer)
    assert second.provisioning_uri.startswith("otpauth://totp/")
    assert "secret=" in second.provisioning_uri and "issuer=" in second.provisioning_uri
    assert list(TOTPDevice.objects.filter(user=officer).values_list("pk", flat=True)) == [
        second.device_id
    ]
    assert first.device_id != second.device_id


def test_who_may_reset_an_authenticator(
    officer, officer_other_agency, agency_admin, province_admin, superuser
):
    services.officer_totp_enrol(actor=province_admin, user=officer_other_agency)
    for actor, user in [
        (agency_admin, officer_other_agency),  # another agency
        (officer, officer),  # oneself
        (officer, agency_admin),  # not an administrator
        (province_admin, superuser),  # a superuser's second factor
    ]:
        with pytest.raises(NotAllowedError):
            services.officer_totp_enrol(actor=actor, user=user)
    with pytest.raises(NotAllowedError):
        services.officer_unlock(actor=officer, user=officer)


def test_the_management_command_prints_the_uri(officer, capsys):
    from django.core.management import call_command

    call_command("officer_totp_enrol", "motcua", "--no-qr")
    assert capsys.readouterr().out.startswith("otpauth://totp/")
