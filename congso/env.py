# SPDX-License-Identifier: MIT
"""Reading settings from the environment, with loud failures on bad values."""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from exc


RATE_PATTERN = re.compile(r"^[0-9]+/([1-9][0-9]*)?[smhd]$")


def env_rate(name: str, default: str) -> str:
    """A rate such as "30/h" (per second, minute, hour or day, optionally "30/15m"); empty
    turns the limit off."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    raw = raw.strip()
    if raw and not RATE_PATTERN.match(raw):
        raise ImproperlyConfigured(f"{name} must look like 30/h or 5/15m, got {raw!r}")
    return raw


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str, default: str | None = None) -> str | None:
    """Read NAME_FILE (a mounted secret) first, then NAME."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)
