# SPDX-License-Identifier: MIT
"""Message wording: one file per event and language, an administrator's override on top.

A file `templates/notify/messages/<language>/<event>.txt` holds four parts, each a Django
template over plain-text variables (already formatted by whoever asks for the message):

    [email_subject]   one line
    [email_body]      the e-mail
    [sms]             a short text; see `sms_fit` for the 160/70-character segments
    [zns]             ZNS template data, one parameter a line: `name: value`

An active `MessageTemplateOverride` for the same event and language replaces the parts it
fills in. Rendering never raises on a bad override: it falls back to the file, so a typo in
the admin cannot stop a dossier from moving.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError

from congso.core.text import strip_marks

from .events import NotificationEvent

logger = logging.getLogger(__name__)

PARTS = ("email_subject", "email_body", "sms", "zns")
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "notify" / "messages"
_SECTION = re.compile(r"^\[(email_subject|email_body|sms|zns)\]\s*$", re.MULTILINE)
_ENGINE = Engine(autoescape=False, string_if_invalid="", libraries={}, builtins=[])

# GSM 03.38 basic character set: text made only of these fits 160 characters a segment.
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€")  # two septets each
_PLAIN_PUNCTUATION = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " "}
)


@dataclass(frozen=True)
class Rendered:
    """One event's message in one language, for every channel."""

    source: str
    email_subject: str
    email_body: str
    sms: str
    zns: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=64)
def file_parts(event: str, language: str) -> dict[str, str]:
    """The four parts of the file for `event` in `language` (Vietnamese when missing)."""
    path = TEMPLATE_DIR / language / f"{event}.txt"
    if not path.exists():
        path = TEMPLATE_DIR / "vi" / f"{event}.txt"
    text = path.read_text(encoding="utf-8")
    pieces = _SECTION.split(text)
    parts = dict.fromkeys(PARTS, "")
    for name, body in zip(pieces[1::2], pieces[2::2], strict=True):
        parts[name] = body.strip("\n")
    return parts


def template_errors(parts: dict[str, str]) -> dict[str, str]:
    """Syntax errors of the non-empty parts, by part name (for the admin form)."""
    errors = {}
    for name, text in parts.items():
        if not text:
            continue
        try:
            _ENGINE.from_string(text)
        except TemplateSyntaxError as exc:
            errors[name] = str(exc)
    return errors


def _override_parts(event: str, language: str) -> tuple[dict[str, str], str]:
    from .models import MessageTemplateOverride

    row = (
        MessageTemplateOverride.objects.filter(event=event, language=language, is_active=True)
        .values("pk", *PARTS)
        .first()
    )
    if row is None:
        return {}, ""
    return {name: row[name] for name in PARTS if row[name].strip()}, f"override:{row['pk']}"


def _render(text: str, context: dict[str, Any]) -> str:
    return _compiled(text).render(Context(context, autoescape=False))


@lru_cache(maxsize=512)
def _compiled(text: str) -> Any:
    """A template's text compiled once per process: the same few texts (the built-in
    templates and the active overrides) serve every message. An edited override is new text."""
    return _ENGINE.from_string(text)


def _zns_data(text: str) -> dict[str, str]:
    data = {}
    for line in text.splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            data[name.strip()] = value.strip()
    return data


def message_render(*, event: str, language: str, context: dict[str, Any]) -> Rendered:
    """Render every part of `event` in `language` with `context`."""
    if event not in NotificationEvent.values:
        raise ValueError(f"unknown notification event {event!r}")
    base = file_parts(event, language)
    override, override_source = _override_parts(event, language)
    values: dict[str, str] = {}
    used_override = False
    for name in PARTS:
        text = override.get(name)
        if text is not None:
            try:
                values[name] = _render(text, context)
                used_override = True
                continue
            except Exception:  # a broken override must not stop the message
                logger.exception("notify override %s/%s part %s failed", event, language, name)
        values[name] = _render(base[name], context)
    source = override_source if used_override else f"file:{language}/{event}"
    return Rendered(
        source=source,
        email_subject=" ".join(values["email_subject"].split())[:255],
        email_body=values["email_body"].strip() + "\n",
        sms=" ".join(values["sms"].split()),
        zns=_zns_data(values["zns"]),
    )


# --- SMS length -----------------------------------------------------------------------------------


def sms_is_gsm7(text: str) -> bool:
    return all(char in GSM7 or char in GSM7_EXTENDED for char in text)


def sms_segments(text: str) -> int:
    """How many SMS segments `text` takes: 160/153 GSM 7-bit characters, else 70/67 UCS-2."""
    if sms_is_gsm7(text):
        length = len(text) + sum(1 for char in text if char in GSM7_EXTENDED)
        single, multi = 160, 153
    else:
        length = len(text.encode("utf-16-be")) // 2
        single, multi = 70, 67
    if length <= single:
        return 1
    return -(-length // multi)


def sms_fit(text: str, *, unicode: bool | None = None, max_segments: int | None = None) -> str:
    """The SMS text as the gateway gets it: without diacritics unless Unicode is allowed,
    cut (with "...") to at most `max_segments` segments."""
    if unicode is None:
        unicode = settings.CONGSO_NOTIFY_SMS_UNICODE
    if max_segments is None:
        max_segments = max(1, settings.CONGSO_NOTIFY_SMS_MAX_SEGMENTS)
    if not unicode:
        text = strip_marks(text.translate(_PLAIN_PUNCTUATION))
        text = "".join(char if char in GSM7 or char in GSM7_EXTENDED else "?" for char in text)
    if sms_segments(text) <= max_segments:
        return text
    while text and sms_segments(text + "...") > max_segments:
        text = text[:-1]
    return text.rstrip() + "..."
