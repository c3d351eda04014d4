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
