# SPDX-License-Identifier: MIT
"""The embedded database is checked at start, not at the first submission."""

from __future__ import annotations

import pytest

from congso.core.checks import sqlite_version_check, sqlite_version_problems

SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("engines", "version", "errors"),
    [
        ([SQLITE], (3, 34, 1), ["core.E001"]),
        ([POSTGRES, SQLITE], (3, 31, 0), ["core.E001"]),
        ([SQLITE], (3, 35, 0), []),
        ([POSTGRES], (3, 34, 1), []),
    ],
)
def test_an_sqlite_without_returning_is_refused(engines, version, errors):
    found = sqlite_version_problems(engines, version)
    assert [error.id for error in found] == errors
    if errors:
        assert ".".join(map(str, version)) in found[0].msg and "3.35.0" in found[0].msg


def test_this_machine_passes():
    assert sqlite_version_check() == []
