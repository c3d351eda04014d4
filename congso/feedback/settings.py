# SPDX-License-Identifier: MIT
"""Deployment settings of this app, read from the environment (imported by congso.settings)."""

from __future__ import annotations

from congso.env import env_float, env_int, env_rate, env_str

# The area reports may come from, "min_lon,min_lat,max_lon,max_lat" (WGS 84). Empty: the extent
# of the imported unit boundaries, or the whole of Viet Nam when none are imported.
CONGSO_FIELD_REPORT_AREA = env_str("CONGSO_FIELD_REPORT_AREA", "")
# Map tiles: a Leaflet URL template such as https://tile.example.org/{z}/{x}/{y}.png. Empty:
# the map shows the points on a plain background and loads nothing from elsewhere.
CONGSO_MAP_TILE_URL = env_str("CONGSO_MAP_TILE_URL", "")
CONGSO_MAP_TILE_ATTRIBUTION = env_str("CONGSO_MAP_TILE_ATTRIBUTION", "")
# Where the map opens: "lat,lon,zoom".
CONGSO_MAP_CENTER = env_str("CONGSO_MAP_CENTER", "16.4637,107.5909,12")
# Default answer deadline in working hours when a category names none (DOMAIN §8: 15 wd).
CONGSO_FIELD_REPORT_DEFAULT_DEADLINE_HOURS = env_int(
    "CONGSO_FIELD_REPORT_DEFAULT_DEADLINE_HOURS", 15 * 8
)
# Open reports of the same category closer than this are offered as "me too" (metres).
CONGSO_FIELD_REPORT_NEARBY_METRES = env_float("CONGSO_FIELD_REPORT_NEARBY_METRES", 200.0)
# Photos: how many per report or answer, the longest side of the published copy, and the
# largest upload accepted (bytes).
CONGSO_FIELD_REPORT_MAX_PHOTOS = env_int("CONGSO_FIELD_REPORT_MAX_PHOTOS", 5)
CONGSO_FIELD_REPORT_PHOTO_MAX_SIDE = env_int("CONGSO_FIELD_REPORT_PHOTO_MAX_SIDE", 1600)
CONGSO_FIELD_REPORT_PHOTO_MAX_BYTES = env_int(
    "CONGSO_FIELD_REPORT_PHOTO_MAX_BYTES", 15 * 1024 * 1024
)
# Largest picture accepted for a field report, in pixels (a small file can decode huge).
CONGSO_FIELD_REPORT_PHOTO_MAX_PIXELS = env_int("CONGSO_FIELD_REPORT_PHOTO_MAX_PIXELS", 30_000_000)
# An answered report the reporter neither confirms nor reopens closes after this many days.
CONGSO_FIELD_REPORT_AUTO_CLOSE_DAYS = env_int("CONGSO_FIELD_REPORT_AUTO_CLOSE_DAYS", 7)
# Open311 discovery: who runs the endpoint, and its jurisdiction_id (empty: any is refused).
CONGSO_OPEN311_CONTACT = env_str("CONGSO_OPEN311_CONTACT", "")
CONGSO_OPEN311_JURISDICTION = env_str("CONGSO_OPEN311_JURISDICTION", "")


def _leaflet_static() -> list[str]:
    """Leaflet's JS/CSS ship in the django-leaflet package; serve its static folder.

    The package is not an installed app: its admin integration needs GeoDjango (GDAL).
    """
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("leaflet")
    if spec is None or spec.origin is None:
        return []
    folder = Path(spec.origin).parent / "static"
    return [str(folder)] if (folder / "leaflet" / "leaflet.js").is_file() else []


CONGSO_LEAFLET_STATIC_DIRS = _leaflet_static()
# How many reports, and how many "me too", one connection may send through the public form
# (a signed-in citizen is counted by account instead): "30/h", "5/15m"; empty: no limit.
# Mobile carriers put many people behind one address, so keep them generous. The counts live
# in the cache, which every worker process shares (Redis, or files under CONGSO_VAR_DIR).
CONGSO_FIELD_REPORT_RATE = env_rate("CONGSO_FIELD_REPORT_RATE", "30/h")
CONGSO_FIELD_REPORT_SUPPORT_RATE = env_rate("CONGSO_FIELD_REPORT_SUPPORT_RATE", "60/h")
# Open311: how many reports one application may create with its api_key (an ApiClient's own
# rate, set in the admin, takes precedence), and how many reads one address may make
# (discovery, services, searches, one request, tokens). Same format; empty: no limit.
CONGSO_OPEN311_CLIENT_RATE = env_rate("CONGSO_OPEN311_CLIENT_RATE", "600/m")
CONGSO_OPEN311_READ_RATE = env_rate("CONGSO_OPEN311_READ_RATE", "600/m")
# The public pages stay open when the cache holding the counts cannot be reached.
RATELIMIT_FAIL_OPEN = True
