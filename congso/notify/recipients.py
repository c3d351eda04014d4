# SPDX-License-Identifier: MIT
"""Who a message goes to: a person's addresses, language and the channels they allow."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from congso.accounts.validators import normalise_phone

from .events import FALLBACK_ORDER, LANGUAGES, Channel
from .models import NotificationPreference


@dataclass(frozen=True)
class Recipient:
    """One person to tell. `key` identifies them across channels (for de-duplication)."""

    key: str
    name: str = ""
    email: str = ""
    phone: str = ""
    language: str = "vi"
    channels: tuple[str, ...] = FALLBACK_ORDER
    user_id: int | None = None

    def address(self, channel: str) -> str:
        """The address on `channel`, or "" when this person cannot be reached there.

        Phones come out as 84xxxxxxxxx (the form ZNS wants); e-mail as given, if valid.
        """
        if channel not in self.channels:
            return ""
        if channel == Channel.EMAIL:
            return clean_email(self.email)
        return phone_digits(self.phone)


def phone_digits(phone: str) -> str:
    """A Vietnamese mobile number as 84xxxxxxxxx, or "" when it is not one."""
    if not phone:
        return ""
    try:
        return normalise_phone(phone).lstrip("+")
    except ValidationError:
        return ""


def clean_email(email: str) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


def _language(value: str) -> str:
    return value if value in LANGUAGES else "vi"


def recipient_for_user(
    user: AbstractBaseUser, *, email: str = "", phone: str = "", name: str = ""
) -> Recipient:
    """A person with an account: their preferences first, then the given contact details
    (what they wrote on a dossier), then their citizen profile and account."""
    preference = NotificationPreference.objects.filter(user_id=user.pk).first()
    citizen = getattr(user, "citizen", None)  # the reverse one-to-one raises when absent
    profile_email = (citizen.email if citizen else "") or getattr(user, "email", "")
    profile_phone = citizen.phone if citizen else ""
    display = name or (citizen.full_name if citizen else "") or str(user)
    if preference is None:
        return Recipient(
            key=f"user:{user.pk}",
            name=display,
            email=email or profile_email,
            phone=phone or profile_phone,
            user_id=user.pk,
        )
    return Recipient(
        key=f"user:{user.pk}",
        name=display,
        email=preference.email or email or profile_email,
        phone=preference.phone or phone or profile_phone,
        language=_language(preference.language),
        channels=tuple(c for c in FALLBACK_ORDER if preference.allows(c)),
        user_id=user.pk,
    )


def recipient_for_contact(
    *, key: str, name: str = "", email: str = "", phone: str = "", language: str = "vi"
) -> Recipient:
    """A person without an account (registered at the desk), reached at the given details."""
    return Recipient(key=key, name=name, email=email, phone=phone, language=_language(language))
