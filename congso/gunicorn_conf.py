# SPDX-License-Identifier: MIT
"""Gunicorn hooks: `gunicorn -c python:congso.gunicorn_conf congso.wsgi:application`.

Each worker builds its catalog search index before it takes its first request, so no
citizen waits a second for the build.
"""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    from django.db import connections

    from congso.catalog.search import search_index_warm

    try:
        search_index_warm()
    finally:
        connections.close_all()
