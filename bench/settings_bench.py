# SPDX-License-Identifier: MIT
"""Production-style settings for benchmarks: the real settings plus a minimal reference view."""

import os

os.environ.setdefault("CONGSO_DEMO", "true")

from congso.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
