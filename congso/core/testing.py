# SPDX-License-Identifier: MIT
"""Helpers for tests that start congso in another process (a worker, gunicorn)."""

from __future__ import annotations

from django.db import connection


def database_url() -> str:
    """DATABASE_URL of the database the tests run on, for a child process to share it
    (transactional tests only: a child never sees an open test transaction)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
