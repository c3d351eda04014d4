# SPDX-License-Identifier: MIT
"""A fresh benchmark database: SQLite file under var/bench/, or DATABASE_URL's server with a
`_bench` suffix on the database name (dropped and created again)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def cache_dir(database_url: str) -> str:
    """The file cache of the benchmark server on this database (without Redis): one folder
    per database, emptied with it, so figures cached from another run's data never show."""
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:12]
    return str(ROOT / "var" / "bench" / "cache" / digest)


def fresh_database_url(name: str) -> str:
    url = _fresh_database_url(name)
    shutil.rmtree(cache_dir(url), ignore_errors=True)
    return url


def _fresh_database_url(name: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        path = ROOT / "var" / "bench" / f"{name}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    parts = urlsplit(url)
    bench_db = f"{parts.path.lstrip('/') or 'congso'}_{name}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{bench_db}"')
        conn.execute(f'CREATE DATABASE "{bench_db}"')
    return urlunsplit(parts._replace(path=f"/{bench_db}"))


def existing_database_url(name: str) -> str:
    """The database `fresh_database_url(name)` made on an earlier run, kept as it is."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        path = ROOT / "var" / "bench" / f"{name}.sqlite3"
        if not path.exists():
            raise SystemExit(f"no earlier run to reuse: {path} is missing")
        return f"sqlite:///{path}"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/') or 'congso'}_{name}"))


def django_setup(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_bench"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def engine_name(database_url: str) -> str:
    return "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"
