# SPDX-License-Identifier: MIT
from __future__ import annotations

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP

from congso.accounts.forms import OfficerLoginForm
from congso.accounts.models import OfficerRole
from congso.core import units
from congso.core.agencies import agencies_upsert
from congso.demo.accounts import (
    DEMO_CENTRE_CODE,
    DEMO_COMMUNE_CENTRE_CODE,
    demo_accounts_create,
    demo_totp_key,
)
from congso.demo.agencies import demo_agencies

pytestmark = pytest.mark.django_db


def test_demo_officers_have_roles_and_sign_in_with_their_demo_totp(rf, capsys):
    units.units_load_current()
    agencies_upsert(rows=demo_agencies())
    assert demo_accounts_create() == 4
    desk = OfficerRole.objects.filter(user__username="tiepnhan")
    assert sorted(desk.values_list("agency__code", "role")) == [
        (DEMO_CENTRE_CODE, "reception"),
        (DEMO_COMMUNE_CENTRE_CODE, "reception"),
    ]
    assert OfficerRole.objects.filter(user__username="lanhdao", role="head").count() > 10
    code = f"{TOTP(bytes.fromhex(demo_totp_key('tiepnhan'))).token():06d}"
    form = OfficerLoginForm(
        rf.post("/can-bo/dang-nhap/"),
        data={"username": "tiepnhan", "password": "demo-tiepnhan-2025", "otp_token": code},
    )
    assert form.is_valid(), form.errors
    call_command("demo_totp")
    assert code in capsys.readouterr().out
    # Running it again resets rather than duplicates.
    demo_accounts_create()
    assert desk.count() == 2
