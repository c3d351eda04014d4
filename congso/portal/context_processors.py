# SPDX-License-Identifier: MIT
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": settings.CONGSO_SITE_NAME or _("Public Service Portal"),
        "demo_mode": settings.DEMO_MODE,
    }
