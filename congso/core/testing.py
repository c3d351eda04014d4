# SPDX-License-Identifier: MIT
"""Helpers for tests and benchmarks: congso in another process (a worker, gunicorn), the task
queue run in this one."""

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


def run_due_tasks(worker_id: str = "test-worker") -> None:
    """Run every task of the database back-end's queue that is due, in this process, as
    `manage.py db_worker --batch` would, then return."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    ).run()
