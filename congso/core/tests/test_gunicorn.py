# SPDX-License-Identifier: MIT
"""The production server as deployed: gunicorn with congso.gunicorn_conf.

The application is loaded in the master and the workers are forked from it; they must
still each open their own database connections and answer correctly side by side.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest

from congso.core.testing import database_url

REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _listening_sockets(port: int) -> int:
    """How many IPv4 sockets listen on `port` (state 0A in /proc/net/tcp)."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
            count += 1
    return count


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise AssertionError(f"gunicorn stopped with {server.returncode}")
        try:
            if _status(f"{base}/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("gunicorn did not answer within 30 s")


@pytest.mark.django_db(transaction=True)
def test_preloaded_workers_answer_side_by_side(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congso.settings",
        "CONGSO_DEMO": "true",
        "CONGSO_VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
        "CONGSO_LOG_LEVEL": "WARNING",
        "CONGSO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "congso.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "2",
            "--config",
            "python:congso.gunicorn_conf",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        _wait_until_up(base, server)
        urls = [f"{base}/healthz", f"{base}/thu-tuc/", f"{base}/phan-anh/"] * 12
        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = list(pool.map(_status, urls))
        assert statuses == [200] * len(urls), log_path.read_text()[-3000:]
        # The master loaded the views (and the image library they import) before forking.
        maps = Path(f"/proc/{server.pid}/maps").read_text()
        assert "PIL/_imaging" in maps
        # Each worker listens on its own socket, so the kernel spreads connections over
        # both rather than the first worker to wake taking them all.
        assert _listening_sockets(port) == 2
    finally:
        server.terminate()
        server.terminate()
        server.wait(timeout=60)
        log.close()


@pytest.mark.parametrize(
    ("bind", "shared"),
    [(["127.0.0.1:8000"], False), (["unix:/run/congso.sock"], True), (["fd://3"], True)],
)
def test_sockets_per_worker_only_for_a_tcp_bind(bind, shared, monkeypatch):
    from gunicorn.config import Config

    from congso import gunicorn_conf

    monkeypatch.delenv("LISTEN_FDS", raising=False)
    monkeypatch.delenv("GUNICORN_FD", raising=False)
    cfg = Config()
    cfg.set("bind", bind)
    cfg.set("reuse_port", gunicorn_conf.reuse_port)
    gunicorn_conf.on_starting(SimpleNamespace(cfg=cfg, log=logging.getLogger("gunicorn")))
    assert cfg.reuse_port is not shared


def test_sockets_handed_over_by_systemd_are_shared(monkeypatch):
    from gunicorn.config import Config

    from congso import gunicorn_conf

    monkeypatch.setenv("LISTEN_FDS", "1")
    cfg = Config()
    cfg.set("reuse_port", True)
    gunicorn_conf.on_starting(SimpleNamespace(cfg=cfg, log=logging.getLogger("gunicorn")))
    assert cfg.reuse_port is False
