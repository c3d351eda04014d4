# SPDX-License-Identifier: MIT
"""The production server as deployed: gunicorn with congso.gunicorn_conf.

The application is loaded in the master and the workers are forked from it; they must
still each open their own database connections and answer correctly side by side.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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
    finally:
        server.terminate()
        server.terminate()
        server.wait(timeout=60)
        log.close()
