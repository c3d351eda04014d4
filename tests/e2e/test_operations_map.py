# SPDX-License-Identifier: MIT
"""The operations view in a real browser: the map of communes coloured by on-time rate
(no tile server: shapes on a plain background) and the field-report figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from django.utils import timezone
from playwright.sync_api import expect

from congso.feedback.tests.conftest import (  # noqa: F401 - fixtures
    _fresh_boundaries,
    city,
    make_report,
)

pytestmark = pytest.mark.e2e


def _sign_in(context: Any, base: str, user: Any) -> None:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base}]
    )


@pytest.fixture
def site(transactional_db, live_server, settings, city):  # noqa: F811
    from congso.indicators.models import AgencyDailyCounter

    settings.CONGSO_MAP_TILE_URL = ""
    today = timezone.localdate()
    # Counters as the dossier services leave them: ward A 70% on time, ward C (a centre only) 100%.
    for key, ended, on_time in (("a", 10, 7), ("c", 5, 5)):
        AgencyDailyCounter.objects.create(
            day=today,
            agency=city["committees"][key],
            level="commune",
            channel="direct",
            received=ended,
            ended=ended,
            ended_on_time=on_time,
            ended_late=ended - on_time,
        )
    make_report(city)
    return {"url": live_server.url, **city}


def test_the_operations_view_maps_communes_by_on_time_rate(site, page, artifacts):
    _sign_in(page.context, site["url"], site["officer_a"])
    page.goto(f"{site['url']}/dieu-hanh/")
    expect(page.locator("#ops-commune-map[data-features='2']")).to_be_visible()
    polygon = page.locator("#ops-commune-map path.leaflet-interactive")
    expect(polygon).to_have_count(2)  # ward A's polygon and ward C's circle marker
    colours = sorted(polygon.nth(i).get_attribute("fill") for i in range(2))
    assert colours == ["#2e7d32", "#c62828"]  # 100% green, 70% red
    polygon.first.click(force=True)
    expect(page.locator(".leaflet-popup-content")).to_be_visible()
    expect(page.locator('[data-figure="fr-received"]')).to_have_text("1")
    page.screenshot(path=str(artifacts / "operations-map.png"), full_page=True)
    assert page.errors == []
    day = timezone.localdate() - dt.timedelta(days=400)
    page.goto(f"{site['url']}/dieu-hanh/?from={day:%Y-%m-%d}&to={day:%Y-%m-%d}")
    expect(page.locator("#ops-commune-map")).to_have_count(0)  # nothing then: no empty map
