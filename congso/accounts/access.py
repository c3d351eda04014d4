# SPDX-License-Identifier: MIT
"""Who may open officers' pages: a signed-in officer whose session passed the TOTP check."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from congso.accounts.selectors import user_is_officer


def officer_page_guard(
    *, also_allow: Callable[[Any], bool] | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A decorator for officers' pages: anonymous users and sessions without a second factor
    go to the officer sign-in page; a citizen gets 403.

    CONGSO_OFFICER_REQUIRE_OTP (on by default) is the switch. `also_allow` lets in users who
    hold a permission rather than an agency role (e.g. field-report coordinators).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            login_url = reverse("accounts:officer_login")
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url)
            allowed = user.is_superuser or user_is_officer(user=user)
            if not (allowed or (also_allow is not None and also_allow(user))):
                raise PermissionDenied(_("This page is for officers."))
            verified = getattr(user, "is_verified", lambda: False)()
            if getattr(settings, "CONGSO_OFFICER_REQUIRE_OTP", True) and not verified:
                return redirect_to_login(request.get_full_path(), login_url)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


officer_required = officer_page_guard()
