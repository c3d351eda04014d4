# SPDX-License-Identifier: MIT
"""Field reports in a real browser: report with a photo and a map pin, see it on the map.

The map runs without a tile server (the default): Leaflet draws the points on a plain
background, so nothing is loaded from outside.
"""

from __future__ import annotations

import io

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from PIL import Image
from playwright.sync_api import expect

from congso.feedback.tests.conftest import (  # noqa: F401 - fixtures
    _fresh_boundaries,
    city,
    jpeg_with_gps,
    make_report,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(transactional_db, live_server, settings, city, tmp_path):  # noqa: F811
    settings.CONGSO_MAP_CENTER = "16.42,107.52,16"
    settings.CONGSO_MAP_TILE_URL = ""
    photo = tmp_path / "o-ga.jpg"
    photo.write_bytes(jpeg_with_gps((1200, 900)))
    return {"url": live_server.url, "photo": photo, **city}


def test_report_with_a_photo_and_a_map_pin(site, mobile_page, artifacts):
    page = mobile_page
    existing, _key = make_report(
        site, point=(16.42, 107.52), description="Đã có người báo rác ở đây"
    )
    page.goto(f"{site['url']}/phan-anh/gui/")
    page.select_option("select[name=category]", "rac-thai")
    page.select_option("select[name='attribute[loai]']", "xay-dung")
    page.fill("textarea[name=description]", "Phế thải xây dựng đổ giữa vỉa hè")
    page.set_input_files("#fr-photos", str(site["photo"]))
    expect(page.locator("#fr-map[data-ready='1']")).to_be_visible()
    page.locator("#fr-map").click()  # the pin at the centre of the map
    lat = float(page.input_value("input[name=lat]"))
    lon = float(page.input_value("input[name=lon]"))
    assert abs(lat - 16.42) < 0.01 and abs(lon - 107.52) < 0.01
    nearby = page.locator("#fr-nearby")
    expect(nearby).to_contain_text(f"#{existing.pk}")  # offered to join instead
    page.screenshot(path=str(artifacts / "field-report-form.png"), full_page=True)
    page.click("#fr-submit")
    expect(page.locator("#fr-status")).to_be_visible()
    expect(page.locator("#fr-manage-link")).to_be_visible()

    from congso.feedback.models import FieldReport

    report = FieldReport.objects.exclude(pk=existing.pk).get()
    assert report.unit == site["wards"]["a"]
    assert report.agency == site["committees"]["a"]
    assert report.attributes == {"loai": "xay-dung"}
    image = page.locator(".fr-photos img").first
    expect(image).to_be_visible()
    published = page.request.get(site["url"] + image.get_attribute("src")).body()
    assert not Image.open(io.BytesIO(published)).getexif()
    assert b"TestCam" not in published
    assert page.errors == []


def test_me_too_from_the_form(site, page):
    existing, _key = make_report(site, point=(16.42, 107.52))
    page.goto(f"{site['url']}/phan-anh/gui/")
    page.select_option("select[name=category]", "rac-thai")
    page.fill("input[name=email]", "hang@example.org")
    page.fill("input[name=lat]", "16.4201")
    page.fill("input[name=lon]", "107.5201")
    page.locator("input[name=lon]").dispatch_event("change")
    page.locator(".fr-join").click()
    expect(page.locator("#fr-status")).to_be_visible()
    existing.refresh_from_db()
    assert existing.supporter_count == 1


def test_map_shows_reports_without_a_tile_server(site, page):
    make_report(site, point=(16.42, 107.52))
    make_report(site, point=(16.421, 107.521))
    page.goto(f"{site['url']}/phan-anh/")
    expect(page.locator("#fr-map.fr-map-plain[data-loaded='2']")).to_be_attached()
    expect(page.locator("#fr-map path.leaflet-interactive")).to_have_count(2)
    assert page.errors == []
