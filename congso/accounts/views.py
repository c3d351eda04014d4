# SPDX-License-Identifier: MIT
"""Officer sign-in and sign-out pages; the lock-out page that django-axes shows too."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url

from .forms import OfficerLoginForm, lockout_message
from .two_factor import lockout_minutes, totp_available


def officer_lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page shown when sign-in is locked; also settings.AXES_LOCKOUT_CALLABLE."""
    return render(
        request,
        "accounts/officer_locked_out.html",
        {"message": lockout_message(request), "minutes": lockout_minutes(request)},
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )


class OfficerLoginView(LoginView):
    """Username + password + TOTP code, with lock-out after repeated failures."""

    form_class = OfficerLoginForm
    template_name = "accounts/officer_login.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not totp_available():
            from .two_factor import _totp_device_model

            _totp_device_model()  # raises ImproperlyConfigured naming the missing settings
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form: OfficerLoginForm) -> HttpResponse:
        if getattr(self.request, "axes_locked_out", False):
            return officer_lockout_response(self.request)
        return super().form_invalid(form)

    def get_default_redirect_url(self) -> str:
        return resolve_url(getattr(settings, "CONGSO_OFFICER_HOME_URL", "admin:index"))


class OfficerLogoutView(LogoutView):
    def get_default_redirect_url(self) -> str:
        return resolve_url("accounts:officer_login")
