# SPDX-License-Identifier: MIT
"""Forms of the accounts pages: the shape of the input only; rules are in the services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import selectors
from .two_factor import (
    lockout_failure_limit,
    lockout_minutes,
    officer_has_totp,
    officer_totp_verify,
)


def lockout_message(request: Any = None) -> str:
    """The sentence an officer reads when sign-in is locked (Vietnamese by default)."""
    limit = lockout_failure_limit(request)
    minutes = lockout_minutes(request)
    if minutes is None:
        return str(
            _(
                "This account is locked after %(limit)s failed sign-in attempts. "
                "Ask your agency administrator to unlock it."
            )
            % {"limit": limit}
        )
    return str(
        _(
            "This account is locked after %(limit)s failed sign-in attempts. Try again in "
            "%(minutes)s minutes, or ask your agency administrator to unlock it."
        )
        % {"limit": limit, "minutes": minutes}
    )


class OfficerLoginForm(AuthenticationForm):
    """Username, password and the 6-digit code of the officer's authenticator app.

    A wrong code counts as a failed sign-in for the lock-out, like a wrong password; the
    password is checked before the code so that a code alone reveals nothing.
    """

    otp_token = forms.CharField(
        label=_("6-digit code"),
        max_length=12,
        help_text=_("The code your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is wrong."),
        "inactive": _("This account is disabled."),
        "invalid_token": _(
            "The 6-digit code is wrong or has expired. Enter the code your app shows now."
        ),
        "no_device": _(
            "Two-step sign-in is not set up for this account. "
            "Ask your agency administrator to set it up."
        ),
        "not_officer": _("This account does not hold an officer role."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")

    def clean_otp_token(self) -> str:
        token = re.sub(r"\s+", "", self.cleaned_data.get("otp_token", ""))
        if not re.fullmatch(r"[0-9]{6}", token):
            raise ValidationError(
                _("Enter the 6 digits your authenticator app shows."), code="token_format"
            )
        return token

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        token = self.cleaned_data.get("otp_token")
        if not username or not password or not token:
            return self.cleaned_data
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            self._raise_if_locked_out()
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(user)
        if not (user.is_staff or selectors.user_is_officer(user=user)):
            raise ValidationError(self.error_messages["not_officer"], code="not_officer")
        device = officer_totp_verify(user=user, token=token)
        if device is None:
            if not officer_has_totp(user=user):
                raise ValidationError(self.error_messages["no_device"], code="no_device")
            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=self.request
            )
            self._raise_if_locked_out()
            raise ValidationError(self.error_messages["invalid_token"], code="invalid_token")
        # django-otp stores the device in the session when the user is logged in.
        user.otp_device = device
        self.user_cache = user
        return self.cleaned_data

    def _raise_if_locked_out(self) -> None:
        if getattr(self.request, "axes_locked_out", False):
            raise ValidationError(lockout_message(self.request), code="locked_out")
