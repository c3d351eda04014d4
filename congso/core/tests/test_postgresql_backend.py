# SPDX-License-Identifier: MIT
"""The PostgreSQL backend checks a kept connection only after it sat idle, and still
replaces one that died meanwhile."""

from __future__ import annotations

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]


def _new_request() -> None:
    """What Django does between two requests on a kept connection."""
    connection.close_if_unusable_or_obsolete()


def _pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.fixture
def checks(monkeypatch):
    wrapper = connections["default"]
    wrapper.ensure_connection()
    monkeypatch.setattr(wrapper, "health_check_enabled", True)
    monkeypatch.setattr(wrapper, "close_at", None)  # kept open, as with CONN_MAX_AGE
    calls = []
    real = type(wrapper).is_usable

    def counted(self):
        calls.append(self.alias)
        return real(self)

    monkeypatch.setattr(type(wrapper), "is_usable", counted)
    return calls


def test_a_connection_in_steady_use_is_not_checked(checks):
    first = _pid()
    for _ in range(3):
        _new_request()
        assert _pid() == first
    assert checks == []


def test_an_idle_connection_is_checked_once_per_request(checks):
    _pid()
    _new_request()
    connections["default"].used_at -= 60
    _pid()
    _pid()
    assert checks == ["default"]


def test_a_connection_that_died_while_idle_is_replaced_before_use(checks):
    import psycopg

    dead = _pid()
    url = connection.settings_dict
    with psycopg.connect(
        dbname=url["NAME"], user=url["USER"], host=url["HOST"] or None, port=url["PORT"] or None,
        password=url["PASSWORD"] or None, autocommit=True,
    ) as admin:  # fmt: skip
        admin.execute("SELECT pg_terminate_backend(%s)", [dead])
    _new_request()
    connections["default"].used_at -= 60
    assert _pid() != dead
    assert checks == ["default"]
