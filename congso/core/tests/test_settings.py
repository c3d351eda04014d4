# SPDX-License-Identifier: MIT
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONGSO_", "DJANGO_"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_stops_start_up_outside_demo_mode(tmp_path):
    result = run_check({"CONGSO_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_demo_mode_starts_without_a_secret_key(tmp_path):
    result = run_check({"CONGSO_DEMO": "true", "CONGSO_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_is_a_clear_configuration_error(tmp_path):
    result = run_check({"CONGSO_DEMO": "maybe", "CONGSO_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "CONGSO_DEMO must be true or false" in result.stderr


COUNT_ONE_READ = """
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from congso.feedback.limits import open311_read_wait
settings.CONGSO_OPEN311_READ_RATE = "1/h"
request = RequestFactory().get("/open311/v2/services.json", REMOTE_ADDR="203.0.113.5")
request.user = AnonymousUser()
print("refused" if open311_read_wait(request) else "served")
"""


def test_without_redis_the_worker_processes_share_one_cache(tmp_path):
    """Two processes, as two gunicorn workers: the second read is over a rate of one an
    hour, so a limit is not multiplied by the number of workers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONGSO_", "DJANGO_"))}
    env.update({"CONGSO_DEMO": "true", "CONGSO_VAR_DIR": str(tmp_path)})
    answers = []
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", COUNT_ONE_READ],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        answers.append(result.stdout.strip().splitlines()[-1])
    assert answers == ["served", "refused"]
    assert any((tmp_path / "cache").iterdir())
