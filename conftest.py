# SPDX-License-Identifier: MIT
"""Shared fixtures for the whole suite."""

from __future__ import annotations

import pytest

# Fixtures shared across apps (the dossier tests' small province is used by the back office too).
pytest_plugins = ["congso.dossiers.tests.fixtures"]


@pytest.fixture(autouse=True)
def _fresh_search_index():
    """Each test sees its own catalog, so the per-process search index starts empty."""
    from congso.catalog.search import search_index_reset

    search_index_reset()
    yield
    search_index_reset()


@pytest.fixture(autouse=True)
def _no_post_limits(settings):
    """Every test posts from 127.0.0.1, so the public pages' and Open311's limits would count
    the whole suite's calls: they are off, except in the tests of the limits, which set their
    own."""
    settings.CONGSO_FIELD_REPORT_RATE = ""
    settings.CONGSO_FIELD_REPORT_SUPPORT_RATE = ""
    settings.CONGSO_OPEN311_CLIENT_RATE = ""
    settings.CONGSO_OPEN311_READ_RATE = ""
