# SPDX-License-Identifier: MIT
"""Reads of notifications, always scoped to the person asking."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from .models import Message, NotificationPreference


def preference_get_for(*, user: AbstractBaseUser) -> NotificationPreference:
    """The person's own preferences; an unsaved row with the defaults when they have none."""
    preference = NotificationPreference.objects.filter(user_id=user.pk).first()
    return preference or NotificationPreference(user_id=user.pk)


def message_list_for(*, user: AbstractBaseUser) -> QuerySet[Message]:
    """The messages sent to this person (what they may see of the log)."""
    return Message.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def profile_contacts_for(*, user: AbstractBaseUser) -> dict[str, str]:
    """The phone and e-mail messages go to when the preferences leave them empty."""
    citizen = getattr(user, "citizen", None)
    return {
        "phone": citizen.phone if citizen else "",
        "email": (citizen.email if citizen else "") or getattr(user, "email", ""),
    }
