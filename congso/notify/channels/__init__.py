# SPDX-License-Identifier: MIT
"""Channel adapters behind one interface, chosen by settings (see congso/notify/settings.py)."""

from __future__ import annotations

from django.conf import settings

from ..events import Channel
from .base import (
    Adapter,
    ConsoleAdapter,
    FileAdapter,
    Outgoing,
    PermanentSendError,
    SendError,
    TransientSendError,
)
from .email import EmailAdapter
from .sms import EsmsAdapter
from .zalo import ZnsAdapter, template_ids

__all__ = [
    "Adapter",
    "Outgoing",
    "PermanentSendError",
    "SendError",
    "TransientSendError",
    "adapter_for",
    "template_ids",
]

_HTTP = {Channel.SMS: ("esms", EsmsAdapter), Channel.ZALO: ("zns", ZnsAdapter)}


def _backend_name(channel: str) -> str:
    if channel == Channel.EMAIL:
        return "django" if settings.CONGSO_NOTIFY_EMAIL else ""
    if channel == Channel.SMS:
        return settings.CONGSO_NOTIFY_SMS_BACKEND.strip().lower()
    if channel == Channel.ZALO:
        return settings.CONGSO_NOTIFY_ZALO_BACKEND.strip().lower()
    return ""


def adapter_for(channel: str) -> Adapter | None:
    """The adapter configured for `channel`, or None when the channel is off."""
    name = _backend_name(channel)
    if not name:
        return None
    if channel == Channel.EMAIL:
        return EmailAdapter()
    if name == "console":
        return ConsoleAdapter(channel)
    if name == "file":
        return FileAdapter(channel)
    http_name, adapter_class = _HTTP[Channel(channel)]
    if name == http_name:
        return adapter_class()
    return None
