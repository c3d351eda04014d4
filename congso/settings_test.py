# SPDX-License-Identifier: MIT
"""Test settings: the real settings with fast hashing, in-process tasks and mail in memory."""

import os

os.environ.setdefault("CONGSO_DEMO", "true")

from congso.settings import *  # noqa: F403
from congso.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CONGSO_SEARCH_REFRESH_SECONDS = 0.0
CONGSO_CALENDAR_REFRESH_SECONDS = 0.0
LOGGING = {"version": 1, "disable_existing_loggers": False}
if DATABASES["default"]["ENGINE"] == "congso.core.sqlite3":
    # A file, not :memory:, so tests of concurrent writers see SQLite as production runs it
    # (WAL, busy timeout); the in-memory shared cache locks whole tables instead.
    # One file per test run, so two runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-congso-{os.getpid()}.sqlite3")}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
CONGSO_SIGNING_DEV_DIR = str(VAR_DIR / "test-signing")  # noqa: F405
CONGSO_INDICATORS_CACHE_SECONDS = 0  # every test computes its own figures
if not REDIS_URL:  # noqa: F405
    # Each test run its own cache: two runs side by side (SQLite and PostgreSQL) must not
    # count or clear each other's entries in a shared folder.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
