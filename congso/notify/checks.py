# SPDX-License-Identifier: MIT
"""System checks: a misspelt channel back-end fails `manage.py check`, not a message later."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

BACKENDS = {
    "CONGSO_NOTIFY_SMS_BACKEND": {"", "console", "file", "esms"},
    "CONGSO_NOTIFY_ZALO_BACKEND": {"", "console", "file", "zns"},
}
REQUIRED = {
    ("CONGSO_NOTIFY_SMS_BACKEND", "esms"): (
        "CONGSO_NOTIFY_SMS_API_KEY",
        "CONGSO_NOTIFY_SMS_SECRET_KEY",
        "CONGSO_NOTIFY_SMS_BRANDNAME",
    ),
    ("CONGSO_NOTIFY_ZALO_BACKEND", "zns"): ("CONGSO_NOTIFY_ZALO_ACCESS_TOKEN",),
}


@checks.register()
def notify_backends_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    for name, allowed in BACKENDS.items():
        value = getattr(settings, name, "").strip().lower()
        if value not in allowed:
            problems.append(
                checks.Error(
                    f"{name}={value!r} is not one of {sorted(allowed - {''})} (or empty: off).",
                    id="notify.E001",
                )
            )
            continue
        for needed in REQUIRED.get((name, value), ()):
            if not getattr(settings, needed, ""):
                problems.append(checks.Error(f"{name}={value} needs {needed}.", id="notify.E002"))
    return problems
