# SPDX-License-Identifier: MIT
"""Scheduled commands run once, or again every N seconds."""

from __future__ import annotations

from io import StringIO

import pytest

from congso.core import commands
from congso.core.commands import RepeatableCommand


class Counting(RepeatableCommand):
    runs = 0

    def run_once(self) -> str:
        Counting.runs += 1
        return f"run {Counting.runs}"


class StopLoopError(Exception):
    pass


def test_once_by_default_and_again_with_every(monkeypatch):
    Counting.runs = 0
    out = StringIO()
    Counting(stdout=out).run_from_argv(["manage.py", "counting"])
    assert out.getvalue() == "run 1\n"
    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            raise StopLoopError

    monkeypatch.setattr(commands.time, "sleep", nap)
    with pytest.raises(StopLoopError):
        Counting(stdout=out).run_from_argv(["manage.py", "counting", "--every", "60"])
    assert out.getvalue() == "run 1\nrun 2\nrun 3\n"
    assert naps == [60, 60]
