# SPDX-License-Identifier: MIT
"""Production-style settings for benchmarks: the real settings plus a minimal reference view."""

import os

os.environ.setdefault("CONGSO_DEMO", "true")

from bench.dbsetup import cache_dir
from congso.settings import *  # noqa: F403
from congso.settings import CACHES

if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"]["LOCATION"] = cache_dir(os.environ.get("DATABASE_URL", ""))

ROOT_URLCONF = "bench.urls"
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
