# SPDX-License-Identifier: MIT
"""SQLite transactions queue on the writer lock file: held from BEGIN to commit, rollback or
close; a transaction waits for it instead of failing or sleeping; a failed BEGIN lets go."""

from __future__ import annotations

import copy
import fcntl
import os
import sqlite3
import threading

import pytest
from django.db import OperationalError, connection, connections

from congso.core.sqlite3.base import DatabaseWrapper, writer_lock_path

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backend")


@pytest.fixture
def database(tmp_path, django_db_blocker):
    """A database file of its own with one table, and a way to open connections to it."""
    django_db_blocker.unblock()
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict["NAME"] = str(tmp_path / "locks.sqlite3")
    opened = []

    def open_wrapper(busy_ms: int = 5000) -> DatabaseWrapper:
        options = settings_dict["OPTIONS"]
        commands = options["init_command"].replace("busy_timeout=5000", f"busy_timeout={busy_ms}")
        wrapper = DatabaseWrapper(
            {**settings_dict, "OPTIONS": {**options, "init_command": commands}}, alias="locks"
        )
        opened.append(wrapper)
        return wrapper

    first = open_wrapper()
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    yield open_wrapper, settings_dict["NAME"]
    for wrapper in opened:
        if wrapper.connection is not None:  # the other threads' were closed there
            wrapper.close()
    django_db_blocker.restore()


def _lock_is_free(name: str) -> bool:
    fd = os.open(writer_lock_path(name), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def _begin(wrapper: DatabaseWrapper) -> None:
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def _end(wrapper: DatabaseWrapper, *, commit: bool) -> None:
    (wrapper.commit if commit else wrapper.rollback)()
    wrapper.set_autocommit(True)


@pytest.mark.parametrize("commit", [True, False])
def test_the_lock_is_held_for_the_transaction_only(database, commit):
    open_wrapper, name = database
    wrapper = open_wrapper()
    wrapper.ensure_connection()
    assert _lock_is_free(name)
    _begin(wrapper)
    with wrapper.cursor() as cursor:
        cursor.execute("INSERT INTO note (body) VALUES ('một')")
    assert not _lock_is_free(name)
    _end(wrapper, commit=commit)
    assert _lock_is_free(name)
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM note")
        assert cursor.fetchone()[0] == (1 if commit else 0)


def test_closing_inside_a_transaction_lets_go(database):
    open_wrapper, name = database
    wrapper = open_wrapper()
    _begin(wrapper)
    assert not _lock_is_free(name)
    wrapper.close()
    assert _lock_is_free(name)


def test_a_transaction_waits_for_the_holder_then_runs(database):
    """Another process's transaction holds the lock (the test holds the file): a writer
    waits, though SQLite itself is free, and goes on as soon as the lock is let go."""
    open_wrapper, name = database
    written = threading.Event()
    failures = []

    def write() -> None:
        wrapper = open_wrapper()
        try:
            _begin(wrapper)
            with wrapper.cursor() as cursor:
                cursor.execute("INSERT INTO note (body) VALUES ('đợi lượt')")
            _end(wrapper, commit=True)
            written.set()
        except Exception as exc:  # reported to the test's thread
            failures.append(exc)
        finally:
            wrapper.close()

    fd = os.open(writer_lock_path(name), os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert not written.wait(0.5), "the writer did not wait for the lock"
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    writer.join(10)
    assert failures == [] and written.is_set()
    assert sqlite3.connect(name).execute("SELECT body FROM note").fetchall() == [("đợi lượt",)]


def test_a_begin_that_fails_lets_go(database):
    """A program that knows nothing of the lock file holds SQLite's write lock: BEGIN fails
    after the busy timeout and the lock file is free again."""
    open_wrapper, name = database
    outsider = sqlite3.connect(name, isolation_level=None)
    outsider.execute("BEGIN IMMEDIATE")
    wrapper = open_wrapper(busy_ms=50)
    try:
        with pytest.raises(OperationalError, match="locked"):
            _begin(wrapper)
        assert _lock_is_free(name)
    finally:
        outsider.execute("ROLLBACK")
        outsider.close()
    _begin(wrapper)
    _end(wrapper, commit=True)
    assert _lock_is_free(name)


def test_the_lock_can_be_turned_off(database, settings):
    settings.CONGSO_SQLITE_WRITER_LOCK = False
    open_wrapper, name = database
    wrapper = open_wrapper()
    _begin(wrapper)
    assert _lock_is_free(name)
    _end(wrapper, commit=True)


@pytest.mark.django_db
def test_the_test_database_is_the_locked_backend():
    assert isinstance(connections["default"], DatabaseWrapper)
