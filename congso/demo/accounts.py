# SPDX-License-Identifier: MIT
"""Demo log-ins: a province administrator and officers of the one-stop desk and departments.

Officers sign in with a password and a TOTP code. Their TOTP keys are fixed demo values
(printed by `serve_demo`; `manage.py demo_totp` prints the current codes), so anyone can
try the back office without an authenticator app. Demo data only — never in production.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("Quản trị tỉnh / province admin", "quantri", "demo-quantri-2025"),
    ("Một cửa / reception desk", "tiepnhan", "demo-tiepnhan-2025"),
    ("Chuyên viên / specialist", "chuyenvien", "demo-chuyenvien-2025"),
    ("Lãnh đạo / head of unit", "lanhdao", "demo-lanhdao-2025"),
]
# username → (role, which agencies): the desk at the service centre, the others in every
# provincial department and the centre, so any demo procedure can be processed end to end.
# All three also work at one ward's service centre, for the commune-level procedures.
DEMO_OFFICER_ROLES = {
    "tiepnhan": ("reception", "centre"),
    "chuyenvien": ("specialist", "province"),
    "lanhdao": ("head", "province"),
}
DEMO_CENTRE_CODE = "000.01.01.H46"
DEMO_COMMUNE_CENTRE_CODE = "000.01.40.H46"  # Trung tâm Phục vụ hành chính công phường Phú Xuân


def demo_totp_key(username: str) -> str:
    """The fixed demo TOTP key of `username`, as the hex django-otp stores."""
    return hashlib.sha256(f"congso-demo-totp:{username}".encode()).hexdigest()[:40]


def demo_totp_base32(username: str) -> str:
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode()


@transaction.atomic
def demo_accounts_create() -> int:
    """Create (or reset) the demo log-ins, their roles and TOTP devices; returns how many."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from congso.accounts.models import OfficerRole
    from congso.core.models import Agency

    user_model = get_user_model()
    for _role, username, password in DEMO_LOGINS:
        user, _created = user_model.objects.get_or_create(
            username=username,
            defaults={"full_name": f"Demo {username}", "email": f"{username}@demo.invalid"},
        )
        user.is_staff = username == "quantri"
        user.is_superuser = username == "quantri"
        user.set_password(password)
        user.save()
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(
            user=user, name="demo", confirmed=True, key=demo_totp_key(username)
        )
        if username not in DEMO_OFFICER_ROLES:
            continue
        role, scope = DEMO_OFFICER_ROLES[username]
        agencies = Agency.objects.filter(is_demo=True)
        if scope == "centre":
            agencies = agencies.filter(code__in=(DEMO_CENTRE_CODE, DEMO_COMMUNE_CENTRE_CODE))
        else:
            agencies = agencies.filter(Q(level="province") | Q(code=DEMO_COMMUNE_CENTRE_CODE))
        for agency in agencies:
            OfficerRole.objects.get_or_create(
                user=user,
                agency=agency,
                role=role,
                defaults={"valid_from": dt.date(2025, 1, 1), "basis": "Demo"},
            )
    return len(DEMO_LOGINS)
