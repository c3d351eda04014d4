# SPDX-License-Identifier: MIT
"""Fixtures for the browser tests: one headless Chromium per run, a fresh context per test.

The portal runs in pytest-django's live server (a thread of this process), so the catalog is
written with `transactional_db`: the server thread only sees committed rows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 667}
TIMEOUT_MS = 5_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, driven by Playwright's sync API; the tests skip without it."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    # Playwright's sync API keeps an asyncio loop running in this thread; Django's ORM would
    # take that for an async context and refuse to query (live_server setup, database flushes).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def catalog(transactional_db: None) -> None:
    """The 20 sample procedures, committed so that the live server thread sees them."""
    from congso.catalog import services
    from congso.catalog.tests.factories import sample_records

    services.procedures_upsert(records=sample_records())


@pytest.fixture
def portal(live_server: Any, catalog: None) -> str:
    """Base URL of the live portal with the sample catalog loaded."""
    return live_server.url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and PDFs (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _new_page(browser: Any, **options: Any) -> tuple[Any, Any]:
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(f"script error: {error}"))
    page.on("console", lambda message: _console_error(page.errors, message))
    return context, page


def _console_error(errors: list[str], message: Any) -> None:
    if message.type == "error":
        errors.append(f"{message.text} ({message.location.get('url', '')})")


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A desktop page with JavaScript; `page.errors` collects script and console errors."""
    context, page = _new_page(browser, viewport=DESKTOP)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser: Any) -> Iterator[Any]:
    """A desktop page with JavaScript turned off, as on a locked-down or very old phone."""
    context, page = _new_page(browser, viewport=DESKTOP, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser: Any) -> Iterator[Any]:
    """A 375×667 phone viewport with touch."""
    context, page = _new_page(
        browser, viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield page
    context.close()
