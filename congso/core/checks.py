# SPDX-License-Identifier: MIT
"""System checks of the platform itself: what the embedded database must be able to do."""

from __future__ import annotations

import sqlite3
from typing import Any

from django.conf import settings
from django.core import checks

# `INSERT … ON CONFLICT … RETURNING` takes a dossier's number in one statement.
SQLITE_MINIMUM = (3, 35, 0)


@checks.register()
def sqlite_version_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    engines = [database["ENGINE"] for database in settings.DATABASES.values()]
    return sqlite_version_problems(engines, sqlite3.sqlite_version_info)


def sqlite_version_problems(
    engines: list[str], version: tuple[int, ...]
) -> list[checks.CheckMessage]:
    """SQLite older than 3.35 lacks RETURNING: refuse to start rather than fail on the first
    submission."""
    if not any(engine.endswith("sqlite3") for engine in engines) or version >= SQLITE_MINIMUM:
        return []
    have, needed = (".".join(str(part) for part in v) for v in (version, SQLITE_MINIMUM))
    return [
        checks.Error(
            f"SQLite {have} is too old: congso needs {needed} or newer (RETURNING). "
            "Use a newer Python or system SQLite, or PostgreSQL.",
            id="core.E001",
        )
    ]
