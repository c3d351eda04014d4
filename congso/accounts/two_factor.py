# SPDX-License-Identifier: MIT
"""Officer sign-in hardening: one TOTP device per officer (django-otp), lock-out (django-axes).

Both libraries are imported only when used, so congso still imports without them; the
functions raise ImproperlyConfigured, naming the settings to add, when they are missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext as _

from . import selectors
from .exceptions import NotAllowedError
from .models import OfficerRoleKind

if TYPE_CHECKING:
    from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_APPS = ("django_otp", "django_otp.plugins.otp_totp")
LOCKOUT_APP = "axes"
TOKEN_PATTERN = re.compile(r"^[0-9]{6}$")


def totp_available() -> bool:
    return all(apps.is_installed(name) for name in TOTP_APPS)


def lockout_available() -> bool:
    return apps.is_installed(LOCKOUT_APP)


def _totp_device_model() -> type[TOTPDevice]:
    if not totp_available():
        raise ImproperlyConfigured(
            "Officer sign-in needs 'django_otp' and 'django_otp.plugins.otp_totp' in "
            "INSTALLED_APPS and 'django_otp.middleware.OTPMiddleware' in MIDDLEWARE."
        )
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice


@dataclass(frozen=True)
class TotpEnrolment:
    """A new, not yet confirmed device: show `provisioning_uri` once, as a QR code."""

    device_id: int
    provisioning_uri: str


def officer_security_admin_check(*, actor: AbstractBaseUser | None, user: AbstractBaseUser) -> None:
    """Raise unless `actor` may reset `user`'s TOTP device or lift a lock-out.

    The system and superusers may; a province administrator may for anyone but a
    superuser; an agency administrator for the officers of their agency. Nobody resets
    their own: a stolen session must not be enough to replace the second factor.
    """
    if actor is None or (actor.is_superuser and actor.is_active):
        return
    if not actor.is_active or actor.pk == user.pk or user.is_superuser:
        raise NotAllowedError(_("You may not change this officer's sign-in."))
    roles = selectors.officer_roles_for(user=actor)
    if roles.filter(role=OfficerRoleKind.PROVINCE_ADMIN).exists():
        return
    admin_of = roles.filter(role=OfficerRoleKind.AGENCY_ADMIN).values("agency_id")
    if selectors.officer_roles_for(user=user).filter(agency_id__in=admin_of).exists():
        return
    raise NotAllowedError(_("You may not change this officer's sign-in."))


@transaction.atomic
def officer_totp_enrol(*, actor: AbstractBaseUser | None, user: AbstractBaseUser) -> TotpEnrolment:
    """Give `user` a new authenticator (TOTP, RFC 6238), replacing any earlier one.

    The device stays unconfirmed until the officer's first sign-in with a correct code.
    """
    device_model = _totp_device_model()
    officer_security_admin_check(actor=actor, user=user)
    device_model.objects.filter(user=user).delete()
    device = device_model.objects.create(user=user, name="congso", confirmed=False)
    return TotpEnrolment(device_id=device.pk, provisioning_uri=device.config_url)


@transaction.atomic
def officer_totp_verify(*, user: AbstractBaseUser, token: str) -> Any | None:
    """The device of `user` that accepts `token`, or None.

    django-otp refuses a code used before (replay) and slows down repeated failures; a
    first correct code confirms a newly enrolled device.
    """
    if not TOKEN_PATTERN.fullmatch(token or ""):
        return None
    device_model = _totp_device_model()
    devices = (
        device_model.objects.select_for_update().filter(user=user).order_by("-confirmed", "pk")
    )
    for device in devices:
        if device.verify_token(token):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            return device
    return None


def officer_has_totp(*, user: AbstractBaseUser) -> bool:
    return _totp_device_model().objects.filter(user=user).exists()


@transaction.atomic
def officer_unlock(*, actor: AbstractBaseUser | None, user: AbstractBaseUser) -> int:
    """Lift a lock-out after failed sign-ins; returns how many attempt records were cleared."""
    if not lockout_available():
        raise ImproperlyConfigured("Lock-out needs 'axes' in INSTALLED_APPS.")
    officer_security_admin_check(actor=actor, user=user)
    from axes.utils import reset

    return reset(username=user.get_username())


def lockout_minutes(request: Any = None) -> int | None:
    """How long a lock-out lasts, in whole minutes; None when it lasts until lifted."""
    if not lockout_available():
        return None
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    return max(1, int(cool_off.total_seconds() + 59) // 60)


def lockout_failure_limit(request: Any = None, credentials: dict[str, Any] | None = None) -> int:
    if not lockout_available():
        return 0
    from axes.helpers import get_failure_limit

    return get_failure_limit(request, credentials)
