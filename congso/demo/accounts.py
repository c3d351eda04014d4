# SPDX-License-Identifier: MIT
"""Demo log-ins. They exist only in a demo database and are printed by `serve_demo`."""

from __future__ import annotations

from django.contrib.auth import get_user_model

# (role shown to the person trying the demo, username, password)
DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("Quản trị tỉnh / province admin", "quantri", "demo-quantri-2025"),
]


def demo_accounts_create() -> int:
    """Create (or reset) the demo log-ins; returns how many exist."""
    user_model = get_user_model()
    for _role, username, password in DEMO_LOGINS:
        user, _created = user_model.objects.get_or_create(
            username=username,
            defaults={"full_name": "Quản trị demo", "email": f"{username}@demo.invalid"},
        )
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
    return len(DEMO_LOGINS)
