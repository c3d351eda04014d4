# SPDX-License-Identifier: MIT
"""Gunicorn settings and hooks: `gunicorn -c python:congso.gunicorn_conf congso.wsgi:application`.

The application is loaded once in the master, before the workers are forked, so the
workers share its modules (Django, congso, the libraries) copy-on-write instead of each
loading its own: a second worker costs its private pages only. Nothing opens a database
connection while loading; the hook below closes any that did before forking.

Each worker listens on a socket of its own (`SO_REUSEPORT`) and the kernel spreads new
connections over them. With one socket shared by all workers, the first worker to wake
accepts every connection that arrives at once and keeps it (keep-alive), busy or not:
four keep-alive clients were all served by one worker while the other stayed idle.

Each worker builds its catalog search index before it takes its first request, so no
citizen waits a second for the build.
"""

from __future__ import annotations

import gc
import importlib
import os
from typing import Any

preload_app = True
reuse_port = True

SHARED_ON_FIRST_USE = ("congso.signing.pdf_signing", "pyhanko.sign.validation", "openpyxl")


def on_starting(server: Any) -> None:
    """Sockets per worker only where each worker can bind the address itself: a TCP
    address, not a unix socket path, a file descriptor or sockets handed over by systemd
    or by a running master (USR2 upgrade)."""
    cfg = server.cfg
    inherited = os.environ.get("LISTEN_FDS") or os.environ.get("GUNICORN_FD")
    tcp_only = all(isinstance(address, tuple) for address in cfg.address)
    if cfg.reuse_port and (inherited or not tcp_only):
        cfg.set("reuse_port", False)
        server.log.info("One listening socket shared by the workers (not a TCP bind).")


def when_ready(server: Any) -> None:
    """In the master, after the application was loaded: load the URLconf too (the views
    and the modules they import), then freeze what is there so the workers' garbage
    collector never writes to those shared pages."""
    if not server.cfg.preload_app:
        return
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    # The libraries the views load on first use (signing, spreadsheets): here once, shared,
    # rather than a private copy in each worker that signs or exports.
    for module in SHARED_ON_FIRST_USE:
        importlib.import_module(module)
    connections.close_all()
    gc.freeze()


def post_worker_init(worker: Any) -> None:
    from django.db import connections

    from congso.catalog.search import search_index_warm

    try:
        search_index_warm()
    finally:
        connections.close_all()
